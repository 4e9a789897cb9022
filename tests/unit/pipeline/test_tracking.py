"""A finished order is fetched at once, whatever poll was scheduled when it was placed."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

from gt_watch.model import JobState, Mode, OrderInfo, OrderKind, OrderReceipt, OrderStatus
from gt_watch.pipeline import tracking
from gt_watch.pipeline.context import Context
from gt_watch.pipeline.ports import Settings
from gt_watch.pipeline.sources import SourceRouter
from gt_watch.store import Store

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


class FinishedOrders:
    """An OrderApi whose every order has finished."""

    def place_order(
        self, kind: OrderKind, params: Mapping[str, str | int | bool], mode: Mode
    ) -> OrderReceipt:
        raise AssertionError("nothing is ordered here")

    def order(self, order_id: int, mode: Mode) -> OrderInfo:
        return OrderInfo(order_id, "captions", OrderStatus.FINISHED, 1.5, None, None,
                         "2026-03-02 09:29:00", None, 60, 0)  # fmt: skip

    def orders(self, mode: Mode) -> Iterator[OrderInfo]:
        raise AssertionError("nothing is listed here")

    def download(self, url: str, fmt: str | None = None) -> bytes:
        raise AssertionError("nothing is downloaded here")


def test_a_finished_order_is_due_for_fetching_at_once(tmp_path: Path) -> None:
    settings = Settings(public_url=None, callback_secret="s", results_dir=tmp_path / "r")
    with Store.open(tmp_path / "state.db") as store:
        record = store.files.observe("/media/a.wav", "/media", 100, "100:1")
        job, _ = store.jobs.create(
            content_hash="c0ffee", fingerprint="fp", mode=Mode.LIVE, kind=OrderKind.CAPTIONS,
            rule_name="captions", params={"language": "english"}, origin_file_id=record.id,
        )  # fmt: skip
        store.jobs.transition(job.id, JobState.STAGED, expect={JobState.STABLE})
        store.intents.begin(job.id, f"gtw:{job.id}", {})
        store.intents.placed(job.id, OrderReceipt(Mode.LIVE, "success", 7, 1.5, 60, 9.0, None),
                             note="placed")  # fmt: skip
        store.jobs.update(job.id, next_check_at=NOW + timedelta(minutes=5))  # the next poll
        ctx = Context(store, FinishedOrders(), SourceRouter([]), None, settings, lambda: NOW)
        finished = tracking.check(ctx, store.jobs.get(job.id))
        assert finished.state is JobState.FINISHED
        assert [due.id for due in store.jobs.due({JobState.FINISHED}, NOW)] == [job.id]
