"""Reading a local media file for upload: its identity when opened, bounded chunks read by
position, and the check that it did not change meanwhile. Must not talk to the network.

Uploads read through one file descriptor with `os.pread`, so parallel parts share it safely
and a file renamed or deleted after opening still yields the bytes that were opened.
"""

from __future__ import annotations

import mimetypes
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from gt_watch.errors import StorageError

# Large enough that per-chunk overhead vanishes next to the socket write, small enough that a
# handful of parallel parts keep only a few MiB in flight.
CHUNK_SIZE = 1024 * 1024

# Types that `mimetypes` gets wrong or does not know on a bare system; media hosts and the
# vendor's fetcher may look at them.
_MEDIA_TYPES = {
    ".aac": "audio/aac",
    ".aif": "audio/aiff",
    ".aiff": "audio/aiff",
    ".flac": "audio/flac",
    ".m4a": "audio/mp4",
    ".m4v": "video/mp4",
    ".mkv": "video/x-matroska",
    ".mov": "video/quicktime",
    ".mp3": "audio/mpeg",
    ".mp4": "video/mp4",
    ".mxf": "application/mxf",
    ".oga": "audio/ogg",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
    ".wav": "audio/wav",
    ".webm": "video/webm",
    ".wma": "audio/x-ms-wma",
    ".wmv": "video/x-ms-wmv",
}


def content_type_for(path: Path) -> str:
    """Given a file name, return its media type by extension (`application/octet-stream`
    when unknown)."""
    suffix = path.suffix.lower()
    if suffix in _MEDIA_TYPES:
        return _MEDIA_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name, strict=False)
    return guessed or "application/octet-stream"


@dataclass(frozen=True, slots=True)
class FileSnapshot:
    """What a file was when opened: enough to notice it changed or was replaced."""

    path: Path
    size: int
    mtime_ns: int
    inode: int
    device: int

    @classmethod
    def of(cls, path: Path, status: os.stat_result) -> FileSnapshot:
        """Given a path and its stat result, return its snapshot."""
        return cls(path, status.st_size, status.st_mtime_ns, status.st_ino, status.st_dev)


@contextmanager
def open_for_upload(path: Path) -> Iterator[tuple[int, FileSnapshot]]:
    """Given a path, yield a read-only descriptor and the file's snapshot; close it after.
    Raise StorageError if the file is missing, unreadable or not a regular file."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise StorageError(
            f"{path}: the file vanished before upload; it was moved or deleted after it was seen"
        ) from None
    except OSError as error:
        raise StorageError(f"{path}: cannot open for upload: {error.strerror}") from None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise StorageError(f"{path}: not a regular file; only files can be uploaded")
        yield fd, FileSnapshot.of(path, status)
    finally:
        os.close(fd)


def read_chunks(
    fd: int,
    snapshot: FileSnapshot,
    offset: int,
    length: int,
    *,
    on_read: Callable[[int], None] | None = None,
    before_last: Callable[[], None] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[bytes]:
    """Given an open file and a byte range, yield the range in chunks of at most
    `chunk_size`, calling `on_read` with the bytes yielded so far in this range and
    `before_last` before the final chunk leaves. Raise StorageError if the file ends early."""
    if length == 0 and before_last is not None:
        before_last()
    done = 0
    while done < length:
        want = min(chunk_size, length - done)
        chunk = os.pread(fd, want, offset + done)
        if len(chunk) != want:
            raise StorageError(changed_message(snapshot, "shrank"))
        done += want
        if done == length and before_last is not None:
            before_last()
        yield chunk
        if on_read is not None:
            on_read(done)


def check_unchanged(fd: int, snapshot: FileSnapshot) -> None:
    """Given an open file and its snapshot, return if it still has the same size and
    modification time under the same path. Raise StorageError if it changed, vanished or was
    replaced by another file."""
    now = os.fstat(fd)
    if now.st_size != snapshot.size:
        verb = "grew" if now.st_size > snapshot.size else "shrank"
        raise StorageError(changed_message(snapshot, verb))
    if now.st_mtime_ns != snapshot.mtime_ns:
        raise StorageError(changed_message(snapshot, "was modified"))
    try:
        at_path = os.stat(snapshot.path)
    except FileNotFoundError:
        raise StorageError(changed_message(snapshot, "vanished (moved or deleted)")) from None
    if (at_path.st_ino, at_path.st_dev) != (snapshot.inode, snapshot.device):
        raise StorageError(changed_message(snapshot, "was replaced by another file"))


def changed_message(snapshot: FileSnapshot, what_happened: str) -> str:
    """Given a snapshot and what happened to the file, return the message for people."""
    return (
        f"{snapshot.path}: the file {what_happened} during upload (it had {snapshot.size} "
        "bytes); nothing was kept. Check that no program still writes or replaces it"
    )
