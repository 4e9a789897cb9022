"""kill -9 at the most dangerous moments, then a restart: every job ends delivered, and the
sandbox holds exactly one order per job (money is spent once, whatever happens)."""

from __future__ import annotations

import signal

import pytest

from tests.e2e.pipeline.conftest import Pipeline
from tests.support.media import write_wav

pytestmark = pytest.mark.slow  # starts the daemon, the sandbox and moto_server

CAPTIONS = """\
orders:
  - name: captions
    kind: captions
    language: english
    # docx first: the first sidecar written (and the one a crash leaves unrecorded) is the
    # one whose bytes are hardest to render identically again.
    outputs: [docx, srt, vtt, txt]
"""
AI_TRANSCRIPT = """\
orders:
  - name: machine
    kind: ai_transcription
    language: english
    outputs: [txt, srt]
"""
SIDECARS = ("docx", "srt", "vtt", "txt")


def crash_at(pipeline: Pipeline, failpoint: str) -> None:
    """Run the daemon with a failpoint armed and wait until it has killed itself there."""
    pipeline.daemon.start(failpoint=failpoint)
    assert pipeline.daemon.wait() == -signal.SIGKILL, pipeline.daemon.output()


def only_job(pipeline: Pipeline, state: str) -> str:
    """The id of the test's only job, which `status` shows in `state`."""
    rows = pipeline.daemon.status()
    assert [row["state"] for row in rows] == [state], rows
    job: str = rows[0]["job"]
    return job


def test_a_crash_right_after_the_order_post_is_reconciled_by_the_tag_and_never_ordered_again(
    pipeline: Pipeline,
) -> None:
    pipeline.rules(".", CAPTIONS)
    write_wav(pipeline.media / "talk.wav", 4.0, seed=21)
    crash_at(pipeline, "after-order-post")
    job = only_job(pipeline, "ordering")
    [order] = pipeline.orders_of(job)
    assert f"[gtw:{job}]" in order["comment"]

    pipeline.daemon.start()
    pipeline.wait_for_files(*(pipeline.media / f"talk.en.{ext}" for ext in SIDECARS))
    rows = pipeline.wait_for_states({"talk.wav": "delivered"})
    assert pipeline.daemon.stop() == 0

    assert rows[0]["order_id"] == order["id"]
    assert [o["id"] for o in pipeline.orders()] == [order["id"]]
    assert "in-doubt order found" in pipeline.daemon.output()


def test_a_crash_after_posting_an_order_without_comment_is_matched_by_time_and_kind(
    pipeline: Pipeline,
) -> None:
    pipeline.rules(".", AI_TRANSCRIPT)
    write_wav(pipeline.media / "memo.wav", 4.0, seed=22)
    crash_at(pipeline, "after-order-post")
    job = only_job(pipeline, "ordering")
    [order] = pipeline.orders_of(job)
    assert order["comment"] is None

    pipeline.daemon.start()
    pipeline.wait_for_files(pipeline.media / "memo.en.txt", pipeline.media / "memo.en.srt")
    rows = pipeline.wait_for_states({"memo.wav": "delivered"})
    assert pipeline.daemon.stop() == 0

    assert rows[0]["order_id"] == order["id"]
    assert [o["id"] for o in pipeline.orders()] == [order["id"]]


def test_a_crash_right_before_the_order_post_leaves_one_order_once_a_person_retries(
    pipeline: Pipeline,
) -> None:
    pipeline.rules(".", CAPTIONS)
    write_wav(pipeline.media / "pitch.wav", 4.0, seed=23)
    crash_at(pipeline, "before-order-post")
    job = only_job(pipeline, "ordering")
    assert pipeline.orders() == []

    pipeline.daemon.start()
    [row] = pipeline.wait_for_states({"pitch.wav": "needs_attention"})
    assert f"gt-watch retry {job}" in row["next"]
    assert f"gt-watch retry {job}" in pipeline.daemon.output(), "the log says it too"
    assert pipeline.orders() == []
    retried = pipeline.daemon.command("retry", job)
    assert retried.returncode == 0, retried.stderr
    pipeline.wait_for_files(*(pipeline.media / f"pitch.en.{ext}" for ext in SIDECARS))
    pipeline.wait_for_states({"pitch.wav": "delivered"})
    assert pipeline.daemon.stop() == 0

    assert len(pipeline.orders_of(job)) == 1
    assert len(pipeline.orders()) == 1


def test_a_crash_between_writing_a_sidecar_and_recording_it_ends_delivered_without_conflict(
    pipeline: Pipeline,
) -> None:
    pipeline.rules(".", CAPTIONS)
    write_wav(pipeline.media / "panel.wav", 4.0, seed=24)
    crash_at(pipeline, "after-sidecar-write")
    job = only_job(pipeline, "fetched")
    first = pipeline.media / "panel.en.docx"
    assert first.exists()
    written = first.read_bytes()

    pipeline.daemon.start()
    pipeline.wait_for_files(*(pipeline.media / f"panel.en.{ext}" for ext in SIDECARS))
    pipeline.wait_for_states({"panel.wav": "delivered"})
    assert pipeline.daemon.stop() == 0

    assert first.read_bytes() == written
    assert not (pipeline.media / ".gt-watch").exists()
    assert len(pipeline.orders_of(job)) == 1
    assert len(pipeline.orders()) == 1
