"""Waiting for a watcher's events and for it to go idle: timeouts, never sleep-and-assert."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from gt_watch.model import RulesChanged, StableFile, WatchEvent
from gt_watch.watchers import LocalWatcher

QUIET = 0.2
WAIT = 10.0  # generous: the machine is shared; nothing here measures speed


class Collected:
    """A sink that records events and lets a test wait for them (never sleep-and-assert)."""

    def __init__(self) -> None:
        self.events: list[WatchEvent] = []
        self._changed = threading.Condition()

    def __call__(self, event: WatchEvent) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    def wait_for(
        self, predicate: Callable[[list[WatchEvent]], bool], timeout: float = WAIT
    ) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: predicate(self.events), timeout):
                raise AssertionError(f"not seen within {timeout} s; events: {self.events}")

    def wait_for_file(self, path: Path) -> StableFile:
        self.wait_for(lambda events: any(self._is_file(e, path) for e in events))
        return next(e for e in self.events if isinstance(e, StableFile) and e.path == path)

    def wait_for_rules(self, path: Path, count: int = 1) -> None:
        self.wait_for(lambda events: events.count(RulesChanged(path)) >= count)

    def files(self) -> list[Path]:
        return [e.path for e in self.events if isinstance(e, StableFile)]

    @staticmethod
    def _is_file(event: WatchEvent, path: Path) -> bool:
        return isinstance(event, StableFile) and event.path == path


def wait_until(condition: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not so within {timeout} s")
        time.sleep(0.02)


def settle(watcher: LocalWatcher) -> None:
    """Run a full rescan and wait until nothing waits for its quiet period any more: after
    this, anything the watcher would hand on has been handed on."""
    assert watcher.scan_now(timeout=WAIT)
    wait_until(lambda: watcher.pending() == 0, "every candidate settled")
