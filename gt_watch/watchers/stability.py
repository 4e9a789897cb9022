"""The quiet-period tracker: which files have stopped changing. Pure: no I/O, clock injected.

A candidate is a path with its last observed (size, mtime_ns). It becomes due once
`quiet_period` seconds have passed since its last change or event; the caller then looks at
the file again and calls `confirm`: unchanged means settled (the candidate is dropped and the
caller hands it on), changed means the quiet period starts over.

A file known to be open for writing (inotify reported a create or a write and no close-write
yet) is held back even when quiet, because a stalled writer (a copy over a flaky network) is
quiet but not finished. It is released after `open_write_limit` seconds of quiet, since some
ways of creating a file (a hard link) never report a close.

Both due queues are ordered by the time of the last change: the clock is monotonic and every
change moves a candidate to the end, so the oldest sits in front and `due` costs only what it
returns.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(slots=True)
class Candidate:
    """A file not yet settled: what it looked like last, and when that last changed."""

    size: int
    mtime_ns: int
    first_seen: float
    changed_at: float
    open_for_writing: bool = False


class QuietPeriodTracker:
    """Candidates waiting for their quiet period. Not thread-safe: one owner thread."""

    def __init__(
        self, quiet_period: float, *, open_write_limit: float, clock: Callable[[], float]
    ) -> None:
        if quiet_period < 0 or open_write_limit < quiet_period:
            raise ValueError("need 0 <= quiet_period <= open_write_limit")
        self.quiet_period = quiet_period
        self.open_write_limit = open_write_limit
        self._clock = clock
        self._candidates: dict[str, Candidate] = {}  # insertion order = order of first sight
        self._closed: OrderedDict[str, None] = OrderedDict()  # by changed_at
        self._open: OrderedDict[str, None] = OrderedDict()  # by changed_at

    def __len__(self) -> int:
        return len(self._candidates)

    def __contains__(self, path: object) -> bool:
        return path in self._candidates

    def get(self, path: str) -> Candidate | None:
        """Given a path, return its candidate record, or None if it is not waiting."""
        return self._candidates.get(path)

    def observe(
        self, path: str, size: int, mtime_ns: int, *, event: bool, writing: bool | None = None
    ) -> None:
        """Record a look at `path`. The quiet period starts over when size or mtime changed
        or when the look was prompted by an event. `writing` True marks the file open for
        writing, False marks it closed, None keeps what was known."""
        now = self._clock()
        candidate = self._candidates.get(path)
        if candidate is None:
            candidate = Candidate(size, mtime_ns, first_seen=now, changed_at=now)
            self._candidates[path] = candidate
            restart = True
        else:
            restart = event or (size, mtime_ns) != (candidate.size, candidate.mtime_ns)
            candidate.size, candidate.mtime_ns = size, mtime_ns
        if writing is not None:
            restart = restart or writing != candidate.open_for_writing
            candidate.open_for_writing = writing
        if restart:
            candidate.changed_at = now
            self._requeue(path, candidate)

    def confirm(self, path: str, size: int, mtime_ns: int) -> bool:
        """Given a fresh look at a due candidate, return True if it is unchanged: it has
        settled and is forgotten here. Otherwise record the change and return False."""
        candidate = self._candidates.get(path)
        if candidate is None:
            return False
        if (size, mtime_ns) != (candidate.size, candidate.mtime_ns):
            self.observe(path, size, mtime_ns, event=False)
            return False
        if self._clock() < self._due_at(candidate):
            return False
        self.forget(path)
        return True

    def forget(self, path: str) -> None:
        """Drop `path` (deleted, moved away, or handed on). Unknown paths are fine."""
        if self._candidates.pop(path, None) is not None:
            self._closed.pop(path, None)
            self._open.pop(path, None)

    def forget_under(self, folder: str) -> None:
        """Drop every candidate inside `folder` (a path ending without a separator)."""
        prefix = folder.rstrip("/") + "/"
        for path in [path for path in self._candidates if path.startswith(prefix)]:
            self.forget(path)

    def due(self) -> list[str]:
        """Return the candidates whose quiet period has passed, oldest change first."""
        now = self._clock()
        found: list[str] = []
        for queue in (self._closed, self._open):
            for path in queue:
                if self._due_at(self._candidates[path]) > now:
                    break
                found.append(path)
        return found

    def next_due(self) -> float | None:
        """Return the clock time at which the next candidate becomes due, or None if none."""
        times = [
            self._due_at(self._candidates[next(iter(queue))])
            for queue in (self._closed, self._open)
            if queue
        ]
        return min(times, default=None)

    def oldest_first_seen(self) -> float | None:
        """Return when the longest-waiting candidate was first seen, or None if none waits."""
        return next((c.first_seen for c in self._candidates.values()), None)

    def _due_at(self, candidate: Candidate) -> float:
        wait = self.open_write_limit if candidate.open_for_writing else self.quiet_period
        return candidate.changed_at + wait

    def _requeue(self, path: str, candidate: Candidate) -> None:
        self._closed.pop(path, None)
        self._open.pop(path, None)
        queue = self._open if candidate.open_for_writing else self._closed
        queue[path] = None
