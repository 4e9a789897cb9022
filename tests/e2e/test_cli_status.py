"""`gt-watch status` as a user reads it, piped: whole ids, paths relative to the watched
folder, a summary line, stable JSON, and never the token. The state database is a real
SQLite file filled through the store, as the daemon fills it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gt_watch.model import JobState, Mode, OrderKind, StyleProfile
from gt_watch.pipeline.plan import DeliveryPlan
from gt_watch.store import Store
from tests.e2e.cli_setup import TOKEN
from tests.support.processes import run_gt_watch

JSON_KEYS = ["file", "rule", "kind", "mode", "job", "state", "order_id", "cost", "quote", "next"]
LEAKY_ERROR = (
    f"GoTranscript refused https://gotranscript.com/api/v4/orders/7/captions?api_token={TOKEN} "
    f"(token {TOKEN})"
)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A config whose state database holds: a job waiting for a person (with an error text
    that carries the token), a staged job of a deeply nested file, and a rejected file."""
    media = tmp_path / "media"
    database = tmp_path / "state" / "state.db"
    path = tmp_path / "config.yaml"
    path.write_text(
        f"api: {{token_env: GT_TOKEN}}\nstate: {{database: {database}}}\n"
        f"storage: {{type: s3, bucket: media-bucket}}\nwatches:\n  - path: {media}\n"
    )
    with Store.open(database) as store:
        _job(store, media, "interviews/2024/ana-with-a-rather-long-file-name.wav", "a", "live")
        stuck = _job(store, media, "talks/ben.wav", "b", "live")
        store.jobs.transition(stuck, JobState.NEEDS_ATTENTION, expect={JobState.STABLE})
        store.jobs.update(stuck, error=LEAKY_ERROR)
        rejected = store.files.observe(str(media / "notes.wav"), str(media), 10, "10:1")
        store.files.checked(
            rejected.id,
            content_hash=None,
            duration=None,
            state="rejected",
            problem="notes.wav looks like a text file",
        )
    return path


def _job(store: Store, root: Path, name: str, content: str, mode: str) -> str:
    record = store.files.observe(str(root / name), str(root), 100, f"100:{content}")
    store.files.checked(record.id, content_hash=content * 64, duration=12.0, state="ready")
    job, _ = store.jobs.create(
        content_hash=content * 64,
        fingerprint="f" * 16,
        mode=Mode(mode),
        kind=OrderKind.CAPTIONS,
        rule_name="english-captions",
        params={"language": "english"},
        origin_file_id=record.id,
    )
    plan = DeliveryPlan(
        "english-captions", ("srt",), "{stem}.{lang}.{ext}", "english",
        StyleProfile("netflix-en"), overwrite=False, timecode_offset=0.0, then=(),
    )  # fmt: skip
    store.deliveries.owe(job.id, record.id, plan.to_json())
    return job.id


def _status(config: Path, *args: str) -> str:
    result = run_gt_watch("status", "--config", str(config), *args, GT_TOKEN=TOKEN)
    assert result.returncode == 0, result.stderr
    assert TOKEN not in result.stdout + result.stderr
    return result.stdout


def test_status_piped_keeps_ids_whole_and_names_files_within_their_watched_folder(
    config: Path, tmp_path: Path
) -> None:
    output = _status(config)
    lines = output.splitlines()
    assert lines[0].split()[:6] == ["file", "rule", "state", "job", "order", "USD"]
    assert "interviews/2024/ana-with-a-rather-long-file-name.wav" in output
    assert str(tmp_path) not in output
    assert len(_job_ids(output)) == 2
    assert lines[-1] == (
        "3 files, 2 jobs: 1 stable, 1 needs_attention. "
        "Spent today: 0.00 USD (live orders since 00:00 UTC)."
    )


def test_status_never_shows_the_token_even_when_a_stored_text_carries_it(config: Path) -> None:
    output = _status(config)
    assert "api_token=***" in output.replace("\n", "").replace(" ", "")
    assert "(token ***)" in output
    for line in _status(config, "--json").splitlines():
        assert TOKEN not in line


