"""Callbacks are hints: lost ones are covered by polling, repeated ones change nothing, and a
re-delivery replaces the sidecars while the previous version is kept."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.pipeline.conftest import Pipeline
from tests.support.media import write_wav
from tests.support.sandbox_process import SandboxProcess
from tests.support.waiting import wait_for

pytestmark = pytest.mark.slow  # starts the daemon, the sandbox and moto_server

CAPTIONS = """\
orders:
  - name: captions
    kind: captions
    language: english
    outputs: [srt, vtt, docx, txt]
"""
SIDECARS = ("srt", "vtt", "docx", "txt")


@pytest.fixture
def knobs(sandbox: SandboxProcess) -> Iterator[SandboxProcess]:
    """The module's sandbox, its callback knobs put back after the test."""
    yield sandbox
    sandbox.knobs(drop_callbacks=False, duplicate_callbacks=False)


def sidecars(pipeline: Pipeline, stem: str) -> list[Path]:
    return [pipeline.media / f"{stem}.en.{ext}" for ext in SIDECARS]


def deliver(pipeline: Pipeline, stem: str, seconds: float, seed: int) -> dict[str, Any]:
    """Drop `<stem>.wav`, start the daemon, wait until its sidecars are delivered; return
    the status row."""
    pipeline.rules(".", CAPTIONS)
    write_wav(pipeline.media / f"{stem}.wav", seconds, seed=seed)
    pipeline.daemon.start()
    pipeline.wait_for_files(*sidecars(pipeline, stem))
    [row] = pipeline.wait_for_states({f"{stem}.wav": "delivered"})
    return row


def callbacks_received(pipeline: Pipeline) -> list[tuple[int, bool]]:
    """(order id, processed) of every callback in the daemon's inbox."""
    with sqlite3.connect(f"file:{pipeline.state / 'state.db'}?mode=ro", uri=True) as database:
        rows = database.execute("SELECT order_id, processed_at FROM callbacks ORDER BY id")
        return [(order_id, processed is not None) for order_id, processed in rows]


def history_notes(pipeline: Pipeline, job: str) -> list[str]:
    with sqlite3.connect(f"file:{pipeline.state / 'state.db'}?mode=ro", uri=True) as database:
        rows = database.execute("SELECT note FROM history WHERE job_id = ? ORDER BY id", (job,))
        return [note for (note,) in rows]


def test_with_every_callback_dropped_polling_finishes_the_job(
    pipeline: Pipeline, knobs: SandboxProcess
) -> None:
    knobs.knobs(drop_callbacks=True)
    row = deliver(pipeline, "quiet", 4.0, seed=31)
    assert pipeline.daemon.stop() == 0

    [order] = pipeline.orders()
    assert order["id"] == row["order_id"]
    assert [callback["state"] for callback in order["callbacks"]] == ["dropped"]
    assert callbacks_received(pipeline) == []


def test_a_duplicated_callback_writes_each_sidecar_once(
    pipeline: Pipeline, knobs: SandboxProcess
) -> None:
    knobs.knobs(duplicate_callbacks=True)
    row = deliver(pipeline, "twice", 4.0, seed=32)
    order_id = row["order_id"]
    wait_for(lambda: callbacks_received(pipeline) == [(order_id, True), (order_id, True)])
    written = {path: path.stat().st_mtime_ns for path in sidecars(pipeline, "twice")}
    pipeline.wait_for_states({"twice.wav": "delivered"})
    assert pipeline.daemon.stop() == 0

    assert {path: path.stat().st_mtime_ns for path in written} == written
    assert not (pipeline.media / ".gt-watch").exists()
    assert history_notes(pipeline, row["job"]).count("sidecars written") == 1
    [order] = pipeline.orders()
    assert len(order["callbacks"]) == 2


def test_a_redelivered_order_replaces_the_sidecars_and_keeps_the_previous_version(
    pipeline: Pipeline, knobs: SandboxProcess
) -> None:
    row = deliver(pipeline, "revised", 12.0, seed=33)
    before = {path.name: path.read_bytes() for path in sidecars(pipeline, "revised")}
    srt_file = pipeline.media / "revised.en.srt"

    knobs.act(row["order_id"], "redeliver")
    wait_for(lambda: srt_file.read_bytes() != before[srt_file.name], timeout=60)
    pipeline.wait_for_states({"revised.wav": "delivered"})
    assert pipeline.daemon.stop() == 0

    after = {path.name: path.read_bytes() for path in sidecars(pipeline, "revised")}
    changed = {name for name in after if after[name] != before[name]}
    assert {"revised.en.srt", "revised.en.vtt", "revised.en.txt"} <= changed
    [backup] = (pipeline.media / ".gt-watch/backup").iterdir()
    assert {path.name: path.read_bytes() for path in backup.iterdir()} == {
        name: before[name] for name in changed
    }
    assert [order["id"] for order in pipeline.orders()] == [row["order_id"]]
