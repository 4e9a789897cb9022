"""What signals ask of the daemon's main loop: SIGTERM and SIGINT stop it (after running work
finished), SIGHUP reloads its configuration. The handlers only set flags and wake the loop;
the loop does the work, so nothing runs inside a signal handler but two `Event.set`s.
"""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType
from typing import Any

log = logging.getLogger("gt_watch.service")

EXIT_UNHEALTHY = 70  # EX_SOFTWARE: a part died; systemd's Restart=on-failure replaces us


class Control:
    """Flags the main loop reads: stop, reload, and the exit status to end with."""

    def __init__(self, wake: threading.Event) -> None:
        """Given the engine's wake-up event (set so that the loop notices at once)."""
        self._wake = wake
        self.stop = threading.Event()
        self._reload = threading.Event()
        self.exit_status = 0
        self._previous: dict[signal.Signals, Any] = {}

    def install(self) -> None:
        """Handle SIGTERM, SIGINT and SIGHUP from now on (only the main thread can)."""
        if threading.current_thread() is not threading.main_thread():
            return
        for number, handler in (
            (signal.SIGTERM, self._on_stop),
            (signal.SIGINT, self._on_stop),
            (signal.SIGHUP, self._on_reload),
        ):
            self._previous[number] = signal.signal(number, handler)

    def restore(self) -> None:
        """Put back the handlers that were there before `install`."""
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        self._previous.clear()

    def take_reload(self) -> bool:
        """Return whether a reload was asked for since the last call."""
        if not self._reload.is_set():
            return False
        self._reload.clear()
        return True

    def fail(self, status: int) -> None:
        """Stop the loop and end the process with `status` (non-zero: restart me)."""
        self.exit_status = status
        self.stop.set()
        self._wake.set()

    def _on_stop(self, number: int, frame: FrameType | None) -> None:
        name = signal.Signals(number).name
        if self.stop.is_set():
            log.info("received %s again: still finishing running work", name)
            return
        log.info("received %s: finishing running work, then stopping", name)
        self.stop.set()
        self._wake.set()

    def _on_reload(self, number: int, frame: FrameType | None) -> None:
        self._reload.set()
        self._wake.set()
