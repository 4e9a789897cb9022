"""The README's first command in its --once form: `gt-watch run --sandbox DIR --once` on a
fresh folder of WAVs, as a newcomer runs it (no config, no account, no S3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.media import write_wav
from tests.support.processes import run_gt_watch
from tests.support.sidecars import check_sidecar

pytestmark = pytest.mark.slow  # runs gt-watch run --sandbox twice, with a 5 s sandbox delay

SIDECARS = ("srt", "vtt", "docx", "txt")
STEMS = ("interview", "meeting")


def orders_in(folder: Path) -> dict[str, int]:
    """file name -> order id, from `gt-watch status --sandbox DIR --json`."""
    status = run_gt_watch("status", "--sandbox", str(folder), "--json")
    assert status.returncode == 0, status.stderr
    rows = [json.loads(line) for line in status.stdout.splitlines()]
    assert {row["state"] for row in rows} == {"delivered"}
    return {Path(row["file"]).name: row["order_id"] for row in rows}


def test_run_sandbox_once_turns_two_wavs_into_english_sidecars_and_a_second_run_orders_nothing(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "gt-demo"
    for seed, stem in enumerate(STEMS, start=61):
        write_wav(folder / f"{stem}.wav", 4.0, seed=seed)

    # The timeout is the promise of the issue: a newcomer has sidecars within a minute.
    first = run_gt_watch("run", "--sandbox", str(folder), "--once", timeout=60)
    assert first.returncode == 0, first.stderr
    sidecars = [folder / f"{stem}.en.{ext}" for stem in STEMS for ext in SIDECARS]
    assert {path.name for path in folder.iterdir()} == {
        ".gt-watch",
        ".gt-watch.yaml",
        *(f"{stem}.wav" for stem in STEMS),
        *(path.name for path in sidecars),
    }
    for path in sidecars:
        check_sidecar(path)
    ordered = orders_in(folder)
    assert sorted(ordered) == ["interview.wav", "meeting.wav"]
    assert first.stderr.count(" placed: captions") == 2
    written = {path: path.stat().st_mtime_ns for path in sidecars}

    second = run_gt_watch("run", "--sandbox", str(folder), "--once", timeout=60)
    assert second.returncode == 0, second.stderr
    assert " placed: " not in second.stderr
    assert orders_in(folder) == ordered
    assert {path: path.stat().st_mtime_ns for path in sidecars} == written
