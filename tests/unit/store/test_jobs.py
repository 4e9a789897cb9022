from __future__ import annotations

import threading
from pathlib import Path

import pytest

from gt_watch.errors import StateError
from gt_watch.model import JobState, Mode, OrderKind
from gt_watch.store import Store
from gt_watch.store.rows import FileState
from tests.unit.store.conftest import make_job


def test_changed_file_version_resets_it_to_seen(store: Store) -> None:
    first = store.files.observe("/m/a.wav", "/m", 10, "10:1")
    store.files.checked(first.id, content_hash="h1", duration=3.0, state=FileState.READY)
    unchanged = store.files.observe("/m/a.wav", "/m", 10, "10:1")
    assert unchanged.state == FileState.READY and unchanged.content_hash == "h1"
    changed = store.files.observe("/m/a.wav", "/m", 12, "12:2")
    assert changed.id == first.id
    assert changed.state == FileState.SEEN and changed.content_hash is None


def test_known_versions_lists_one_watch_root_only(store: Store) -> None:
    store.files.observe("/m/a.wav", "/m", 1, "1:1")
    store.files.observe("/other/b.wav", "/other", 1, "1:1")
    assert store.files.known_versions("/m") == {"/m/a.wav": "1:1"}


def test_versions_and_states_lists_every_file_as_plain_tuples(store: Store) -> None:
    ready = store.files.observe("/m/a.wav", "/m", 1, "1:1")
    store.files.checked(ready.id, content_hash="h", duration=1.0, state=FileState.READY)
    store.files.observe("s3://bucket/b.wav", "s3://bucket", 2, "etag")
    assert sorted(store.files.versions_and_states()) == [
        ("/m/a.wav", "1:1", FileState.READY),
        ("s3://bucket/b.wav", "etag", FileState.SEEN),
    ]


def test_same_content_and_rule_gives_the_existing_job(store: Store) -> None:
    first = make_job(store)
    copy = store.files.observe("/media/copy.wav", "/media", 100, "100:9")
    again, created = store.jobs.create(
        content_hash=first.content_hash,
        fingerprint=first.fingerprint,
        mode=Mode.LIVE,
        kind=OrderKind.CAPTIONS,
        rule_name="other-name",
        params={},
        origin_file_id=copy.id,
    )
    assert not created and again.id == first.id


def test_test_mode_and_live_mode_are_separate_jobs(store: Store) -> None:
    live = make_job(store, mode=Mode.LIVE)
    test = make_job(store, mode=Mode.TEST)
    assert live.id != test.id


def test_two_threads_planning_the_same_content_get_one_job(database_path: Path) -> None:
    Store.open(database_path).close()
    ids: list[str] = []
    barrier = threading.Barrier(2)

    def plan() -> None:
        with Store.open(database_path) as store:
            barrier.wait()
            ids.append(make_job(store).id)

    threads = [threading.Thread(target=plan) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(ids) == 2 and ids[0] == ids[1]


def test_transition_from_an_unexpected_state_is_refused(store: Store) -> None:
    job = make_job(store)
    with pytest.raises(StateError, match="is stable, expected one of staged"):
        store.jobs.transition(job.id, JobState.ORDERING, expect={JobState.STAGED})


def test_transition_outside_the_machine_is_refused(store: Store) -> None:
    job = make_job(store)
    with pytest.raises(StateError, match="not a valid transition"):
        store.jobs.transition(job.id, JobState.ORDERED, expect={JobState.STABLE})


def test_transition_sets_fields_and_appends_history(store: Store) -> None:
    job = make_job(store)
    staged = store.jobs.transition(
        job.id, JobState.STAGED, expect={JobState.STABLE}, note="uploaded", media_key="k/1"
    )
    assert staged.state == JobState.STAGED and staged.media_key == "k/1"
    assert [(h.state, h.note) for h in store.jobs.history(job.id)] == [
        ("stable", "planned"),
        ("staged", "uploaded"),
    ]


def test_unknown_job_id_names_the_id(store: Store) -> None:
    with pytest.raises(KeyError, match="jdeadbeef"):
        store.jobs.get("jdeadbeef")
