"""Test-only hooks of the daemon, armed by $GT_WATCH_TEST_HOOKS and inert otherwise: with
`sigusr2-stops-observers` in it, SIGUSR2 stops the file system observer of every watch, as
if its thread had died, so that tests can see the watchdog and the restart react. Must not
do anything when the variable does not name a hook.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Mapping, Sequence
from types import FrameType

from watchdog.observers.api import BaseObserver

from gt_watch.watchers import LocalWatcher

VARIABLE = "GT_WATCH_TEST_HOOKS"
STOP_OBSERVERS = "sigusr2-stops-observers"

log = logging.getLogger("gt_watch.service")


def armed(environ: Mapping[str, str]) -> set[str]:
    """Given the environment, return the names of the hooks it arms."""
    return {name.strip() for name in environ.get(VARIABLE, "").split(",") if name.strip()}


def install(watchers: Sequence[LocalWatcher], environ: Mapping[str, str]) -> None:
    """Install the hooks the environment arms (only from the main thread)."""
    if STOP_OBSERVERS not in armed(environ):
        return
    if threading.current_thread() is not threading.main_thread():
        return

    def stop_observers(number: int, frame: FrameType | None) -> None:
        log.warning("test hook: stopping the observers of %d watch(es)", len(watchers))
        for watcher in watchers:
            for thread in watcher.threads():
                if isinstance(thread, BaseObserver):
                    thread.stop()

    signal.signal(signal.SIGUSR2, stop_observers)
