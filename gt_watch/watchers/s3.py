"""S3Watcher: one watched bucket prefix, from listings (and queued bucket events) to
ObjectSeen and RulesObjectChanged events.

Owns one lister thread: a full pass at start (resuming one a restart interrupted), an
incremental pass every `list_interval`, and a full pass every `full_list_interval` as the
source of truth. The event-queue consumer (`watchers.s3_queue`) hands keys in through
`offer`. It never reads rules, orders, or writes objects; it reads the state database to
hand on only what the pipeline has not seen, and writes only its listing position.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from gt_watch.errors import StorageError, UnsafePathError
from gt_watch.model import RulesObjectChanged, WatchEvent
from gt_watch.storage.bucket import WatchedBucket
from gt_watch.storage.s3_settings import checked_key
from gt_watch.store import Store
from gt_watch.watchers.handoff import hand_over
from gt_watch.watchers.names import RULES_FILE_NAME
from gt_watch.watchers.s3_pass import ListingPass, PassSettings
from gt_watch.watchers.s3_reconcile import reconcile
from gt_watch.watchers.s3_scope import BucketScope, KeyKind

logger = logging.getLogger(__name__)

DEFAULT_SETTINGS = PassSettings()
RETRY_INTERVAL = 10.0  # after a failed pass, the next one starts this soon (at most)
JOIN_TIMEOUT = 10.0


class S3Watcher:
    """Watch one bucket prefix and hand objects to `sink` as ObjectSeen events, and rules
    objects as RulesObjectChanged events. The sink must only enqueue. `open_store` opens
    a connection to the state database for the watcher's thread."""

    def __init__(
        self,
        scope: BucketScope,
        bucket: WatchedBucket,
        *,
        open_store: Callable[[], Store],
        sink: Callable[[WatchEvent], None],
        list_interval: float,
        full_list_interval: float,
        settings: PassSettings = DEFAULT_SETTINGS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.scope = scope
        self.bucket = bucket
        self.list_interval = list_interval
        self.full_list_interval = max(full_list_interval, list_interval)
        self._open_store, self._sink = open_store, sink
        self._settings, self._clock = settings, clock
        self._stopping = threading.Event()
        self._wake = threading.Event()
        self._full_wanted = threading.Event()
        self._passes = threading.Condition()
        self._full_passes = 0
        self._problem: StorageError | None = None
        self._warned: set[str] = set()
        self._started = False
        self._thread = threading.Thread(
            target=self._run, name=f"gt-watch lister {scope.root}", daemon=True
        )

    @property
    def root(self) -> str:
        return self.scope.root

    def threads(self) -> list[threading.Thread]:
        """The lister's thread (for the service's liveness report)."""
        return [self._thread]

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start listing (a full pass first). Raise RuntimeError if started before."""
        if self._started:
            raise RuntimeError("an S3Watcher starts once; create a new one to watch again")
        self._started = True
        self._thread.start()

    def stop(self) -> None:
        """Stop listing and join the thread (bounded). A pass cut short resumes at the next
        start from the persisted position."""
        self._stopping.set()
        self._wake.set()
        with self._passes:
            self._passes.notify_all()
        if self._thread.is_alive():
            self._thread.join(JOIN_TIMEOUT)
            if self._thread.is_alive():
                logger.warning("%s did not stop within %.0f s", self._thread.name, JOIN_TIMEOUT)

    def alive(self) -> bool:
        """Return True if started, not stopped, and the lister thread runs. An endpoint out
        of reach (being retried) does not make it False; see `problem`."""
        return self._started and not self._stopping.is_set() and self._thread.is_alive()

    def problem(self) -> StorageError | None:
        """Return why the last pass failed, or None if it completed."""
        return self._problem

    # -- what others ask ---------------------------------------------------------------------

    def full_passes(self) -> int:
        """Return how many full passes ended (completed or failed) since the start."""
        with self._passes:
            return self._full_passes

    def wait_for_full_pass(self, count: int, timeout: float) -> bool:
        """Wait until `count` full passes ended; return whether they did within `timeout`."""
        with self._passes:
            return self._passes.wait_for(
                lambda: self._full_passes >= count or self._stopping.is_set(), timeout
            )

    def request_full_pass(self) -> None:
        """Ask for a full pass now (after the running one)."""
        self._full_wanted.set()
        self._wake.set()

    def offer(self, key: str, store: Store) -> None:
        """Given a key an event named (any thread, with that thread's store), look at the
        object now and hand it on if the pipeline has not seen it at this version. Deleted
        objects and gt-watch's own outputs are ignored. Raise StorageError if the object
        cannot be looked at, or the sink's error: the event must then be kept."""
        kind = self.scope.classify(key)
        if kind in (KeyKind.UNSAFE, KeyKind.MISNAMED_RULES):
            self._warn_refused(key)
            return
        if kind is KeyKind.IGNORED:
            return
        info = self.bucket.head(key)
        if info is None:
            return
        if kind is KeyKind.RULES:
            self._sink(RulesObjectChanged(self.scope.source(key)))
            return
        for seen in reconcile([info], self.scope, store).news:
            self._sink(seen)

    # -- the lister thread ---------------------------------------------------------------------

    def _run(self) -> None:
        try:
            with self._open_store() as store:
                next_full = self._clock()
                while not self._stopping.is_set():
                    full = self._full_wanted.is_set() or self._clock() >= next_full
                    self._full_wanted.clear()
                    completed = self._pass(store, full=full)
                    if full and completed:
                        next_full = self._clock() + self.full_list_interval
                    if full:
                        self._count_full_pass()
                    retry = min(RETRY_INTERVAL, self.list_interval)
                    self._wake.wait(self.list_interval if completed else retry)
                    self._wake.clear()
        except Exception:
            logger.exception("the lister of %s stopped after an unexpected error", self.root)

    def _pass(self, store: Store, *, full: bool) -> bool:
        started = self._clock()
        listing = ListingPass(
            self.scope,
            self.bucket,
            store,
            full=full,
            hand_on=self._hand_on,
            warn_refused=self._warn_refused,
            stopping=self._stopping,
            clock=self._clock,
            settings=self._settings,
        )
        try:
            completed = listing.run()
        except StorageError as error:
            self._set_problem(error)
            return False
        if completed:
            self._set_problem(None)
            logger.log(
                logging.INFO if full else logging.DEBUG,
                "listed %s: %d objects in %.1f s (%s pass)",
                self.root,
                listing.listed,
                self._clock() - started,
                "full" if full else "incremental",
                extra={"file": self.root},
            )
        return completed

    def _count_full_pass(self) -> None:
        with self._passes:
            self._full_passes += 1
            self._passes.notify_all()

    def _hand_on(self, event: WatchEvent) -> bool:
        # Not confirmed when it fails, so the position does not pass it: the next pass
        # offers it again.
        return hand_over(self._sink, event)

    def _warn_refused(self, key: str) -> None:
        """Say once per key why it is passed over: an unsafe key, or a misnamed rules
        object (whose rules would otherwise be silently missing)."""
        if key in self._warned:
            return
        self._warned.add(key)
        if self.scope.classify(key) is KeyKind.MISNAMED_RULES:
            logger.warning(
                "%s: gt-watch reads rules only from objects named %s: rename this one "
                "(until then its rules are not used)",
                self.scope.source(key),
                RULES_FILE_NAME,
                extra={"file": self.scope.source(key)},
            )
            return
        try:
            checked_key(key)
        except UnsafePathError as error:
            logger.warning(
                "%s: %s; it is never ordered (rename the object)",
                self.root,
                error.message,
                extra={"file": self.root},
            )

    def _set_problem(self, error: StorageError | None) -> None:
        before, self._problem = self._problem, error
        if error is not None and (before is None or before.message != error.message):
            logger.error("listing %s: %s", self.root, error.message, extra={"file": self.root})
        elif error is None and before is not None:
            logger.info("listing %s works again", self.root, extra={"file": self.root})