def test_status_json_gives_full_paths_and_keeps_its_fields(config: Path, tmp_path: Path) -> None:
    records = [json.loads(line) for line in _status(config, "--json").splitlines()]
    assert [list(record) for record in records] == [JSON_KEYS] * 3
    assert [record["file"] for record in records] == [
        str(tmp_path / "media" / name)
        for name in (
            "interviews/2024/ana-with-a-rather-long-file-name.wav",
            "notes.wav",
            "talks/ben.wav",
        )
    ]
    assert [record["state"] for record in records] == ["stable", "rejected", "needs_attention"]
    assert records[1]["next"] == "not ordered: notes.wav looks like a text file"


def test_status_on_a_narrow_terminal_gives_each_file_a_block_of_whole_lines(
    config: Path,
) -> None:
    result = run_gt_watch("status", "--config", str(config), GT_TOKEN=TOKEN, COLUMNS="80")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:6] == [
        "interviews/2024/ana-with-a-rather-long-file-name.wav",
        f"  english-captions · stable · job {_job_ids(result.stdout)[0]}",
        "  making the file reachable by URL",
        "notes.wav",
        "  rejected",
        "  not ordered: notes.wav looks like a text file",
    ]
    assert all(len(line) <= 80 for line in lines[:-1])


def _job_ids(output: str) -> list[str]:
    return re.findall(r"\bj[0-9a-f]{12}\b", output)


@pytest.fixture
def changed_rules_config(tmp_path: Path) -> Path:
    """A config whose state database holds what a rules change leaves: a test-mode quote
    superseded by the live job that replaced it, and an order placed before the rules
    stopped asking for it."""
    media = tmp_path / "media"
    database = tmp_path / "state" / "state.db"
    path = tmp_path / "config.yaml"
    path.write_text(
        f"api: {{token_env: GT_TOKEN}}\nstate: {{database: {database}}}\n"
        f"storage: {{type: s3, bucket: media-bucket}}\nwatches:\n  - path: {media}\n"
    )
    with Store.open(database) as store:
        quote = _job(store, media, "talk.wav", "a", "test")
        store.jobs.transition(quote, JobState.SUPERSEDED, expect={JobState.STABLE})
        store.deliveries.set_state(
            quote, store.jobs.get(quote).origin_file_id, "superseded", revision=0
        )
        _job(store, media, "talk.wav", "a", "live")
        placed = _job(store, media, "memo.wav", "b", "live")
        store.jobs.transition(placed, JobState.STAGED, expect={JobState.STABLE})
        store.intents.begin(placed, "gtw-1", {"language": "english"})
        store.deliveries.mark_unwanted(placed, store.jobs.get(placed).origin_file_id)
    return path


def test_status_hides_superseded_jobs_and_says_how_many_unless_all(
    changed_rules_config: Path,
) -> None:
    lines = _status(changed_rules_config).splitlines()
    assert "superseded" not in "\n".join(lines[:-2])
    assert lines[-2].startswith("2 files, 2 jobs: 1 ordering, 1 stable.")
    assert lines[-1] == (
        "1 superseded job not shown (a file changed, or its rules stopped asking before the "
        "order was placed); `gt-watch status --all` lists everything."
    )

    everything = _status(changed_rules_config, "--all")
    assert "superseded" in everything
    assert "not shown" not in everything
    assert everything.splitlines()[-1].startswith("2 files, 3 jobs:")


def test_status_json_lists_superseded_jobs_only_with_all(changed_rules_config: Path) -> None:
    shown = [json.loads(line) for line in _status(changed_rules_config, "--json").splitlines()]
    everything = [
        json.loads(line) for line in _status(changed_rules_config, "--json", "--all").splitlines()
    ]
    assert sorted((row["mode"], row["state"]) for row in shown) == [
        ("live", "ordering"),
        ("live", "stable"),
    ]
    [superseded] = [row for row in everything if row["state"] == "superseded"]
    assert superseded["mode"] == "test"
    assert "nothing was paid" in superseded["next"]


def test_status_says_an_order_placed_before_its_rules_dropped_it_is_still_delivered(
    changed_rules_config: Path,
) -> None:
    rows = [json.loads(line) for line in _status(changed_rules_config, "--json").splitlines()]
    [placed] = [row for row in rows if row["file"].endswith("memo.wav")]
    assert placed["next"] == (
        "placing the order; its rules no longer ask for this order "
        "(placed before they changed: still delivered)"
    )
