"""Deliveries whose file's rules stopped asking for their order, and the schema that keeps
that mark: set once, cleared when the rules ask again, and a database of the first schema
upgraded in place without losing a row."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from gt_watch.model import JobState, Mode, OrderReceipt
from gt_watch.store import Store
from gt_watch.store.rows import DeliveryState
from gt_watch.store.schema import MIGRATIONS
from tests.unit.store.conftest import make_job

SRT = {"outputs": ["srt"]}
VTT = {"outputs": ["vtt"]}


def _delivery_rule_and_mark(store: Store, job_id: str) -> tuple[object, bool]:
    [delivery] = store.deliveries.for_job(job_id)
    return delivery.rule, delivery.unwanted_since is not None


def test_a_delivery_marked_unwanted_is_marked_once_and_still_pending(store: Store) -> None:
    job = make_job(store)
    store.deliveries.owe(job.id, job.origin_file_id, SRT)

    assert store.deliveries.mark_unwanted(job.id, job.origin_file_id)
    assert not store.deliveries.mark_unwanted(job.id, job.origin_file_id)

    [delivery] = store.deliveries.pending(job.id)
    assert delivery.unwanted_since is not None


def test_replanning_clears_the_mark_and_gives_new_outputs_only_before_results_arrive(
    store: Store,
) -> None:
    job = make_job(store)
    store.deliveries.owe(job.id, job.origin_file_id, SRT)
    store.deliveries.mark_unwanted(job.id, job.origin_file_id)

    store.deliveries.replanned(job.id, job.origin_file_id, VTT)
    assert _delivery_rule_and_mark(store, job.id) == (VTT, False)

    store.jobs.transition(job.id, JobState.STAGED, expect={JobState.STABLE})
    store.intents.begin(job.id, "gtw-1", {})
    receipt = OrderReceipt(Mode.LIVE, "success", 41, 1.0, 60, 10.0, None)
    store.intents.placed(job.id, receipt, note="placed")
    store.jobs.transition(job.id, JobState.FINISHED, expect={JobState.ORDERED})
    store.jobs.transition(job.id, JobState.FETCHED, expect={JobState.FINISHED}, revision=1)
    store.deliveries.replanned(job.id, job.origin_file_id, SRT)
    assert _delivery_rule_and_mark(store, job.id) == (VTT, False)


def test_a_superseded_delivery_owed_again_loses_its_mark(store: Store) -> None:
    job = make_job(store)
    store.deliveries.owe(job.id, job.origin_file_id, SRT)
    store.deliveries.mark_unwanted(job.id, job.origin_file_id)
    store.deliveries.set_state(job.id, job.origin_file_id, DeliveryState.SUPERSEDED, revision=0)

    assert store.deliveries.owe(job.id, job.origin_file_id, SRT)
    assert _delivery_rule_and_mark(store, job.id) == (SRT, False)


def test_an_intent_counts_as_committed_while_open_or_placed_only(store: Store) -> None:
    open_job, quoted_job = make_job(store, "aa"), make_job(store, "bb")
    for job in (open_job, quoted_job):
        store.jobs.transition(job.id, JobState.STAGED, expect={JobState.STABLE})
        store.intents.begin(job.id, f"gtw-{job.id}", {})
    store.intents.quoted(quoted_job.id, OrderReceipt(Mode.TEST, "success", None, 1.0, 60, 0, None))

    assert store.intents.committed(open_job.id)
    assert not store.intents.committed(quoted_job.id)
    assert not store.intents.committed(make_job(store, "cc").id)


def test_a_database_of_the_first_schema_is_upgraded_keeping_its_deliveries(
    database_path: Path,
) -> None:
    database_path.parent.mkdir(parents=True)
    connection = sqlite3.connect(database_path)
    connection.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    connection.executescript(
        "INSERT INTO files VALUES (1, '/m/a.wav', '/m', 1, '1:1', 'h', 1.0, 'ready', NULL,"
        " 't', 't');"
        "INSERT INTO jobs (id, content_hash, fingerprint, mode, kind, rule_name, params,"
        " origin_file_id, state, created_at, updated_at)"
        " VALUES ('j1', 'h', 'f', 'live', 'captions', 'c', '{}', 1, 'delivered', 't', 't');"
        "INSERT INTO deliveries (job_id, file_id, rule, state, updated_at)"
        " VALUES ('j1', 1, '{}', 'delivered', 't');"
    )
    connection.close()

    with Store.open(database_path) as store:
        [delivery] = store.deliveries.for_job("j1")

    assert delivery.state == DeliveryState.DELIVERED
    assert delivery.unwanted_since is None
