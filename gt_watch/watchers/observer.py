"""Starting, inspecting and stopping one watchdog observer for one watched folder.

Owns the choice between inotify and polling and the threads that come with it; knows nothing
about quiet periods or scans. An inotify failure is turned into a WatchRootError that says
which limit was hit and how to raise it.
"""

from __future__ import annotations

import errno
import os
import threading
import warnings
from collections.abc import Callable
from pathlib import Path

from watchdog.observers.api import BaseObserver
from watchdog.observers.inotify import InotifyObserver
from watchdog.observers.polling import PollingObserverVFS

from gt_watch.errors import WatchRootError
from gt_watch.watchers.translate import WANTED_EVENTS, EventForwarder, Note

INOTIFY_LIMITS = Path("/proc/sys/fs/inotify")

# watchdog warns when a folder created during its recursive walk gets its watch twice (it
# keeps one); harmless, but one line per race in the journal. Under `-W error` the warning
# would even end its inotify thread, so tests state the same filter.
BENIGN_WATCHDOG_WARNING = r"Callback with id .* already exists for watch"
warnings.filterwarnings("ignore", BENIGN_WATCHDOG_WARNING, RuntimeWarning, "watchdog")


def start_observer(
    *,
    root: str,
    recursive: bool,
    polling: bool,
    poll_interval: float,
    deliver: Callable[[Note], None],
) -> BaseObserver:
    """Given a watched root, start a watchdog observer that forwards notes to `deliver` and
    return it. Raise WatchRootError if the folder cannot be watched."""
    observed_root = os.path.realpath(root)
    observer = _new_observer(polling=polling, poll_interval=poll_interval)
    forwarder = EventForwarder(
        observed_root=observed_root, reported_root=root, polling=polling, deliver=deliver
    )
    try:
        observer.schedule(forwarder, observed_root, recursive=recursive, event_filter=WANTED_EVENTS)
        observer.start()
    except OSError as error:
        stop_observer(observer)
        raise _watch_error(root, error) from None
    _name_threads(observer, root)
    return observer


def observer_threads(observer: BaseObserver) -> list[threading.Thread]:
    """Return every thread an observer needs: its dispatcher, its emitters and (watchdog's
    inotify observer) the thread that reads the inotify descriptor."""
    threads: list[threading.Thread] = [observer, *observer.emitters]
    # watchdog keeps its inotify reader in a private attribute; if a later version drops
    # it, the dispatcher and emitters are still checked.
    reader = getattr(observer, "_inotify_fd", None)
    if isinstance(reader, threading.Thread):
        threads.append(reader)
    return threads


def stop_observer(observer: BaseObserver, timeout: float = 5.0) -> None:
    """Stop an observer and wait (bounded) for its threads."""
    observer.stop()
    if observer.is_alive():
        observer.join(timeout)


def _new_observer(*, polling: bool, poll_interval: float) -> BaseObserver:
    if polling:
        # lstat: never follow links while walking a share (loops, files outside the watch).
        return PollingObserverVFS(os.lstat, os.scandir, polling_interval=poll_interval)
    return InotifyObserver(generate_full_events=True)


def _name_threads(observer: BaseObserver, root: str) -> None:
    for index, thread in enumerate(observer_threads(observer)):
        role = "observer" if index == 0 else "observer-io"
        thread.name = f"gt-watch {role} {root}"


def _watch_error(root: str, error: OSError) -> WatchRootError:
    if error.errno == errno.ENOSPC:
        return WatchRootError(
            f"cannot watch {root}: the inotify watch limit is reached"
            f" (fs.inotify.max_user_watches={_limit('max_user_watches')}); raise it with"
            " `sysctl fs.inotify.max_user_watches=524288` (and in /etc/sysctl.d/), or mark"
            " this watch `polling: true`; until then only the periodic rescan sees new files"
        )
    if error.errno == errno.EMFILE:
        return WatchRootError(
            f"cannot watch {root}: too many inotify instances"
            f" (fs.inotify.max_user_instances={_limit('max_user_instances')}); raise it with"
            " `sysctl fs.inotify.max_user_instances=1024`; until then only the periodic"
            " rescan sees new files"
        )
    if error.errno == errno.ENOENT:
        return WatchRootError(
            f"watched folder {root} does not exist: create it, mount it, or fix the watch's"
            " path; gt-watch keeps retrying"
        )
    if error.errno == errno.EACCES:
        return WatchRootError(
            f"watched folder {root} is not readable by this user: grant read and execute"
            " permission; gt-watch keeps retrying"
        )
    return WatchRootError(f"cannot watch {root} ({error.strerror}); gt-watch keeps retrying")


def _limit(name: str) -> str:
    try:
        return (INOTIFY_LIMITS / name).read_text(encoding="ascii").strip()
    except OSError:
        return "unknown"
