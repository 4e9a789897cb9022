"""Writing sidecar files: atomically, and keeping the previous version when one is replaced.
Knows nothing of jobs or the database; callers decide whether a write is allowed.

Atomic means: the bytes go to a dot-prefixed temporary file in the same folder (invisible to
the watcher and to media servers), are fsynced, renamed over the target, and the folder is
fsynced. A reader sees the old file or the complete new one, never a part; a crash or a full
disk leaves the old file untouched.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from gt_watch.errors import SidecarWriteError

TEMP_PREFIX = ".gt-watch-tmp-"
BACKUP_FOLDER = Path(".gt-watch") / "backup"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, or None if there is no such file."""
    try:
        return sha256_bytes(path.read_bytes())
    except FileNotFoundError:
        return None


def atomic_write(path: Path, data: bytes, *, mode: int = 0o644) -> tuple[int, int]:
    """Write `data` to `path` atomically (temp file, fsync, rename, fsync folder); return
    the (size, mtime_ns) of the file written, as taken before the rename made it visible.
    Raise SidecarWriteError, with the old file intact and no temporary left, if that fails."""
    folder = path.parent
    descriptor, temporary = -1, ""
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)
        with os.fdopen(descriptor, "wb") as stream:
            descriptor = -1
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
            # What the file is once visible: neither the chmod nor the rename changes it.
            written = os.fstat(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
        temporary = ""
        _fsync_folder(folder)
    except OSError as error:
        raise SidecarWriteError(_explain(path, error)) from error
    finally:
        if descriptor >= 0:
            os.close(descriptor)
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    return written.st_size, written.st_mtime_ns


def backup(path: Path, stamp: str) -> Path | None:
    """Copy an existing sidecar into `<folder>/.gt-watch/backup/<stamp>/` before it is
    replaced; return the copy's path (None if there was nothing to keep)."""
    if not path.exists():
        return None
    target = path.parent / BACKUP_FOLDER / stamp / path.name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    except OSError as error:
        raise SidecarWriteError(_explain(target, error)) from error
    return target


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _explain(path: Path, error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return f"cannot write {path}: the disk is full; free space and run `gt-watch retry`"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write {path}: permission denied; let the gt-watch user write there"
    return f"cannot write {path}: {error.strerror or error}"
