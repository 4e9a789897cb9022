"""The S3 watcher against a real moto_server and a real state database: full and incremental
passes, what is handed on and what is not, the persisted position, back-pressure."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gt_watch.model import ObjectSeen, RulesObjectChanged, WatchEvent
from gt_watch.storage.bucket import WatchedBucket
from gt_watch.store import Store
from gt_watch.watchers.s3 import S3Watcher
from gt_watch.watchers.s3_pass import PassSettings
from gt_watch.watchers.s3_position import load_position
from gt_watch.watchers.s3_scope import BucketScope
from tests.integration.s3.conftest import put
from tests.integration.s3.standin import Intake

MEDIA_KEYS = ["in/a b.wav", "in/ünï/tön.wav", "in/c+d.wav", "in/deep/er/x.wav"]


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "state.db"
    Store.open(path).close()
    return path


@pytest.fixture
def intake(database: Path) -> Iterator[Intake]:
    with Intake(database) as running:
        yield running


def _watcher(
    watched: WatchedBucket,
    database: Path,
    sink: Intake,
    *,
    output_prefix: str | None = None,
    **settings: Any,
) -> S3Watcher:
    return S3Watcher(
        BucketScope(watched.name, "in/", output_prefix),
        watched,
        open_store=lambda: Store.open(database),
        sink=sink,
        list_interval=3600,
        full_list_interval=3600,
        settings=PassSettings(**{"page_size": 2, **settings}),
    )


def _full_pass(watcher: S3Watcher, count: int = 1) -> None:
    if count > 1:
        watcher.request_full_pass()
    assert watcher.wait_for_full_pass(count, timeout=30)
    assert watcher.problem() is None


def _source(watched: WatchedBucket, key: str) -> str:
    return f"s3://{watched.name}/{key}"


def test_a_full_pass_hands_on_every_media_object_once_and_rules_objects_as_rules(
    watched: WatchedBucket, s3: Any, database: Path, intake: Intake
) -> None:
    etags = {key: put(s3, watched.name, key, key.encode()) for key in MEDIA_KEYS}
    put(s3, watched.name, "in/deep/.gt-watch.yaml", b"orders: []")
    put(s3, watched.name, "in/deep/.gt-watch/backup/1/x.en.srt", b"old")
    put(s3, watched.name, "in/upload.wav.part", b"partial")
    put(s3, watched.name, "outside/y.wav", b"not watched")
    watcher = _watcher(watched, database, intake)
    watcher.start()
    try:
        _full_pass(watcher)
        _full_pass(watcher, 2)
    finally:
        watcher.stop()
    assert sorted(intake.seen()) == sorted((_source(watched, k), e) for k, e in etags.items())
    rules = [e for e in intake.events if isinstance(e, RulesObjectChanged)]
    assert rules == [RulesObjectChanged(_source(watched, "in/deep/.gt-watch.yaml"))]
    with Store.open(database) as store:
        position = load_position(store, f"s3://{watched.name}/in/")
    assert position.resume is None and position.high_water == "in/ünï/tön.wav"


def test_an_overwritten_object_is_handed_on_again_with_its_new_etag(
    watched: WatchedBucket, s3: Any, database: Path, intake: Intake
) -> None:
    first = put(s3, watched.name, "in/take.wav", b"first take")
    watcher = _watcher(watched, database, intake)
    watcher.start()
    try:
        _full_pass(watcher)
        second = put(s3, watched.name, "in/take.wav", b"second take")
        _full_pass(watcher, 2)
    finally:
        watcher.stop()
    source = _source(watched, "in/take.wav")
    assert intake.seen() == [(source, first), (source, second)]


def test_an_incremental_pass_finds_keys_after_the_high_water_mark(
    watched: WatchedBucket, s3: Any, database: Path, intake: Intake
) -> None:
    put(s3, watched.name, "in/2026-01-01/a.wav", b"a")
    watcher = S3Watcher(
        BucketScope(watched.name, "in/"),
        watched,
        open_store=lambda: Store.open(database),
        sink=intake,
        list_interval=0.05,
        full_list_interval=3600,
    )
    watcher.start()
    try:
        _full_pass(watcher)
        later = put(s3, watched.name, "in/2026-01-02/b.wav", b"b")
        intake.wait_for(lambda events: len(events) == 2)
    finally:
        watcher.stop()
    assert intake.seen()[-1] == (_source(watched, "in/2026-01-02/b.wav"), later)
    assert watcher.full_passes() == 1


def test_our_sidecars_and_outputs_are_never_handed_on(
    watched: WatchedBucket, s3: Any, database: Path, intake: Intake
) -> None:
    put(s3, watched.name, "in/a.wav", b"media")
    put(s3, watched.name, "in/a.en.srt", b"ours")
    put(s3, watched.name, "in/results/a.en.vtt", b"ours too")
    with Store.open(database) as store:
        record = store.files.observe(_source(watched, "in/a.wav"), "r", 5, "e")
        from tests.unit.store.conftest import make_job

        job = make_job(store)
        store.sidecars.record(
            _source(watched, "in/a.en.srt"), job_id=job.id, file_id=record.id, sha256="x"
        )
    watcher = _watcher(watched, database, intake, output_prefix="in/results/")
    watcher.start()
    try:
        _full_pass(watcher)
    finally:
        watcher.stop()
    assert [source for source, _ in intake.seen()] == [_source(watched, "in/a.wav")]


def test_unsafe_keys_are_refused_loudly_and_never_handed_on(
    watched: WatchedBucket,
    s3: Any,
    database: Path,
    intake: Intake,
    caplog: pytest.LogCaptureFixture,
) -> None:
    put(s3, watched.name, "in/../../etc/passwd", b"x")
    put(s3, watched.name, "in/bell\x07.wav", b"x")
    put(s3, watched.name, "in/fine.wav", b"x")
    watcher = _watcher(watched, database, intake)
    with caplog.at_level(logging.WARNING):
        watcher.start()
        try:
            _full_pass(watcher)
        finally:
            watcher.stop()
    assert [source for source, _ in intake.seen()] == [_source(watched, "in/fine.wav")]
    assert "'in/../../etc/passwd' refused: it has '.' or '..' segments" in caplog.text
    assert "'in/bell\\x07.wav' refused: it contains control characters" in caplog.text


def test_a_misnamed_rules_object_is_named_once_and_never_handed_on(
    watched: WatchedBucket,
    s3: Any,
    database: Path,
    intake: Intake,
    caplog: pytest.LogCaptureFixture,
) -> None:
    put(s3, watched.name, "in/x/.gt-watch.yml", b"orders: []\n")
    put(s3, watched.name, "in/x/talk.wav", b"x")
    watcher = _watcher(watched, database, intake)
    with caplog.at_level(logging.WARNING):
        watcher.start()
        try:
            _full_pass(watcher)
            _full_pass(watcher, 2)
        finally:
            watcher.stop()
    assert [source for source, _ in intake.seen()] == [_source(watched, "in/x/talk.wav")]
    warning = f"{_source(watched, 'in/x/.gt-watch.yml')}: gt-watch reads rules only from objects"
    assert caplog.text.count(warning) == 1, "named once, not on every pass"


def test_a_pass_cut_short_resumes_where_the_pipeline_had_taken_objects_in(
    watched: WatchedBucket, s3: Any, database: Path
) -> None:
    keys = [f"in/{n:02}.wav" for n in range(10)]
    for key in keys:
        put(s3, watched.name, key, key.encode())

    class FailingAfterFour(Intake):
        def __call__(self, event: WatchEvent) -> None:
            if len(self.events) >= 4:
                raise RuntimeError("the pipeline went away")
            super().__call__(event)

    with FailingAfterFour(database, synchronous=True) as first_intake:
        first = _watcher(watched, database, first_intake)
        first.start()
        try:
            assert first.wait_for_full_pass(1, timeout=30)
        finally:
            first.stop()
    with Store.open(database) as store:
        resume = load_position(store, f"s3://{watched.name}/in/").resume
    assert resume is not None and resume < keys[-1]
    with Intake(database) as second_intake:
        second = _watcher(watched, database, second_intake)
        second.start()
        try:
            _full_pass(second)
        finally:
            second.stop()
    handed = [s for s, _ in first_intake.seen()] + [s for s, _ in second_intake.seen()]
    assert sorted(handed) == [_source(watched, key) for key in keys]
    assert all(source > _source(watched, resume) for source, _ in second_intake.seen())


def test_listing_waits_for_the_pipeline_and_goes_on_after_the_timeout(
    watched: WatchedBucket, s3: Any, database: Path, caplog: pytest.LogCaptureFixture
) -> None:
    for n in range(6):
        put(s3, watched.name, f"in/{n}.wav", b"x")
    with Intake(database, recording=False) as stuck:
        watcher = _watcher(watched, database, stuck, max_waiting=2, confirm_timeout=0.3)
        watcher.start()
        try:
            _full_pass(watcher)
        finally:
            watcher.stop()
    assert len(stuck.seen()) == 6
    assert "not taken in yet" in caplog.text


def test_a_deleted_rules_object_is_reported_at_the_next_full_pass(
    watched: WatchedBucket, s3: Any, database: Path, intake: Intake
) -> None:
    put(s3, watched.name, "in/x/.gt-watch.yaml", b"orders: []")
    watcher = _watcher(watched, database, intake)
    watcher.start()
    try:
        _full_pass(watcher)
        s3.delete_object(Bucket=watched.name, Key="in/x/.gt-watch.yaml")
        _full_pass(watcher, 2)
    finally:
        watcher.stop()
    rules = RulesObjectChanged(_source(watched, "in/x/.gt-watch.yaml"))
    assert intake.events == [rules, rules]


def test_an_unreachable_endpoint_is_a_problem_and_the_watcher_stays_alive(
    watched: WatchedBucket, database: Path, intake: Intake
) -> None:
    gone = WatchedBucket("no-such-bucket-anywhere", watched._client, watched._storage)
    watcher = _watcher(gone, database, intake)
    watcher.start()
    try:
        assert watcher.wait_for_full_pass(1, timeout=30)
        assert watcher.alive()
        problem = watcher.problem()
        assert problem is not None and "NoSuchBucket" in problem.message
    finally:
        watcher.stop()
    assert not watcher.alive()
    assert not any(isinstance(event, ObjectSeen) for event in intake.events)
