"""Is the daemon alive? The main loop's heartbeat and the threads every watch needs, judged
in one place for the systemd watchdog, /healthz and the exit of a broken daemon. Reads
thread states and times only; must not stop, restart or notify anything.

An idle daemon does no pipeline steps, so "steps completed" cannot tell idle from stuck.
The main loop instead beats once per pass, and it passes at least once a second whether or
not there is work: a heartbeat older than `stall_after` means the loop is stuck.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol


class Heartbeat:
    """The main loop's pulse: a count of passes and when the last one happened."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.ticks = 0
        self.last = clock()

    def beat(self) -> None:
        """Called by the main loop once per pass (only by that one thread)."""
        self.ticks += 1
        self.last = self._clock()

    def age(self) -> float:
        """Seconds since the last pass."""
        return max(0.0, self._clock() - self.last)


class Watched(Protocol):
    """What liveness needs of a watcher (watchers.LocalWatcher)."""

    @property
    def root(self) -> object: ...

    def alive(self) -> bool: ...

    def threads(self) -> list[threading.Thread]: ...


class Serving(Protocol):
    """What liveness needs of the HTTP server (service.http.HttpServer)."""

    def alive(self) -> bool: ...


class Liveness:
    """Judges whether every part the daemon needs is running."""

    def __init__(
        self,
        heartbeat: Heartbeat,
        watchers: Sequence[Watched],
        server: Serving | None,
        *,
        stall_after: float,
    ) -> None:
        self.heartbeat = heartbeat
        self._watchers = watchers
        self.server = server
        self.stall_after = stall_after

    def problems(self) -> list[str]:
        """Return what is broken, one sentence each (empty when all is well)."""
        found: list[str] = []
        age = self.heartbeat.age()
        if age > self.stall_after:
            found.append(f"the main loop has not moved for {age:.0f} s")
        for watcher in self._watchers:
            if not watcher.alive():
                found.append(f"the watcher of {watcher.root} stopped ({_dead_threads(watcher)})")
        if self.server is not None and not self.server.alive():
            found.append("the HTTP server (callbacks, media URLs) stopped")
        return found

    def dead_watchers(self) -> list[str]:
        """The roots of the watches whose threads are not all running."""
        return [str(watcher.root) for watcher in self._watchers if not watcher.alive()]


def _dead_threads(watcher: Watched) -> str:
    dead = [thread.name for thread in watcher.threads() if not thread.is_alive()]
    return "dead: " + ", ".join(dead) if dead else "stopped"
