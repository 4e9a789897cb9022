"""Keeping systemd told the truth: the main loop calls `Supervisor.check` on every pass; it
pings the watchdog only while every part is alive, keeps STATUS= current, and decides when a
broken daemon must exit so that `Restart=on-failure` replaces it. Must not stop anything
itself: it answers, the daemon acts.

Pinging from the main loop ties the pings to the loop's progress: a stuck loop sends none,
and systemd's watchdog ends it. A dead observer thread cannot be revived (its inotify
watches are gone), so the supervisor stops pinging at once and, after `exit_after` seconds,
tells the daemon to exit non-zero: a restart happens even where no watchdog is configured.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from gt_watch.service.liveness import Liveness
from gt_watch.service.notify import Notifier

log = logging.getLogger("gt_watch.service")

CHECK_INTERVAL = 5.0  # seconds between checks when systemd set no watchdog
STATUS_INTERVAL = 5.0  # seconds between refreshes of STATUS=
UNHEALTHY_EXIT_AFTER = 10.0  # seconds from a dead part to the exit (pings stop at once)
MIN_STALL = 5.0  # the main loop passes every second; a few seconds late is load, not a hang
MAX_STALL = 30.0  # one SQLite statement may wait this long for a lock


class Supervisor:
    """Watchdog pings, STATUS= and the exit of a broken daemon."""

    def __init__(
        self,
        notifier: Notifier,
        liveness: Liveness,
        summary: Callable[[], str],
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Given the notifier, the liveness judge and a function returning the one-line
        STATUS summary (watches, jobs pending, last error)."""
        self._notifier = notifier
        self._liveness = liveness
        self._summary = summary
        self._clock = clock
        watchdog = notifier.watchdog_interval
        # Four pings per watchdog period: one late pass of the loop does not cost a restart.
        self.interval = max(0.05, watchdog / 4) if watchdog else CHECK_INTERVAL
        self.exit_after = (
            min(UNHEALTHY_EXIT_AFTER, watchdog / 2) if watchdog else UNHEALTHY_EXIT_AFTER
        )
        self._next_check = clock()
        self._next_status = clock()
        self._last_status = ""
        self._reported: list[str] = []
        self.unhealthy_since: float | None = None

    @staticmethod
    def stall_after(notifier: Notifier) -> float:
        """How long the main loop may go without a pass before it counts as stuck."""
        watchdog = notifier.watchdog_interval
        return max(MIN_STALL, min(MAX_STALL, watchdog / 2)) if watchdog else MAX_STALL

    def wait_time(self) -> float:
        """How long the main loop may sleep before the next check is due (at most 1 s)."""
        return min(1.0, max(0.0, self._next_check - self._clock()))

    def check(self) -> bool:
        """Do what is due; return False once the daemon has been broken for `exit_after`
        seconds and must exit so that it is restarted."""
        now = self._clock()
        if now >= self._next_check:
            self._next_check = now + self.interval
            self._judge(now)
        if now >= self._next_status and self.unhealthy_since is None:
            self._next_status = now + STATUS_INTERVAL
            self.refresh_status()
        return self.unhealthy_since is None or now - self.unhealthy_since < self.exit_after

    def ready(self) -> None:
        """READY=1 with the current summary (after startup, and after each reload)."""
        self._last_status = self._summary()
        self._notifier.ready(self._last_status)

    def refresh_status(self) -> None:
        """Send the current summary as STATUS= if it changed."""
        status = self._summary()
        if status != self._last_status:
            self._last_status = status
            self._notifier.status(status)

    def _judge(self, now: float) -> None:
        problems = self._liveness.problems()
        if not problems:
            if self.unhealthy_since is not None:
                log.info("every part of gt-watch runs again")
                self.unhealthy_since = None
                self._reported = []
            self._notifier.watchdog()
            return
        if self.unhealthy_since is None:
            self.unhealthy_since = now
        if problems != self._reported:
            self._reported = problems
            text = "; ".join(problems)
            log.error(
                "%s: no more watchdog pings; gt-watch exits for a restart in %.0f s",
                text,
                self.exit_after,
            )
            self._last_status = f"unhealthy: {text}"
            self._notifier.status(self._last_status)
