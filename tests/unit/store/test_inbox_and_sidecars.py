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


def test_a_sidecar_is_recorded_with_its_size_and_mtime_as_written(store: Store) -> None:
    job = make_job(store)
    store.sidecars.record(
        "/media/a.en.srt", job_id=job.id, file_id=job.origin_file_id, sha256="1", signature=(9, 5)
    )
    assert store.sidecars.signatures_under("/media") == [("/media/a.en.srt", 9, 5)]
    store.sidecars.record(
        "/media/a.en.srt", job_id=job.id, file_id=job.origin_file_id, sha256="2", signature=(7, 6)
    )
    assert store.sidecars.signatures_under("/media/") == [("/media/a.en.srt", 7, 6)]
    assert store.sidecars.written_hash("/media/a.en.srt") == "2"


def test_the_signatures_of_a_folder_are_those_of_sidecars_below_it_with_a_known_signature(
    store: Store,
) -> None:
    job = make_job(store)
    written = {
        "/media/a.en.srt": (1, 1),
        "/media/deep/er/b.en.srt": (2, 2),
        "/media0/c.en.srt": (3, 3),  # "0" sorts right after "/"
        "/media-old/d.en.srt": (4, 4),
        "/medi/e.en.srt": (5, 5),
        "/other/media/f.en.srt": (6, 6),
    }
    for path, signature in written.items():
        store.sidecars.record(
            path, job_id=job.id, file_id=job.origin_file_id, sha256="x", signature=signature
        )
    for path in ("/media/unknown.en.srt", "s3://media/g.en.srt"):
        store.sidecars.record(path, job_id=job.id, file_id=job.origin_file_id, sha256="x")
    assert sorted(store.sidecars.signatures_under("/media")) == [
        ("/media/a.en.srt", 1, 1),
        ("/media/deep/er/b.en.srt", 2, 2),
    ]
    assert store.sidecars.signatures_under("/media/deep") == [("/media/deep/er/b.en.srt", 2, 2)]
    assert store.sidecars.signatures_under("/nothing") == []
    assert store.sidecars.is_sidecar("/media/unknown.en.srt")
