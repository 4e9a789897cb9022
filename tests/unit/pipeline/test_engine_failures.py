"""A step that fails (a bug, an unexpected answer) is tried again later, not on every tick:
a real store, a scheduler with one worker, and an API whose order reads keep failing."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from gt_watch.model import JobState, Mode, OrderInfo, OrderKind, OrderReceipt
from gt_watch.pipeline.context import Context
from gt_watch.pipeline.engine import Engine
from gt_watch.pipeline.ports import Settings
from gt_watch.pipeline.sources import SourceRouter
from gt_watch.store import Store

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def clock() -> datetime:
    return NOW


class BrokenReads:
    """An OrderApi whose order reads fail with an error the pipeline does not expect."""

    def __init__(self) -> None:
        self.reads = 0

    def place_order(
        self, kind: OrderKind, params: Mapping[str, str | int | bool], mode: Mode
    ) -> OrderReceipt:
        raise AssertionError("nothing is ordered here")

    def order(self, order_id: int, mode: Mode) -> OrderInfo:
        self.reads += 1
        raise RuntimeError(f"unexpected answer for order {order_id}")

    def orders(self, mode: Mode) -> Iterator[OrderInfo]:
        raise AssertionError("nothing is listed here")

    def download(self, url: str, fmt: str | None = None) -> bytes:
        raise AssertionError("nothing is downloaded here")


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """A state database holding one job whose order 7 was placed."""
    path = tmp_path / "state.db"
    with Store.open(path) as store:
        record = store.files.observe("/media/a.wav", "/media", 100, "100:1")
        job, _ = store.jobs.create(
            content_hash="c0ffee",
            fingerprint="fp-captions-en",
            mode=Mode.LIVE,
            kind=OrderKind.CAPTIONS,
            rule_name="captions",
            params={"language": "english"},
            origin_file_id=record.id,
        )
        store.jobs.transition(job.id, JobState.STAGED, expect={JobState.STABLE})
        store.intents.begin(job.id, f"gtw:{job.id}", {"language": "english"})
        receipt = OrderReceipt(Mode.LIVE, "success", 7, 1.5, 60, 100.0, None)
        store.intents.placed(job.id, receipt, note="order 7 placed")
    return path


def test_a_step_that_fails_unexpectedly_waits_before_it_is_tried_again(
    database: Path, tmp_path: Path
) -> None:
    api = BrokenReads()
    settings = Settings(public_url=None, callback_secret="s", results_dir=tmp_path / "results")

    def tick_once() -> Engine:
        """One pass of a scheduler, and the steps it started run to their end."""

        def context() -> Context:
            return Context(Store.open(database), api, SourceRouter([]), None, settings, clock)

        engine = Engine(context, workers=1)
        engine.tick()
        assert engine.shutdown(timeout=10)
        return engine

    first = tick_once()
    assert api.reads == 1
    assert first.last_error == "internal error: unexpected answer for order 7"
    tick_once()
    assert api.reads == 1  # not due again yet

    with Store.open(database) as store:
        [job] = store.jobs.all()
    assert job.state is JobState.ORDERED
    assert job.error == "internal error: unexpected answer for order 7"
    assert job.next_check_at == NOW + timedelta(seconds=settings.stage_retry)


def test_a_callback_whose_handling_fails_waits_before_it_is_tried_again(
    database: Path, tmp_path: Path
) -> None:
    api = BrokenReads()
    settings = Settings(public_url=None, callback_secret="s", results_dir=tmp_path / "results")
    with Store.open(database) as store:
        [job] = store.jobs.all()
        store.jobs.update(job.id, next_check_at=NOW + timedelta(days=1))  # no poll due
        store.inbox.add(job.id, 7, {"order_id": "7", "mode": "live"})

    def context() -> Context:
        return Context(Store.open(database), api, SourceRouter([]), None, settings, clock)

    engine = Engine(context, workers=1)
    for _ in range(3):
        engine.tick()
        while engine.busy():
            engine.wake.wait(0.05)
    assert engine.shutdown(timeout=10)
    assert api.reads == 1
    assert engine.last_error == "internal error: unexpected answer for order 7"
    with Store.open(database) as store:
        assert len(store.inbox.unprocessed()) == 1  # kept: tried again after a pause
