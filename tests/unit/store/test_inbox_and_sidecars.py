from __future__ import annotations

from gt_watch.store import Store
from tests.unit.store.conftest import make_job


def test_callbacks_are_stored_redacted_and_processed_once(store: Store) -> None:
    job = make_job(store)
    url = "http://gt/api/v4/orders/7/captions?api_token=tok-SECRET-99"
    first = store.inbox.add(job.id, 7, {"order_id": "7", "captions_url": url})
    store.inbox.add(job.id, 7, {"order_id": "7", "captions_url": url})
    [pending, duplicate] = store.inbox.unprocessed()
    assert pending.id == first and "tok-SECRET-99" not in str(pending.payload)
    store.inbox.processed(first)
    assert [c.id for c in store.inbox.unprocessed()] == [duplicate.id]
    assert store.inbox.count(job.id) == 2


def test_sidecars_remember_what_gt_watch_wrote(store: Store) -> None:
    job = make_job(store)
    store.sidecars.record(
        "/media/a.en.srt", job_id=job.id, file_id=job.origin_file_id, sha256="abc"
    )
    assert store.sidecars.written_hash("/media/a.en.srt") == "abc"
    assert store.sidecars.written_hash("/media/a.en.vtt") is None
    assert store.sidecars.for_file(job.origin_file_id) == ["/media/a.en.srt"]


def test_a_delivery_is_owed_once_per_job_and_file(store: Store) -> None:
    job = make_job(store)
    assert store.deliveries.owe(job.id, job.origin_file_id, {"outputs": ["srt"]})
    assert not store.deliveries.owe(job.id, job.origin_file_id, {"outputs": ["srt"]})
    [delivery] = store.deliveries.pending(job.id)
    assert delivery.rule == {"outputs": ["srt"]}


def test_sidecars_among_a_page_of_paths_are_found_in_one_call(store: Store) -> None:
    job = make_job(store)
    written = [f"s3://b/media/take{n}.en.srt" for n in range(0, 2000, 7)]
    for path in written:
        store.sidecars.record(path, job_id=job.id, file_id=job.origin_file_id, sha256="abc")
    page = [f"s3://b/media/take{n}.en.srt" for n in range(2000)]
    assert store.sidecars.written_among(page) == set(written)
    assert store.sidecars.written_among([]) == set()
