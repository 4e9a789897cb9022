"""LocalWatcher: one watched local folder, from file system events to StableFile events.

Owns the threads of one watch and their lifecycle: watchdog's observer (inotify, or polling
for network shares) feeding notes, a scanner thread doing the startup scan and the periodic
rescans, and a settler thread that owns all state and calls the sink. It knows nothing of
rules, media types or jobs, and never opens, hashes or writes a file.

Threads only talk through one queue to the settler, so no state is shared and no lock
guards it; the few numbers other threads read (`lag`, `pending`, `watched_directories`) are
published by the settler as plain attributes.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.observers.api import BaseObserver

from gt_watch.errors import WatchRootError
from gt_watch.model import WatchEvent
from gt_watch.watchers.emitted import ConsumerHas
from gt_watch.watchers.observer import observer_threads, start_observer, stop_observer
from gt_watch.watchers.scan import check_root, scan_tree
from gt_watch.watchers.settler import Message, ScanFiles, ScanFinished, ScanStarted, Settler
from gt_watch.watchers.stability import QuietPeriodTracker
from gt_watch.watchers.translate import Change, Note

logger = logging.getLogger(__name__)

MAX_TICK = 1.0  # the settler wakes at least this often (seconds)
ROOT_RETRY = 10.0  # how often a missing root or a failed observer is retried (at most)
OPEN_WRITE_LIMIT = 600.0  # quiet seconds after which a file still open for writing counts
MAX_BATCH = 10_000  # messages the settler takes in before settling what is due
JOIN_TIMEOUT = 10.0


class LocalWatcher:
    """Watch one local folder and hand complete files to `sink` as StableFile events, and
    changes of `.gt-watch.yaml` files as RulesChanged events.

    The sink is called on the watcher's own thread and must only enqueue. A file is handed on
    once per (size, mtime_ns) while the watcher lives; `known_files` seeds that memory with
    what the consumer already has, as (path, size, mtime_ns), and `consumer_has(path, size,
    mtime_ns)`, called on the watcher's thread, lets the consumer say it has a file already
    without a copy of its memory here. A missing or unreadable root is logged and retried
    every few seconds; `problem()` says what is wrong meanwhile.
    """

    def __init__(
        self,
        root: Path,
        *,
        recursive: bool,
        polling: bool,
        quiet_period: float,
        rescan_interval: float,
        sink: Callable[[WatchEvent], None],
        clock: Callable[[], float] = time.monotonic,
        poll_interval: float | None = None,
        open_write_limit: float = OPEN_WRITE_LIMIT,
        known_files: Iterable[tuple[str | Path, int, int]] = (),
        consumer_has: ConsumerHas | None = None,
    ) -> None:
        if rescan_interval <= 0:
            raise ValueError("rescan_interval must be positive")
        self.root = Path(os.path.abspath(root))
        self.recursive = recursive
        self.polling = polling
        self.rescan_interval = rescan_interval
        self.poll_interval = poll_interval or min(max(quiet_period / 2, 0.1), 30.0)
        self._retry_interval = min(rescan_interval, ROOT_RETRY)
        self._clock = clock
        tracker = QuietPeriodTracker(
            quiet_period, open_write_limit=max(open_write_limit, quiet_period), clock=clock
        )
        self._settler = Settler(
            self.root,
            tracker=tracker,
            sink=sink,
            known_files=known_files,
            consumer_has=consumer_has,
        )
        self._inbox: queue.SimpleQueue[Message | None] = queue.SimpleQueue()
        self._observer: BaseObserver | None = None
        self._problems: dict[str, WatchRootError | None] = {"observer": None, "scan": None}
        self._started = False
        self._stopping = threading.Event()
        self._scan_requested = threading.Event()
        self._scans = threading.Condition()
        self._scans_started = 0
        self._scans_taken_in = 0
        self._oldest_first_seen: float | None = None
        self._pending = 0
        self._directories = 0
        self._settler_thread = threading.Thread(
            target=self._run_settler, name=f"gt-watch settler {self.root}", daemon=True
        )
        self._scanner_thread = threading.Thread(
            target=self._run_scanner, name=f"gt-watch scanner {self.root}", daemon=True
        )

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start watching: the observer, then the startup scan. Never raises for a missing
        or unreadable root (see `problem`). Raise RuntimeError if started before."""
        if self._started:
            raise RuntimeError("a LocalWatcher starts once; create a new one to watch again")
        self._started = True
        self._ensure_observer()
        self._scanner_thread.start()
        self._settler_thread.start()

    def stop(self) -> None:
        """Stop watching and join every thread (bounded). Candidates not yet settled are
        dropped; the next start's scan finds them again."""
        self._stopping.set()
        self._scan_requested.set()
        self._inbox.put(None)
        with self._scans:
            self._scans.notify_all()
        for thread in (self._scanner_thread, self._settler_thread):
            if thread.is_alive():
                thread.join(JOIN_TIMEOUT)
                if thread.is_alive():
                    logger.warning("%s did not stop within %.0f s", thread.name, JOIN_TIMEOUT)
        observer, self._observer = self._observer, None
        if observer is not None:
            stop_observer(observer)

    def alive(self) -> bool:
        """Return True if started, not stopped, and every thread of this watch is running.
        A root that is missing (and being retried) does not make it False."""
        if not self._started or self._stopping.is_set():
            return False
        threads = [self._settler_thread, self._scanner_thread]
        observer = self._observer
        if observer is not None:
            threads += observer_threads(observer)
        return all(thread.is_alive() for thread in threads)

    def threads(self) -> list[threading.Thread]:
        """Return the threads `alive` checks, for naming a dead one in logs and status."""
        observer = self._observer
        extra = observer_threads(observer) if observer is not None else []
        return [self._settler_thread, self._scanner_thread, *extra]

    # -- what others ask ---------------------------------------------------------------------

    def scan_now(self, timeout: float = 60.0) -> bool:
        """Ask for a full scan and wait until the settler has taken in its results (not
        until the files settle). Return False if that did not happen within `timeout`."""
        if not self._started or self._stopping.is_set():
            return False
        with self._scans:
            wanted = self._scans_started + 1
        self._scan_requested.set()
        with self._scans:
            self._scans.wait_for(
                lambda: self._scans_taken_in >= wanted or self._stopping.is_set(), timeout
            )
            return self._scans_taken_in >= wanted

    def wait_scanned(self, timeout: float = 60.0) -> bool:
        """Wait until the settler has taken in the startup scan (or any later one), without
        asking for another. Return False if that did not happen within `timeout`."""
        if not self._started or self._stopping.is_set():
            return False
        with self._scans:
            self._scans.wait_for(
                lambda: self._scans_taken_in >= 1 or self._stopping.is_set(), timeout
            )
            return self._scans_taken_in >= 1

    def lag(self) -> float:
        """Return the age in seconds of the oldest file still waiting to settle (0 if none)."""
        oldest = self._oldest_first_seen
        return 0.0 if oldest is None else max(0.0, self._clock() - oldest)

    def pending(self) -> int:
        """Return how many files are waiting for their quiet period."""
        return self._pending

    def watched_directories(self) -> int:
        """Return how many inotify watches this watch needs: every folder of the tree (as
        of the last complete scan) when recursive, 1 when not, 0 when polling."""
        if self.polling:
            return 0
        return self._directories if self.recursive else 1

    def problem(self) -> WatchRootError | None:
        """Return what keeps this watch from working fully right now, or None."""
        return self._problems["observer"] or self._problems["scan"]

    # -- the settler thread --------------------------------------------------------------------

    def _run_settler(self) -> None:
        try:
            next_retry = self._clock() + self._retry_interval
            while not self._stopping.is_set():
                self._take_in(self._wait_time(next_retry))
                if self._stopping.is_set():
                    break
                self._settler.settle_due()
                if self._observer is None and self._clock() >= next_retry:
                    self._ensure_observer()
                    next_retry = self._clock() + self._retry_interval
                self._publish()
        except Exception:
            logger.exception("the watcher of %s stopped after an unexpected error", self.root)

    def _wait_time(self, next_retry: float) -> float:
        deadlines = [self._settler.tracker.next_due()]
        if self._observer is None:
            deadlines.append(next_retry)
        soonest = min((d for d in deadlines if d is not None), default=None)
        if soonest is None:
            return MAX_TICK
        return min(max(soonest - self._clock(), 0.001), MAX_TICK)

    def _take_in(self, timeout: float) -> None:
        try:
            first = self._inbox.get(timeout=timeout)
        except queue.Empty:
            return
        messages = [first]
        while len(messages) < MAX_BATCH:
            try:
                messages.append(self._inbox.get_nowait())
            except queue.Empty:
                break
        root = Note(str(self.root), Change.FOLDER_GONE)
        if root in messages:
            self._root_gone()
        self._settler.take([m for m in messages if m is not None])
        self._publish()  # before a scan_now() caller wakes up and asks pending()
        for message in messages:
            if isinstance(message, ScanFinished):
                self._scan_finished(message)

    def _root_gone(self, error: WatchRootError | None = None) -> None:
        observer, self._observer = self._observer, None
        if observer is not None:
            stop_observer(observer)
        message = f"watched folder {self.root} disappeared: watching it again once it is back"
        self._set_problem("observer", error or WatchRootError(message))

    def _scan_finished(self, finished: ScanFinished) -> None:
        self._set_problem("scan", finished.error)
        if finished.error is not None and self._observer is not None:
            # The root was moved or unmounted under a running observer, which would go on
            # watching the old folder (inotify follows the inode) or nothing at all.
            self._root_gone(finished.error)
        report = finished.report
        if report is not None and not report.cancelled:
            self._directories = report.folders
            level = logging.INFO if finished.generation == 1 else logging.DEBUG
            logger.log(
                level,
                "scanned %s: %d files in %d folders, %d waiting to settle",
                self.root,
                report.files,
                report.folders,
                self._pending,
                extra={"file": str(self.root)},
            )
        with self._scans:
            self._scans_taken_in = max(self._scans_taken_in, finished.generation)
            self._scans.notify_all()

    def _ensure_observer(self) -> None:
        if self._stopping.is_set() or self._observer is not None:
            return
        try:
            check_root(str(self.root))
            self._observer = start_observer(
                root=str(self.root),
                recursive=self.recursive,
                polling=self.polling,
                poll_interval=self.poll_interval,
                deliver=self._inbox.put,
            )
        except WatchRootError as error:
            self._set_problem("observer", error)
            return
        had_problem = self._problems["observer"] is not None
        self._set_problem("observer", None)
        if had_problem:
            self._scan_requested.set()  # catch up on what happened while not watching

    def _set_problem(self, part: str, error: WatchRootError | None) -> None:
        before, self._problems[part] = self._problems[part], error
        if error is not None and (before is None or before.message != error.message):
            logger.error("%s", error.message, extra={"file": str(self.root)})
        elif error is None and before is not None:
            logger.info("watching %s again", self.root, extra={"file": str(self.root)})

    def _publish(self) -> None:
        tracker = self._settler.tracker
        self._oldest_first_seen = tracker.oldest_first_seen()
        self._pending = len(tracker)

    # -- the scanner thread --------------------------------------------------------------------

    def _run_scanner(self) -> None:
        try:
            first = True
            while not self._stopping.is_set():
                if not first:
                    self._scan_requested.wait(self.rescan_interval)
                first = False
                if self._stopping.is_set():
                    break
                self._scan_requested.clear()
                self._scan_once()
        except Exception:
            logger.exception("the scanner of %s stopped after an unexpected error", self.root)

    def _scan_once(self) -> None:
        with self._scans:
            self._scans_started += 1
            generation = self._scans_started
        self._inbox.put(ScanStarted(generation))
        try:
            report = scan_tree(
                str(self.root),
                recursive=self.recursive,
                on_files=lambda files: self._inbox.put(ScanFiles(files)),
                count_ignored_folders=self.recursive and not self.polling,
                cancelled=self._stopping.is_set,
            )
        except WatchRootError as error:
            self._inbox.put(ScanFinished(generation, None, error))
        else:
            self._inbox.put(ScanFinished(generation, report, None))
