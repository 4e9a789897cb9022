"""One listing pass of an S3 watch: pages of keys in, events out, the position kept.

A full pass lists the whole prefix (from the persisted `resume` key if the previous one was
interrupted); an incremental pass lists only keys after the `high_water` mark (new keys of
buckets whose keys grow in order, such as dated prefixes). Each page is reconciled against
the state database and what is new is handed on; the `resume` key advances only over pages
whose objects the pipeline has recorded, so a crash never skips an object that was only in
the pipeline's memory. When too many objects wait to be taken in, the pass waits for the
pipeline (back-pressure), which also bounds memory. Owns no thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from gt_watch.failpoints import failpoint
from gt_watch.model import RulesObjectChanged, WatchEvent
from gt_watch.storage.bucket import ObjectInfo, WatchedBucket
from gt_watch.store import Store
from gt_watch.watchers.s3_position import load_position, save_position
from gt_watch.watchers.s3_reconcile import Handoffs, reconcile
from gt_watch.watchers.s3_scope import BucketScope

logger = logging.getLogger(__name__)

_POLL = 0.1  # how often a waiting pass looks whether the pipeline took objects in


@dataclass(frozen=True, slots=True)
class PassSettings:
    """How a pass lists and waits: keys per request, the most objects handed on and not yet
    taken in before listing pauses, and how long one object may take to be taken in."""

    page_size: int = 1000
    max_waiting: int = 2000
    confirm_timeout: float = 120.0


class ListingPass:
    """One pass over a watch. `hand_on` passes an event to the pipeline and returns False
    if it could not; `warn_refused` is told every key refused (unsafe, or misnamed rules)."""

    def __init__(
        self,
        scope: BucketScope,
        bucket: WatchedBucket,
        store: Store,
        *,
        full: bool,
        hand_on: Callable[[WatchEvent], bool],
        warn_refused: Callable[[str], None],
        stopping: threading.Event,
        clock: Callable[[], float],
        settings: PassSettings,
    ) -> None:
        self.scope, self.bucket, self.store, self.full = scope, bucket, store, full
        self._hand_on, self._warn_refused = hand_on, warn_refused
        self._stopping, self._clock, self._settings = stopping, clock, settings
        self.position = load_position(store, scope.root)
        self._from_start = full and self.position.resume is None
        self._seen_rules: set[str] = set()
        self._rules_changed = False
        self._handoffs = Handoffs(settings.confirm_timeout)
        self.listed = 0

    @property
    def start_after(self) -> str:
        if self.full:
            return self.position.resume or ""
        return self.position.high_water

    def run(self) -> bool:
        """List, reconcile and hand on; return True if the pass completed (False: stopped,
        or the pipeline refused an event). Raise StorageError if listing fails; the
        position then stays where the pipeline last confirmed."""
        last_key = self.start_after
        for page in self.bucket.list_after(self.scope.prefix, last_key, self._settings.page_size):
            if self._stopping.is_set():
                return False
            if not self._take(page.objects):
                self._confirm()  # keep what the pipeline did take in
                return False
            self.listed += len(page.objects)
            last_key = page.last_key or last_key
            self._confirm()
            self._wait_for_pipeline(self._settings.max_waiting)
        self._confirm()
        self._wait_for_pipeline(0)
        if self._stopping.is_set():
            return False
        self._finish(last_key)
        return True

    def _take(self, objects: tuple[ObjectInfo, ...]) -> bool:
        found = reconcile(objects, self.scope, self.store)
        for key in found.refused:
            self._warn_refused(key)
        self._seen_rules.update(item.key for item in found.rules)
        changed = [item for item in found.rules if self.position.rules.get(item.key) != item.etag]
        events: list[WatchEvent] = [
            *(RulesObjectChanged(self.scope.source(item.key)) for item in changed),
            *found.news,
        ]
        if not all(self._hand_on(event) for event in events):
            return False
        # Remembered only once handed on, so that a refused event is offered again.
        self.position.rules.update((item.key, item.etag) for item in changed)
        self._rules_changed = self._rules_changed or bool(changed)
        if objects:
            self._handoffs.add(objects[-1].key, found.news, self._clock())
        return True

    def _confirm(self) -> None:
        confirmed = self._handoffs.confirm(self.store, self._clock())
        if confirmed is None or not self.full:
            return
        self.position.resume = confirmed
        self._save()
        if self._handoffs.taken_in:
            # The pass is open: a crash here leaves objects in the pipeline's hands, others
            # handed on but not taken in, and the position where a restart resumes.
            failpoint("after-listing-position")

    def _wait_for_pipeline(self, most: int) -> None:
        """Wait until at most `most` objects handed on are not taken in yet (0: until every
        page is confirmed), or the watcher stops."""
        while self._busy(most) and not self._stopping.wait(_POLL):
            self._confirm()

    def _busy(self, most: int) -> bool:
        return self._handoffs.waiting > most if most else bool(self._handoffs)

    def _finish(self, last_key: str) -> None:
        if self.full:
            self.position.resume = None
            if self._from_start:
                self._report_gone_rules()
        self.position.high_water = max(self.position.high_water, last_key)
        self._save()

    def _report_gone_rules(self) -> None:
        for key in sorted(set(self.position.rules) - self._seen_rules):
            del self.position.rules[key]
            self._rules_changed = True
            self._hand_on(RulesObjectChanged(self.scope.source(key)))

    def _save(self) -> None:
        save_position(self.store, self.scope.root, self.position, with_rules=self._rules_changed)
        self._rules_changed = False
