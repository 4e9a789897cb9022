"""A stand-in for the pipeline's intake in watcher tests: takes events on its own thread and
records each object in the state database the way intake does, so that a watcher sees its
hand-offs taken in. No rules, no orders."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from pathlib import Path

from gt_watch.model import ObjectSeen, WatchEvent
from gt_watch.store import Store
from gt_watch.store.rows import FileState
from tests.support.waiting import wait_for


class Intake:
    """Sink for a watcher; records every ObjectSeen as `ready` (unless `recording` is off),
    on its own thread, or before returning to the watcher if `synchronous`."""

    def __init__(
        self, database: Path, *, recording: bool = True, synchronous: bool = False
    ) -> None:
        self.database = database
        self.recording = recording
        self.synchronous = synchronous
        self._local = threading.local()
        self.events: list[WatchEvent] = []
        self._queue: queue.SimpleQueue[WatchEvent | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __call__(self, event: WatchEvent) -> None:
        if not self.synchronous:
            self._queue.put(event)
            return
        if getattr(self._local, "store", None) is None:
            self._local.store = Store.open(self.database)
        self._take(self._local.store, event)

    def __enter__(self) -> Intake:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        self._queue.put(None)
        self._thread.join(10)

    def seen(self) -> list[tuple[str, str]]:
        """(source, etag) of every ObjectSeen so far, in order."""
        with self._lock:
            return [(e.source, e.etag) for e in self.events if isinstance(e, ObjectSeen)]

    def wait_for(self, probe: Callable[[list[WatchEvent]], bool]) -> None:
        def check() -> bool:
            with self._lock:
                return probe(list(self.events))

        wait_for(check)

    def _run(self) -> None:
        with Store.open(self.database) as store:
            while (event := self._queue.get()) is not None:
                self._take(store, event)

    def _take(self, store: Store, event: WatchEvent) -> None:
        if isinstance(event, ObjectSeen) and self.recording:
            record = store.files.observe(event.source, event.watch_root, event.size, event.etag)
            store.files.checked(
                record.id, content_hash=event.etag, duration=None, state=FileState.READY
            )
        with self._lock:
            self.events.append(event)
