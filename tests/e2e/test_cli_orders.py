"""`gt-watch orders` as a user runs it: a real subprocess, the real client, a sandbox with
orders in it standing in for the GoTranscript account."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gt_watch.api.client import GoTranscriptClient
from gt_watch.model import Mode
from gt_watch.sandbox import SandboxServer
from tests.e2e.cli_setup import SETTINGS, TOKEN, gt_watch, json_lines, write_config
from tests.support.media import write_wav
from tests.support.processes import run_gt_watch
from tests.support.servers import static_files


@pytest.fixture(scope="module")
def account(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxServer]:
    """A sandbox account with three live orders (ids 1 to 3, paged 2 at a time)."""
    media = tmp_path_factory.mktemp("served")
    write_wav(media / "talk.wav", 4.0, seed=9)
    with (
        SandboxServer(SETTINGS) as sandbox,
        static_files(media) as url,
        GoTranscriptClient(sandbox.base_url, TOKEN) as client,
    ):
        client.captions(mode=Mode.LIVE, url=f"{url}/talk.wav", language="english")
        client.transcription(
            mode=Mode.LIVE, url=f"{url}/talk.wav", language="english", comment="Ana, Ben"
        )
        client.subtitles(
            mode=Mode.LIVE,
            url=f"{url}/talk.wav",
            translate_from="english",
            translate_to="german",
            comment="[gtw:j0123456789ab]",
        )
        yield sandbox


@pytest.fixture
def config(tmp_path: Path, account: SandboxServer) -> Path:
    return write_config(tmp_path, account, {"type": "s3", "bucket": "unused-bucket"})


def test_orders_lists_every_order_newest_first_following_pages(
    config: Path, account: SandboxServer
) -> None:
    result = gt_watch("orders", "--config", str(config), "--json")
    assert result.returncode == 0, result.stderr
    orders = json_lines(result.stdout)
    assert [order["id"] for order in orders] == [3, 2, 1]
    assert [order["type"] for order in orders] == ["subtitles", "transcriptions", "captions"]
    assert orders[0]["language"] == "english -> german"
    assert orders[0]["comment"] == "[gtw:j0123456789ab]"
    assert orders[1]["comment"] == "Ana, Ben"
    assert all(order["status"] == "pending" and order["price"] > 0 for order in orders)


def test_orders_shows_a_table_without_result_links_or_the_token(config: Path) -> None:
    result = gt_watch("orders", "--config", str(config))
    assert result.returncode == 0, result.stderr
    header, _, *rows, summary = result.stdout.splitlines()
    assert header.split() == [
        "id", "type", "USD", "paid", "finished", "status", "language", "comment",
    ]  # fmt: skip
    assert [row.split()[0] for row in rows] == ["3", "2", "1"]
    assert summary == "3 orders"
    assert TOKEN not in result.stdout + result.stderr
    assert "api_token" not in result.stdout


def test_orders_limit_stops_reading_after_n_orders(config: Path) -> None:
    result = gt_watch("orders", "--config", str(config), "--limit", "2")
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.splitlines()[-1]
        == "2 orders; these are the newest 2, raise --limit to see more"
    )


def test_orders_in_test_mode_lists_the_apis_sample_orders(config: Path) -> None:
    result = gt_watch("orders", "--config", str(config), "--mode", "test", "--json")
    assert result.returncode == 0, result.stderr
    samples = json_lines(result.stdout)
    assert len(samples) == 7
    assert all(sample["status"] == "finished" and sample["results"] for sample in samples)
    assert TOKEN not in result.stdout


def test_orders_of_a_sandbox_folder_that_is_not_running_says_how_to_start_it(
    tmp_path: Path,
) -> None:
    result = run_gt_watch("orders", "--sandbox", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr == (
        f"error: the sandbox of {tmp_path} is not running: start `gt-watch run --sandbox "
        f"{tmp_path}` (in another terminal), then try again. Its orders are kept while it "
        "is stopped.\n"
    )


def test_config_and_sandbox_together_are_refused(tmp_path: Path, config: Path) -> None:
    result = run_gt_watch("orders", "--config", str(config), "--sandbox", str(tmp_path))
    assert result.returncode == 2
    assert "--config and --sandbox exclude each other" in result.stderr
