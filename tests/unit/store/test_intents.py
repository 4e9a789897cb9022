from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from gt_watch.errors import StateError
from gt_watch.model import JobState, Mode, OrderReceipt
from gt_watch.store import Store
from tests.unit.store.conftest import make_job

TOKEN = "tok-SECRET-1234567890"


def _receipt(order_id: int | None = 41, total: float = 12.5) -> OrderReceipt:
    return OrderReceipt(
        mode=Mode.LIVE if order_id else Mode.TEST, status="success", order_id=order_id,
        order_total=total, seconds=60, in_wallet=100.0, delivery_estimate=None,
    )  # fmt: skip


def _staged(store: Store, content_hash: str = "c0ffee", mode: Mode = Mode.LIVE) -> str:
    job = make_job(store, content_hash, mode)
    store.jobs.transition(job.id, JobState.STAGED, expect={JobState.STABLE})
    return job.id


def test_intent_is_committed_before_the_post_and_visible_to_another_connection(
    store: Store, database_path: Path
) -> None:
    job_id = _staged(store)
    store.intents.begin(job_id, "gtw-1", {"language": "english", "url": "http://x/a.wav"})
    with Store.open(database_path) as other:
        intent = other.intents.get(job_id)
        assert intent is not None and intent.outcome is None
        assert other.jobs.get(job_id).state == JobState.ORDERING


def test_intent_never_stores_the_token_or_url_signatures(store: Store) -> None:
    job_id = _staged(store)
    store.intents.begin(
        job_id,
        "gtw-1",
        {"api_token": TOKEN, "url": "http://h/a.wav?X-Amz-Signature=abcdef0123&exp=1"},
    )
    raw = store.database.query_one("SELECT request FROM intents")
    assert raw is not None
    assert TOKEN not in raw[0] and "abcdef0123" not in raw[0]


def test_an_open_intent_survives_a_crash_as_unresolved(database_path: Path) -> None:
    with Store.open(database_path) as store:
        job_id = _staged(store)
        store.intents.begin(job_id, "gtw-1", {"language": "english"})
    with Store.open(database_path) as store:
        [(intent, job)] = store.intents.unresolved()
        assert intent.job_id == job_id and job.state == JobState.ORDERING


def test_placed_order_records_id_and_cost_and_resolves_the_intent(store: Store) -> None:
    job_id = _staged(store)
    store.intents.begin(job_id, "gtw-1", {})
    job = store.intents.placed(job_id, _receipt(41, 12.5), note="order 41")
    assert (job.state, job.order_id, job.cost) == (JobState.ORDERED, 41, 12.5)
    assert store.intents.unresolved() == []
    assert store.intents.claimed_order_ids() == {41}


def test_refused_order_fails_the_job_with_the_vendor_error(store: Store) -> None:
    job_id = _staged(store)
    store.intents.begin(job_id, "gtw-1", {})
    job = store.intents.refused(job_id, "language 'klingon' is not available")
    assert job.state == JobState.FAILED and "klingon" in (job.error or "")


def test_order_cannot_be_begun_twice_without_a_decision(store: Store) -> None:
    job_id = _staged(store)
    store.intents.begin(job_id, "gtw-1", {})
    with pytest.raises(StateError):
        store.intents.begin(job_id, "gtw-2", {})


def test_spend_counts_placed_and_open_live_orders_only(store: Store) -> None:
    since = datetime.now(UTC) - timedelta(hours=1)
    placed = _staged(store, "a")
    store.intents.begin(placed, "t1", {})
    store.intents.placed(placed, _receipt(1, 10.0), note="")
    open_job = _staged(store, "b")
    store.jobs.update(open_job, quote=2.5)
    store.intents.begin(open_job, "t2", {})
    refused = _staged(store, "c")
    store.intents.begin(refused, "t3", {})
    store.intents.refused(refused, "no")
    quoted = _staged(store, "d", Mode.TEST)
    store.intents.begin(quoted, "t4", {})
    store.intents.quoted(quoted, _receipt(None, 99.0))
    assert store.intents.spent_since(since) == pytest.approx(12.5)
