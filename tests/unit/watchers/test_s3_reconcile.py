from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gt_watch.model import Mode, ObjectSeen, OrderKind
from gt_watch.storage.bucket import ObjectInfo
from gt_watch.store import Store
from gt_watch.store.rows import FileState
from gt_watch.watchers.s3_reconcile import Handoffs, reconcile
from gt_watch.watchers.s3_scope import BucketScope

SCOPE = BucketScope("media", "in/")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "state.db") as opened:
        yield opened


def _record(store: Store, key: str, etag: str, state: str = FileState.READY) -> int:
    record = store.files.observe(SCOPE.source(key), SCOPE.root, 10, etag)
    store.files.checked(record.id, content_hash="h", duration=None, state=state)
    return record.id


def test_only_objects_new_or_changed_since_the_database_saw_them_are_news(store: Store) -> None:
    _record(store, "in/known.wav", "e1")
    _record(store, "in/changed.wav", "old")
    _record(store, "in/crashed.wav", "e3", state=FileState.SEEN)
    _record(store, "in/not-media.wav", "e4", state=FileState.REJECTED)
    listed = [
        ObjectInfo("in/known.wav", 10, "e1"),
        ObjectInfo("in/changed.wav", 10, "new"),
        ObjectInfo("in/crashed.wav", 10, "e3"),
        ObjectInfo("in/not-media.wav", 10, "e4"),
        ObjectInfo("in/new one.wav", 10, "e5"),
    ]
    found = reconcile(listed, SCOPE, store)
    assert [(seen.source, seen.etag) for seen in found.news] == [
        ("s3://media/in/changed.wav", "new"),
        ("s3://media/in/crashed.wav", "e3"),
        ("s3://media/in/new one.wav", "e5"),
    ]
    assert all(seen.watch_root == "s3://media/in/" for seen in found.news)


def test_our_own_sidecars_rules_and_unsafe_keys_are_not_news(store: Store) -> None:
    file_id = _record(store, "in/a.wav", "e1")
    job, _ = store.jobs.create(
        content_hash="h",
        fingerprint="f",
        mode=Mode.LIVE,
        kind=OrderKind.CAPTIONS,
        rule_name="captions",
        params={},
        origin_file_id=file_id,
    )
    store.sidecars.record("s3://media/in/a.en.json", job_id=job.id, file_id=file_id, sha256="x")
    listed = [
        ObjectInfo("in/a.en.json", 5, "s1"),
        ObjectInfo("in/.gt-watch.yaml", 5, "r1"),
        ObjectInfo("in/.gt-watch/backup/1/a.en.json", 5, "b1"),
        ObjectInfo("in/x/../../a.wav", 5, "u1"),
    ]
    found = reconcile(listed, SCOPE, store)
    assert found.news == ()
    assert [item.key for item in found.rules] == ["in/.gt-watch.yaml"]
    assert found.refused == ("in/x/../../a.wav",)


def test_handoffs_confirm_pages_once_their_objects_are_taken_in(store: Store) -> None:
    handoffs = Handoffs(timeout=60)
    first = [ObjectSeen("s3://media/in/a.wav", SCOPE.root, 10, "e1")]
    handoffs.add("in/a.wav", first, now=0)
    handoffs.add("in/b.wav", [], now=0)
    assert handoffs.confirm(store, now=1) is None and handoffs.waiting == 1
    _record(store, "in/a.wav", "e1", state=FileState.SEEN)
    assert handoffs.confirm(store, now=2) is None  # recorded, not yet checked
    _record(store, "in/a.wav", "e1", state="ignored")
    assert handoffs.confirm(store, now=3) == "in/b.wav"
    assert not handoffs and handoffs.waiting == 0


def test_handoffs_give_up_on_an_object_after_the_timeout(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    handoffs = Handoffs(timeout=60)
    handoffs.add("in/a.wav", [ObjectSeen("s3://media/in/a.wav", SCOPE.root, 1, "e")], now=0)
    assert handoffs.confirm(store, now=61) == "in/a.wav"
    assert "not taken in yet" in caplog.text and handoffs.waiting == 0


def test_a_page_waits_as_long_as_the_pipeline_takes_other_objects_in(store: Store) -> None:
    handoffs = Handoffs(timeout=60)
    slow = ObjectSeen("s3://media/in/a.wav", SCOPE.root, 1, "e1")
    busy = ObjectSeen("s3://media/in/b.wav", SCOPE.root, 1, "e2")
    handoffs.add("in/a.wav", [slow], now=0)
    handoffs.add("in/b.wav", [busy], now=0)
    _record(store, "in/b.wav", "e2")
    assert handoffs.confirm(store, now=50) is None  # progress at 50 s
    assert handoffs.confirm(store, now=100) is None  # 100 s old, but the pipeline moves
    assert handoffs.confirm(store, now=111) == "in/b.wav"  # stuck for 61 s: given up
