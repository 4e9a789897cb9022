"""Deciding, from notes and scans, which files are complete, and handing them to the sink.

Owns the candidates (`stability`) and the memory of what was handed on (`emitted`); looks at
files with one `lstat` each and never opens them. Everything here runs on one thread, the
watcher's settler thread, so nothing here locks. It does not start threads or observers:
that is `local`.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from gt_watch.errors import WatchRootError
from gt_watch.model import RulesChanged, StableFile, WatchEvent
from gt_watch.watchers.emitted import ConsumerHas, EmittedFiles, Entry
from gt_watch.watchers.handoff import hand_over
from gt_watch.watchers.names import RULES_FILE_NAME
from gt_watch.watchers.scan import FileSeen, ScanReport
from gt_watch.watchers.stability import QuietPeriodTracker
from gt_watch.watchers.translate import Change, Note

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ScanStarted:
    """The scanner begins full scan number `generation`."""

    generation: int


@dataclass(frozen=True, slots=True)
class ScanFiles:
    """Files one folder of the running scan holds (candidates and rules files only)."""

    files: list[FileSeen]


@dataclass(frozen=True, slots=True)
class ScanFinished:
    """Full scan number `generation` ended, with a report or with the root's error."""

    generation: int
    report: ScanReport | None
    error: WatchRootError | None


Message = Note | ScanStarted | ScanFiles | ScanFinished


class Settler:
    """The watch's state: candidates, handed-on memory, and the rules for moving between."""

    def __init__(
        self,
        root: Path,
        *,
        tracker: QuietPeriodTracker,
        sink: Callable[[WatchEvent], None],
        known_files: Iterable[tuple[str | Path, int, int]] = (),
        consumer_has: ConsumerHas | None = None,
    ) -> None:
        self.root = root
        self.tracker = tracker
        self.emitted = EmittedFiles() if consumer_has is None else EmittedFiles(consumer_has)
        self._sink = sink
        self.emitted.remember_all(
            cast(Entry, entry) if isinstance(entry[0], str) else (str(entry[0]), *entry[1:])
            for entry in known_files
        )

    def take(self, messages: list[Message]) -> None:
        """Apply messages in order; runs of notes are merged so a path is looked at once."""
        notes: dict[str, bool | None] = {}
        for message in messages:
            if isinstance(message, Note) and message.change is not Change.FOLDER_GONE:
                notes[message.path] = _writing(message.change, notes.get(message.path))
                continue
            self._look_at_all(notes)
            notes = {}
            if isinstance(message, Note):
                self.folder_gone(message.path)
            elif isinstance(message, ScanStarted):
                self.emitted.begin_scan()
            elif isinstance(message, ScanFiles):
                self._take_scanned(message.files)
            else:
                self._end_scan(message)
        self._look_at_all(notes)

    def settle_due(self) -> None:
        """Look again at every candidate whose quiet period has passed; hand on the settled."""
        for path in self.tracker.due():
            candidate = self.tracker.get(path)
            try:
                signature = _look(path)
            except OSError as error:
                if candidate is not None:  # keep it, and look again after a quiet period
                    self.tracker.observe(path, candidate.size, candidate.mtime_ns, event=True)
                _warn_unreadable(path, error)
                continue
            if signature is None:
                self.gone(path)
                continue
            held_open = candidate is not None and candidate.open_for_writing
            if self.tracker.confirm(path, *signature):
                if held_open:
                    logger.info(
                        "%s is still open for writing but has not changed for %.0f s:"
                        " treating it as complete",
                        path,
                        self.tracker.open_write_limit,
                        extra={"file": path},
                    )
                self._hand_on(path, *signature)

    def gone(self, path: str) -> None:
        """`path` no longer exists: forget it; a known rules file's removal is reported."""
        told = self.emitted.knows(path)
        self.tracker.forget(path)
        self.emitted.forget(path)
        if told and _is_rules_file(path):
            self._deliver(RulesChanged(Path(path)))

    def folder_gone(self, folder: str) -> None:
        """A folder was deleted or moved away: forget what waits in it, and report the rules
        files it took along. The memory is kept for the root itself, so that a share that
        comes back is not handed on again."""
        self.tracker.forget_under(folder)
        if folder == str(self.root):
            return
        for path in self.emitted.forget_under(folder):
            if _is_rules_file(path):
                self._deliver(RulesChanged(Path(path)))

    def _look_at_all(self, notes: dict[str, bool | None]) -> None:
        for path, writing in notes.items():
            try:
                signature = _look(path)
            except OSError as error:
                _warn_unreadable(path, error)  # the next event or scan looks again
                continue
            if signature is None:
                self.gone(path)
            elif path in self.tracker or not self.emitted.unchanged(path, *signature):
                self.tracker.observe(path, *signature, event=True, writing=writing)

    def _take_scanned(self, files: list[FileSeen]) -> None:
        tracker = self.tracker
        waiting: list[FileSeen] = []
        if len(tracker):  # usually empty during a rescan: skip the membership tests
            waiting = [seen for seen in files if seen[0] in tracker]
            if waiting:
                files = [seen for seen in files if seen[0] not in tracker]
        waiting += self.emitted.news(files)
        for path, size, mtime_ns in waiting:
            tracker.observe(path, size, mtime_ns, event=False)

    def _end_scan(self, finished: ScanFinished) -> None:
        report = finished.report
        if report is None:
            self.emitted.end_scan(complete=False)
            return
        self.emitted.end_scan(complete=not report.cancelled, unread_folders=report.unread_folders)

    def _hand_on(self, path: str, size: int, mtime_ns: int) -> None:
        if self.emitted.unchanged(path, size, mtime_ns):
            return
        event: WatchEvent
        if _is_rules_file(path):
            event = RulesChanged(Path(path))
        else:
            event = StableFile(Path(path), size, mtime_ns, self.root)
        if self._deliver(event):
            self.emitted.remember(path, size, mtime_ns)
            logger.debug("handed on %s", path, extra={"file": path})

    def _deliver(self, event: WatchEvent) -> bool:
        # Not remembered as handed on when it fails: the next rescan offers the file again.
        return hand_over(self._sink, event)


def _writing(change: Change, before: bool | None) -> bool | None:
    if change is Change.WRITING:
        return True
    if change is Change.CLOSED:
        return False
    return before


def _look(path: str) -> tuple[int, int] | None:
    """Return (size, mtime_ns) of a regular file, or None if there is none at `path`.
    Raise OSError if that cannot be known now (permissions, a share's I/O error)."""
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return info.st_size, info.st_mtime_ns


def _warn_unreadable(path: str, error: OSError) -> None:
    logger.warning(
        "cannot look at %s (%s): keeping it as it was, will look again",
        path,
        error.strerror,
        extra={"file": path},
    )


def _is_rules_file(path: str) -> bool:
    return os.path.basename(path) == RULES_FILE_NAME
