"""The settler's decisions, on real files and a fake clock: one thread, no timing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gt_watch.model import RulesChanged, StableFile, WatchEvent
from gt_watch.watchers.emitted import ConsumerHas
from gt_watch.watchers.scan import ScanReport
from gt_watch.watchers.settler import ScanFiles, ScanFinished, ScanStarted, Settler
from gt_watch.watchers.stability import QuietPeriodTracker
from gt_watch.watchers.translate import Change, Note

QUIET = 2.0


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Harness:
    """A settler on `root` with a fake clock, collecting what it hands on."""

    def __init__(
        self,
        root: Path,
        known: list[tuple[Path, int, int]] | None = None,
        consumer_has: ConsumerHas | None = None,
    ) -> None:
        self.root = root
        self.clock = FakeClock()
        self.events: list[WatchEvent] = []
        self.failing = False
        tracker = QuietPeriodTracker(QUIET, open_write_limit=60.0, clock=self.clock)
        self.settler = Settler(
            root,
            tracker=tracker,
            sink=self._sink,
            known_files=known or [],
            consumer_has=consumer_has,
        )

    def _sink(self, event: WatchEvent) -> None:
        if self.failing:
            raise RuntimeError("queue is full")
        self.events.append(event)

    def note(self, path: Path, change: Change = Change.CLOSED) -> None:
        self.settler.take([Note(str(path), change)])

    def scan(self, *paths: Path) -> None:
        files = [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in paths]
        self.settler.take(
            [
                ScanStarted(1),
                ScanFiles(files),
                ScanFinished(1, ScanReport(files=len(files)), None),
            ]
        )

    def after(self, seconds: float) -> list[WatchEvent]:
        self.clock.now += seconds
        self.settler.settle_due()
        return self.events


def stable(path: Path, root: Path) -> StableFile:
    info = path.stat()
    return StableFile(path, info.st_size, info.st_mtime_ns, root)


def write(path: Path, data: bytes = b"media") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def harness(tmp_path: Path) -> Harness:
    return Harness(tmp_path)


def test_a_closed_file_is_handed_on_once_after_the_quiet_period(
    harness: Harness, tmp_path: Path
) -> None:
    media = write(tmp_path / "a.wav")
    harness.note(media, Change.APPEARED)
    harness.note(media, Change.CLOSED)
    assert harness.after(QUIET - 0.1) == []
    assert harness.after(0.1) == [stable(media, tmp_path)]
    assert harness.after(QUIET * 10) == [stable(media, tmp_path)]


def test_a_file_that_keeps_changing_is_not_handed_on(harness: Harness, tmp_path: Path) -> None:
    media = write(tmp_path / "growing.wav", b"")
    harness.scan(media)
    for size in range(1, 6):
        media.write_bytes(b"x" * size)
        assert harness.after(QUIET) == []
    assert harness.after(QUIET) == [stable(media, tmp_path)]
    assert harness.events[0].size == 5  # type: ignore[union-attr]


def test_a_file_open_for_writing_waits_for_its_close(harness: Harness, tmp_path: Path) -> None:
    media = write(tmp_path / "upload.wav")
    harness.note(media, Change.WRITING)
    assert harness.after(QUIET * 5) == []
    harness.note(media, Change.CLOSED)
    assert harness.after(QUIET) == [stable(media, tmp_path)]


def test_many_notes_for_one_path_in_one_batch_are_one_look(
    harness: Harness, tmp_path: Path
) -> None:
    media = write(tmp_path / "a.wav")
    notes = [Note(str(media), Change.WRITING)] * 50 + [Note(str(media), Change.CLOSED)]
    harness.settler.take(list(notes))
    candidate = harness.settler.tracker.get(str(media))
    assert candidate is not None
    assert not candidate.open_for_writing
    assert harness.after(QUIET) == [stable(media, tmp_path)]


def test_a_file_deleted_before_it_settles_is_forgotten(harness: Harness, tmp_path: Path) -> None:
    media = write(tmp_path / "a.wav")
    harness.note(media)
    media.unlink()
    assert harness.after(QUIET) == []
    assert len(harness.settler.tracker) == 0


def test_a_rescan_does_not_hand_on_what_was_handed_on(harness: Harness, tmp_path: Path) -> None:
    media = write(tmp_path / "a.wav")
    harness.scan(media)
    assert len(harness.after(QUIET)) == 1
    harness.scan(media)
    assert len(harness.settler.tracker) == 0
    assert len(harness.after(QUIET)) == 1


def test_a_rescan_hands_on_a_file_that_changed_since(harness: Harness, tmp_path: Path) -> None:
    media = write(tmp_path / "a.wav")
    harness.scan(media)
    harness.after(QUIET)
    media.write_bytes(b"re-exported, longer")
    harness.scan(media)
    assert harness.after(QUIET)[-1] == stable(media, tmp_path)
    assert len(harness.events) == 2


def test_an_attribute_change_of_a_handed_on_file_is_not_a_new_file(
    harness: Harness, tmp_path: Path
) -> None:
    media = write(tmp_path / "a.wav")
    harness.note(media)
    harness.after(QUIET)
    media.chmod(0o600)
    harness.note(media, Change.APPEARED)
    assert len(harness.settler.tracker) == 0


def test_known_files_are_not_handed_on_by_the_startup_scan(tmp_path: Path) -> None:
    old = write(tmp_path / "old.wav")
    changed = write(tmp_path / "changed.wav")
    info = changed.stat()
    harness = Harness(
        tmp_path,
        known=[
            (old, old.stat().st_size, old.stat().st_mtime_ns),
            (changed, info.st_size, info.st_mtime_ns - 1),
        ],
    )
    harness.scan(old, changed)
    assert harness.after(QUIET) == [stable(changed, tmp_path)]


def test_files_the_consumer_has_unchanged_are_not_handed_on_by_the_startup_scan(
    tmp_path: Path,
) -> None:
    old, changed, new = (write(tmp_path / name) for name in ("old.wav", "changed.wav", "new.wav"))
    consumer = {
        str(path): (path.stat().st_size, path.stat().st_mtime_ns) for path in (old, changed)
    }
    consumer[str(changed)] = (consumer[str(changed)][0] + 1, consumer[str(changed)][1])
    harness = Harness(
        tmp_path, consumer_has=lambda path, *signature: consumer.get(path) == signature
    )
    harness.scan(old, changed, new)
    assert harness.after(QUIET) == [stable(changed, tmp_path), stable(new, tmp_path)]
    harness.note(old, Change.APPEARED)  # an event about a file the consumer has unchanged
    assert harness.after(QUIET) == [stable(changed, tmp_path), stable(new, tmp_path)]


def test_a_file_the_sink_refused_is_offered_again_by_the_next_scan(
    harness: Harness, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    media = write(tmp_path / "a.wav")
    harness.failing = True
    harness.scan(media)
    assert harness.after(QUIET) == []
    assert "the consumer of watch events failed" in caplog.text
    harness.failing = False
    harness.scan(media)
    assert harness.after(QUIET) == [stable(media, tmp_path)]


def test_rules_files_are_reported_when_first_seen_changed_and_deleted(
    harness: Harness, tmp_path: Path
) -> None:
    rules = write(tmp_path / "sub" / ".gt-watch.yaml", b"orders: []")
    harness.scan(rules)
    assert harness.after(QUIET) == [RulesChanged(rules)]
    rules.write_bytes(b"orders: [captions]")
    harness.note(rules)
    assert harness.after(QUIET)[-1] == RulesChanged(rules)
    rules.unlink()
    harness.note(rules, Change.GONE)
    assert harness.events == [RulesChanged(rules)] * 3


def test_a_rules_file_deleted_before_it_was_reported_is_not_reported(
    harness: Harness, tmp_path: Path
) -> None:
    rules = write(tmp_path / ".gt-watch.yaml")
    harness.note(rules)
    rules.unlink()
    harness.note(rules, Change.GONE)
    assert harness.after(QUIET) == []


def test_a_folder_moved_away_forgets_what_waited_in_it(harness: Harness, tmp_path: Path) -> None:
    inside = write(tmp_path / "album" / "a.wav")
    beside = write(tmp_path / "album-2" / "b.wav")
    harness.note(inside)
    harness.note(beside)
    harness.settler.take([Note(str(tmp_path / "album"), Change.FOLDER_GONE)])
    assert harness.after(QUIET) == [stable(beside, tmp_path)]


def test_a_folder_moved_away_with_its_rules_file_reports_the_rules_gone(
    harness: Harness, tmp_path: Path
) -> None:
    rules = write(tmp_path / "album" / ".gt-watch.yaml")
    media = write(tmp_path / "album" / "a.wav")
    harness.scan(rules, media)
    harness.after(QUIET)
    os.rename(tmp_path / "album", tmp_path.parent / f"{tmp_path.name}-moved-away")
    harness.settler.take([Note(str(tmp_path / "album"), Change.FOLDER_GONE)])
    assert harness.events[-1] == RulesChanged(rules)
    assert len(harness.events) == 3


def test_the_root_gone_keeps_the_memory_so_a_returning_share_is_not_handed_on_again(
    harness: Harness, tmp_path: Path
) -> None:
    media = write(tmp_path / "a.wav")
    harness.scan(media)
    harness.after(QUIET)
    harness.settler.take([Note(str(tmp_path), Change.FOLDER_GONE)])
    harness.scan(media)
    assert harness.after(QUIET) == [stable(media, tmp_path)]


def test_a_file_that_cannot_be_looked_at_is_kept_and_looked_at_again(
    harness: Harness, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    media = write(tmp_path / "share" / "a.wav")
    harness.note(media)
    os.rename(tmp_path / "share", tmp_path / "share-offline")
    (tmp_path / "share").symlink_to("share")  # a loop: lstat fails with ELOOP, not ENOENT
    assert harness.after(QUIET) == []
    assert "cannot look at" in caplog.text
    assert str(media) in harness.settler.tracker
    (tmp_path / "share").unlink()
    os.rename(tmp_path / "share-offline", tmp_path / "share")
    assert harness.after(QUIET) == [stable(media, tmp_path)]
