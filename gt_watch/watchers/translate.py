"""Turning watchdog's events into notes for the watcher: which path to look at, and why.

Runs in watchdog's dispatcher thread, so it only classifies and forwards: no file system
access, nothing that can block. Ignored names are dropped here, before they cost anything.
Whether a file is open for writing is known only from inotify: a write (IN_MODIFY) means a
writer holds it open until its close-write. A create alone says nothing (a hard link, or the
events watchdog simulates for a folder that was copied in), so it only asks for a look.
"""

from __future__ import annotations

import enum
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)

from gt_watch.watchers.names import NameKind, classify

logger = logging.getLogger(__name__)

# What the inotify observer is asked for (watchdog turns this into the kernel's event mask):
# no IN_OPEN / IN_CLOSE_NOWRITE, so readers (the pipeline hashing, a media server indexing)
# cost nothing.
WANTED_EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileMovedEvent,
    FileDeletedEvent,
    DirCreatedEvent,
    DirMovedEvent,
    DirDeletedEvent,
]


class Change(enum.Enum):
    """Why the watcher should look at a path."""

    WRITING = "writing"  # a writer is at work: hold until its close
    CLOSED = "closed"  # a writer closed the file
    APPEARED = "appeared"  # created, moved in, or changed: look at it
    GONE = "gone"  # deleted or moved away
    FOLDER_GONE = "folder_gone"  # a folder (maybe the root) was deleted or moved away


@dataclass(frozen=True, slots=True)
class Note:
    """One path to look at, and why."""

    path: str
    change: Change


def notes_for(event: FileSystemEvent, *, polling: bool) -> list[tuple[str, Change]]:
    """Given a watchdog event, return (path, change) pairs for the paths it concerns.
    Paths are as watchdog reports them; an empty path (the outside end of a move) is left
    out."""
    source, destination = _text(event.src_path), _text(getattr(event, "dest_path", ""))
    kind = event.event_type
    if event.is_directory:
        if kind in ("deleted", "moved"):
            return [(source, Change.FOLDER_GONE)] if source else []
        return []
    if kind == "moved":
        pairs = [(source, Change.GONE)] if source else []
        return pairs + ([(destination, Change.APPEARED)] if destination else [])
    change = {
        "deleted": Change.GONE,
        "closed": Change.CLOSED,
        "modified": Change.APPEARED if polling else Change.WRITING,
        "created": Change.APPEARED,
        "attrib": Change.APPEARED,
    }.get(kind)
    return [(source, change)] if change is not None and source else []


class EventForwarder(FileSystemEventHandler):
    """A watchdog handler that forwards notes for non-ignored paths to `deliver`.

    `observed_root` is the folder watchdog watches (symlinks resolved), `reported_root` the
    folder as configured; paths are reported under the latter.
    """

    def __init__(
        self,
        *,
        observed_root: str,
        reported_root: str,
        polling: bool,
        deliver: Callable[[Note], None],
    ) -> None:
        super().__init__()
        self._observed_root = observed_root
        self._reported_root = reported_root
        self._polling = polling
        self._deliver = deliver

    def dispatch(self, event: FileSystemEvent) -> None:
        """Forward the notes of one event. Never raises: an exception here would end
        watchdog's dispatcher thread."""
        try:
            for path, change in notes_for(event, polling=self._polling):
                reported = self.reported_path(path, change)
                if reported is not None:
                    self._deliver(Note(reported, change))
        except Exception:
            logger.exception("could not handle file system event %r", event)

    def reported_path(self, path: str, change: Change) -> str | None:
        """Given an observed path, return it under the reported root, or None if it is
        outside the root or its name is ignored. The root itself passes only when gone."""
        root = self._observed_root
        if path == root:
            return self._reported_root if change is Change.FOLDER_GONE else None
        if not path.startswith(root.rstrip("/") + "/"):
            return None
        relative = path[len(root.rstrip("/")) + 1 :]
        parts = relative.split("/")
        if change is Change.FOLDER_GONE:
            # A folder's own name may be ignored, yet its candidates still need forgetting
            # when it was renamed to an ignored name; forgetting unknown paths is harmless.
            return os.path.join(self._reported_root, relative)
        if classify(parts) is NameKind.IGNORED:
            return None
        return os.path.join(self._reported_root, relative)


def _text(path: bytes | str) -> str:
    return os.fsdecode(path) if path else ""
