"""Reconciling listed objects against the state database, a page at a time, and keeping track
of what was handed on until the pipeline has taken it in. Reads the store; writes nothing.

A page of up to 1,000 keys costs two queries (their recorded versions and states, and which
of them are gt-watch's own sidecars), so a bucket of 100,000 objects is reconciled without a
query per object and without holding more than a page of keys, plus the objects handed on
and not yet taken in (bounded by the watcher's back-pressure).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from gt_watch.model import ObjectSeen
from gt_watch.storage.bucket import ObjectInfo
from gt_watch.store import Store
from gt_watch.store.rows import FileState
from gt_watch.watchers.s3_scope import BucketScope, KeyKind

logger = logging.getLogger(__name__)

# Recorded in these states, a file at its listed version still needs the pipeline: a crash
# came between recording it and checking it, or it was deleted and is back.
_NOT_TAKEN_IN = frozenset({FileState.SEEN, FileState.GONE})


@dataclass(frozen=True, slots=True)
class Reconciled:
    """What one page holds for the pipeline: objects new or changed since the database
    last saw them, rules objects (with their ETags) and keys refused (unsafe keys, rules
    objects under a wrong name)."""

    news: tuple[ObjectSeen, ...]
    rules: tuple[ObjectInfo, ...]
    refused: tuple[str, ...]


def reconcile(objects: Iterable[ObjectInfo], scope: BucketScope, store: Store) -> Reconciled:
    """Given listed objects of one watch, return what of them the pipeline has not seen at
    this version, the rules objects and the refused keys; gt-watch's own outputs drop out."""
    candidates: list[ObjectInfo] = []
    rules: list[ObjectInfo] = []
    refused: list[str] = []
    for item in objects:
        kind = scope.classify(item.key)
        if kind is KeyKind.CANDIDATE:
            candidates.append(item)
        elif kind is KeyKind.RULES:
            rules.append(item)
        elif kind in (KeyKind.UNSAFE, KeyKind.MISNAMED_RULES):
            refused.append(item.key)
    sources = [scope.source(item.key) for item in candidates]
    states = store.files.states_of(sources)
    ours = store.sidecars.written_among(sources)
    news = tuple(
        ObjectSeen(source, scope.root, item.size, item.etag)
        for source, item in zip(sources, candidates, strict=True)
        if source not in ours and not taken_in(states.get(source), item.etag)
    )
    return Reconciled(news, tuple(rules), tuple(refused))


def taken_in(recorded: tuple[str, str] | None, etag: str) -> bool:
    """Given a file's recorded (version, state) and a listed ETag, return whether the
    pipeline has taken in this version (whatever it decided about it)."""
    return recorded is not None and recorded[0] == etag and recorded[1] not in _NOT_TAKEN_IN


@dataclass
class _Page:
    last_key: str
    waiting: dict[str, str]  # source -> ETag handed on, not yet taken in
    handed_on_at: float


@dataclass
class Handoffs:
    """Pages whose objects were handed on, oldest first, until the pipeline has recorded
    each of them: the listing position persisted for a restart never passes an object that
    is only in the pipeline's memory. Not thread-safe: the lister thread owns it."""

    timeout: float
    _pages: deque[_Page] = field(default_factory=deque)
    waiting: int = 0
    taken_in: int = 0  # objects the pipeline recorded since the pass began
    _progress_at: float = float("-inf")  # when the pipeline last took an object in

    def add(self, last_key: str, handed_on: Iterable[ObjectSeen], now: float) -> None:
        """Record a listed page (up to `last_key`) and the objects handed on from it."""
        waiting = {seen.source: seen.etag for seen in handed_on}
        self._pages.append(_Page(last_key, waiting, now))
        self.waiting += len(waiting)

    def __bool__(self) -> bool:
        return bool(self._pages)

    def confirm(self, store: Store, now: float) -> str | None:
        """Look up the objects still waiting; drop the oldest pages whose objects are all
        taken in, or that the pipeline left waiting for `timeout` seconds without taking
        in anything else meanwhile (the next full pass looks at them again). Return the
        last key of the newest page dropped, or None if none was."""
        self._look_up(store, now)
        confirmed = None
        while self._pages and (not self._pages[0].waiting or self._stuck(self._pages[0], now)):
            page = self._pages.popleft()
            if page.waiting:
                logger.warning(
                    "%d object(s) handed on %.0f s ago are not taken in yet (first: %s) "
                    "while the pipeline took nothing in; the next full listing looks again",
                    len(page.waiting),
                    now - page.handed_on_at,
                    next(iter(page.waiting)),
                )
                self.waiting -= len(page.waiting)
            confirmed = page.last_key
        return confirmed

    def _stuck(self, page: _Page, now: float) -> bool:
        return now - max(page.handed_on_at, self._progress_at) > self.timeout

    def _look_up(self, store: Store, now: float) -> None:
        pending = [source for page in self._pages for source in page.waiting]
        if not pending:
            return
        states = store.files.states_of(pending)
        for page in self._pages:
            done = [
                source
                for source, etag in page.waiting.items()
                if taken_in(states.get(source), etag)
            ]
            for source in done:
                del page.waiting[source]
            self.waiting -= len(done)
            self.taken_in += len(done)
            if done:
                self._progress_at = now
