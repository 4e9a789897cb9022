"""The memory of what a watcher already handed on, so rescans do not repeat it. Pure: no I/O.

One entry per path: (path, size, mtime_ns) as it was handed on, about 200 bytes with its path
string. The memory is bounded by the files present in the watched tree: each full scan keeps
only the paths it saw, using two generations (entries confirmed by the running scan move to
the new one, the old one is dropped when the scan completes). Entries handed on while a scan
runs go to the new generation, so a file that appears behind the scanner's back is not
forgotten. A scan that fails or could not read some folders drops nothing there: unknown is
not the same as gone.

The memory lives only as long as the process; after a restart every file is handed on once
more unless the consumer seeds the memory with what it already has (`remember_all`), or lets
it ask (`consumer_has`): a consumer that keeps its own map of 100,000 files need not have it
copied here. Consumers must treat a repeat as harmless either way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Entry = tuple[str, int, int]  # (path, size, mtime_ns); a scan's tuples are kept as they come
# Given (path, size, mtime_ns), whether the consumer has that file at that size and mtime
# already, so that handing it on would change nothing.
ConsumerHas = Callable[[str, int, int], bool]


def _has_nothing(path: str, size: int, mtime_ns: int) -> bool:
    return False


class EmittedFiles:
    """Paths already handed on, with size and mtime. Not thread-safe: one owner thread
    (`consumer_has` may be called on it, and must be safe to call there)."""

    def __init__(self, consumer_has: ConsumerHas = _has_nothing) -> None:
        self._current: dict[str, Entry] = {}
        self._previous: dict[str, Entry] | None = None
        self._consumer_has = consumer_has

    def __len__(self) -> int:
        return len(self._current) + len(self._previous or ())

    def remember(self, path: str, size: int, mtime_ns: int) -> None:
        """Record that `path` was handed on with this size and mtime."""
        self._current[path] = (path, size, mtime_ns)
        if self._previous is not None:
            self._previous.pop(path, None)

    def remember_all(self, entries: Iterable[Entry]) -> None:
        """Record many (path, size, mtime_ns) at once, keeping the tuples given: the memory a
        consumer seeds at startup, 100,000 entries in one pass."""
        added = {entry[0]: entry for entry in entries}
        self._current.update(added)
        if self._previous is not None:
            for path in added:
                self._previous.pop(path, None)

    def knows(self, path: str) -> bool:
        """Return True if `path` was handed on (with whatever signature)."""
        return path in self._current or (self._previous is not None and path in self._previous)

    def unchanged(self, path: str, size: int, mtime_ns: int) -> bool:
        """Return True if `path` was handed on with exactly this size and mtime, or the
        consumer has it so. A hit counts as seen by the running scan."""
        entry = (path, size, mtime_ns)
        if self._current.get(path) == entry:
            return True
        if self._previous is not None and self._previous.get(path) == entry:
            self._current[path] = self._previous.pop(path)
            return True
        return self._consumer_has(path, size, mtime_ns)

    def news(self, files: Iterable[Entry]) -> list[Entry]:
        """Given (path, size, mtime_ns) triples a scan saw, return those not handed on with
        exactly that size and mtime and not had so by the consumer; the others count as seen
        by the running scan. (The same as `unchanged` on each, in one call: a rescan of
        100,000 files runs this.)"""
        current, previous = self._current, self._previous or {}
        consumer_has = self._consumer_has
        fresh = []
        for seen in files:
            path = seen[0]
            # During a rescan nearly every file is in the previous generation: look there
            # first. (A path is never in both: moving it takes it out of `previous`.)
            if previous.get(path) == seen:
                current[path] = previous.pop(path)
                continue
            if current.get(path) == seen or consumer_has(*seen):
                continue
            fresh.append(seen)
        return fresh

    def forget(self, path: str) -> None:
        """Drop `path` (deleted or moved away). Unknown paths are fine."""
        self._current.pop(path, None)
        if self._previous is not None:
            self._previous.pop(path, None)

    def forget_under(self, folder: str) -> list[str]:
        """Drop every path inside `folder` and return them."""
        prefix = folder.rstrip("/") + "/"
        dropped: list[str] = []
        for generation in (self._current, self._previous or {}):
            inside = [path for path in generation if path.startswith(prefix)]
            for path in inside:
                del generation[path]
            dropped += inside
        return dropped

    def begin_scan(self) -> None:
        """A full scan starts: from now on, only what it sees or what is handed on survives."""
        if self._previous is not None:
            self._current.update(self._previous)  # an unfinished scan proved nothing
        self._previous, self._current = self._current, {}

    def end_scan(self, *, complete: bool, unread_folders: Iterable[str] = ()) -> None:
        """The scan finished. Drop what it did not see, except when it was not `complete`
        (nothing is dropped) and except inside `unread_folders` (kept as they were)."""
        previous, self._previous = self._previous, None
        if previous is None:
            return
        if not complete:
            previous.update(self._current)
            self._current = previous
            return
        prefixes = tuple(folder.rstrip("/") + "/" for folder in unread_folders)
        if prefixes:
            kept = {path: entry for path, entry in previous.items() if path.startswith(prefixes)}
            kept.update(self._current)
            self._current = kept
