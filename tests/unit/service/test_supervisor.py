"""The supervisor pings only while every part lives, and says when a broken daemon must
exit; driven by a fake clock and fake parts."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from gt_watch.service.liveness import Heartbeat, Liveness
from gt_watch.service.notify import Notifier
from gt_watch.service.supervisor import UNHEALTHY_EXIT_AFTER, Supervisor


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class RecordingNotifier(Notifier):
    def __init__(self, watchdog: float | None) -> None:
        super().__init__(None, int(watchdog * 1_000_000) if watchdog else None)
        self.sent: list[dict[str, str]] = []

    def send(self, fields: object) -> None:
        assert isinstance(fields, dict)
        self.sent.append(fields)


@dataclass
class FakeWatcher:
    root: str = "/srv/media"
    living: bool = True
    dead: list[threading.Thread] = field(default_factory=list)

    def alive(self) -> bool:
        return self.living

    def threads(self) -> list[threading.Thread]:
        return self.dead


def _supervisor(watchdog: float | None) -> tuple[Supervisor, RecordingNotifier, FakeWatcher, Clock]:
    clock = Clock()
    notifier = RecordingNotifier(watchdog)
    watcher = FakeWatcher()
    liveness = Liveness(Heartbeat(clock), [watcher], None, stall_after=5.0)
    return (
        Supervisor(notifier, liveness, lambda: "watching 1", clock=clock),
        notifier,
        watcher,
        clock,
    )


def test_pings_four_times_per_watchdog_period_while_all_is_well() -> None:
    supervisor, notifier, _, clock = _supervisor(watchdog=4.0)
    for _ in range(8):
        assert supervisor.check()
        clock.now += 0.5
    pings = [fields for fields in notifier.sent if fields.get("WATCHDOG") == "1"]
    assert len(pings) == 4


def test_a_dead_watcher_stops_the_pings_and_ends_the_daemon_after_a_bound() -> None:
    supervisor, notifier, watcher, clock = _supervisor(watchdog=4.0)
    supervisor.check()
    watcher.living = False
    notifier.sent.clear()
    clock.now += 1.0
    assert supervisor.check(), "still draining"
    assert notifier.sent[0]["STATUS"].startswith("unhealthy: the watcher of /srv/media")
    clock.now += supervisor.exit_after
    assert not supervisor.check()
    assert not any(fields.get("WATCHDOG") for fields in notifier.sent)


def test_without_a_watchdog_a_dead_watcher_still_ends_the_daemon() -> None:
    supervisor, notifier, watcher, clock = _supervisor(watchdog=None)
    watcher.living = False
    assert supervisor.check()
    clock.now += UNHEALTHY_EXIT_AFTER - 0.1
    assert supervisor.check()
    clock.now += 0.2
    assert not supervisor.check()
    assert not any(fields.get("WATCHDOG") for fields in notifier.sent)


def test_status_is_sent_only_when_it_changes() -> None:
    clock = Clock()
    notifier = RecordingNotifier(None)
    heartbeat = Heartbeat(clock)
    liveness = Liveness(heartbeat, [FakeWatcher()], None, stall_after=5.0)
    supervisor = Supervisor(notifier, liveness, lambda: "watching 1", clock=clock)
    supervisor.ready()
    for _ in range(30):
        clock.now += 1
        heartbeat.beat()
        supervisor.check()
    assert [fields.get("STATUS") for fields in notifier.sent if "STATUS" in fields] == [
        "watching 1"
    ]


def test_a_main_loop_without_passes_is_reported_stuck_to_health_checks() -> None:
    clock = Clock()
    heartbeat = Heartbeat(clock)
    liveness = Liveness(heartbeat, [], None, stall_after=5.0)
    clock.now += 4.0
    assert liveness.problems() == []
    clock.now += 2.0
    assert liveness.problems() == ["the main loop has not moved for 6 s"]
    heartbeat.beat()
    assert liveness.problems() == []
