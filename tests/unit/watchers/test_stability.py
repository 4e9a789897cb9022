"""The quiet-period tracker, driven by a fake clock."""

from __future__ import annotations

import pytest

from gt_watch.watchers.stability import QuietPeriodTracker


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def tracker(clock: FakeClock) -> QuietPeriodTracker:
    return QuietPeriodTracker(2.0, open_write_limit=60.0, clock=clock)


def test_a_file_is_due_only_after_its_quiet_period(
    tracker: QuietPeriodTracker, clock: FakeClock
) -> None:
    tracker.observe("/w/a.wav", 10, 1, event=True)
    clock.advance(1.9)
    assert tracker.due() == []
    clock.advance(0.1)
    assert tracker.due() == ["/w/a.wav"]
    assert tracker.confirm("/w/a.wav", 10, 1)
    assert "/w/a.wav" not in tracker
    assert len(tracker) == 0


def test_a_growing_file_never_settles_while_it_changes(
    tracker: QuietPeriodTracker, clock: FakeClock
) -> None:
    tracker.observe("/w/a.wav", 10, 1, event=False)
    for size in range(20, 200, 10):
        clock.advance(2.0)
        assert tracker.due() == ["/w/a.wav"]
        assert not tracker.confirm("/w/a.wav", size, size)
    assert tracker.due() == []
    clock.advance(2.0)
    assert tracker.confirm("/w/a.wav", 190, 190)


def test_an_event_restarts_the_quiet_period_even_without_a_visible_change(
    tracker: QuietPeriodTracker, clock: FakeClock
) -> None:
    tracker.observe("/w/a.wav", 10, 1, event=True)
    clock.advance(1.5)
    tracker.observe("/w/a.wav", 10, 1, event=True)
    clock.advance(1.5)
    assert tracker.due() == []
    clock.advance(0.5)
    assert tracker.due() == ["/w/a.wav"]


def test_a_scan_that_sees_no_change_does_not_restart_the_quiet_period(
    tracker: QuietPeriodTracker, clock: FakeClock
) -> None:
    tracker.observe("/w/a.wav", 10, 1, event=True)
    clock.advance(1.5)
    tracker.observe("/w/a.wav", 10, 1, event=False)
    clock.advance(0.5)
    assert tracker.due() == ["/w/a.wav"]


def test_a_file_open_for_writing_is_held_until_closed(
    tracker: QuietPeriodTracker, clock: FakeClock
) -> None:
    tracker.observe("/w/a.wav", 10, 1, event=True, writing=True)
    clock.advance(30.0)
    assert tracker.due() == []
    tracker.observe("/w/a.wav", 10, 1, event=True, writing=False)
    clock.advance(2.0)
    assert tracker.due() == ["/w/a.wav"]


def test_a_file_left_open_is_released_after_the_open_write_limit(
    tracker: QuietPeriodTracker, clock: FakeClock
) -> None:
    tracker.observe("/w/link.wav", 10, 1, event=True, writing=True)
    clock.advance(59.0)
    assert tracker.due() == []
    clock.advance(1.0)
    assert tracker.due() == ["/w/link.wav"]
    assert tracker.confirm("/w/link.wav", 10, 1)


def test_confirm_of_a_candidate_not_yet_due_keeps_it(
    tracker: QuietPeriodTracker, clock: FakeClock
) -> None:
    tracker.observe("/w/a.wav", 10, 1, event=True)
    clock.advance(1.0)
    assert not tracker.confirm("/w/a.wav", 10, 1)
    assert "/w/a.wav" in tracker
    assert not tracker.confirm("/w/unknown.wav", 1, 1)


def test_due_lists_oldest_change_first_and_next_due_is_the_earliest(
    tracker: QuietPeriodTracker, clock: FakeClock
) -> None:
    tracker.observe("/w/a.wav", 1, 1, event=True)
    clock.advance(0.5)
    tracker.observe("/w/b.wav", 1, 1, event=True)
    clock.advance(0.5)
    tracker.observe("/w/a.wav", 2, 2, event=True)  # a changed: now it is the youngest
    assert tracker.next_due() == pytest.approx(102.5)
    clock.advance(2.0)
    assert tracker.due() == ["/w/b.wav", "/w/a.wav"]


def test_next_due_considers_files_held_open(tracker: QuietPeriodTracker, clock: FakeClock) -> None:
    assert tracker.next_due() is None
    tracker.observe("/w/a.wav", 1, 1, event=True, writing=True)
    assert tracker.next_due() == pytest.approx(160.0)


def test_forgotten_files_are_never_due(tracker: QuietPeriodTracker, clock: FakeClock) -> None:
    tracker.observe("/w/a.wav", 1, 1, event=True)
    tracker.observe("/w/sub/b.wav", 1, 1, event=True)
    tracker.observe("/w/subtitles/c.wav", 1, 1, event=True)
    tracker.forget("/w/a.wav")
    tracker.forget_under("/w/sub")
    tracker.forget("/w/never-seen.wav")
    clock.advance(5.0)
    assert tracker.due() == ["/w/subtitles/c.wav"]


def test_oldest_first_seen_is_kept_across_changes(
    tracker: QuietPeriodTracker, clock: FakeClock
) -> None:
    assert tracker.oldest_first_seen() is None
    tracker.observe("/w/a.wav", 1, 1, event=True)
    clock.advance(1.0)
    tracker.observe("/w/b.wav", 1, 1, event=True)
    tracker.observe("/w/a.wav", 5, 5, event=True)
    assert tracker.oldest_first_seen() == 100.0
    assert tracker.get("/w/a.wav") is not None


def test_an_open_write_limit_shorter_than_the_quiet_period_is_refused(
    clock: FakeClock,
) -> None:
    with pytest.raises(ValueError, match="open_write_limit"):
        QuietPeriodTracker(5.0, open_write_limit=1.0, clock=clock)
