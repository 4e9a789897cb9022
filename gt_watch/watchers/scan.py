"""Walking a watched tree with os.scandir: what regular files are there, with size and mtime.

Reads the file system and nothing else; it does not decide when a file is complete (that is
`stability`) and never opens or hashes a file, so a rescan of 100,000 files costs one
`getdents` per folder and one `lstat` per file. Symbolic links are never followed: a link to
a folder could loop, and a link to a file could make gt-watch upload something outside the
watched folder. Folders reached twice (bind mounts) are walked once. FIFOs, sockets and
devices are skipped, since opening a FIFO would block the pipeline forever.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field

from gt_watch.errors import WatchRootError
from gt_watch.watchers.names import RULES_FILE_NAME, is_ignored_name

logger = logging.getLogger(__name__)

FileSeen = tuple[str, int, int]  # (path, size, mtime_ns)


@dataclass(slots=True)
class ScanReport:
    """What a walk found: counts, and the folders it could not read (kept as unknown)."""

    files: int = 0
    folders: int = 0
    unread_folders: list[str] = field(default_factory=list)
    cancelled: bool = False


def check_root(root: str) -> None:
    """Given a watched root, return if it is a folder gt-watch can list. Raise
    WatchRootError saying what is wrong and what to do otherwise."""
    try:
        mode = os.stat(root).st_mode
        if not stat.S_ISDIR(mode):
            raise WatchRootError(f"watched folder {root} is not a folder: fix the watch's path")
        with os.scandir(root):
            pass
    except FileNotFoundError:
        raise WatchRootError(
            f"watched folder {root} does not exist: create it, mount it, or fix the watch's"
            " path; gt-watch keeps retrying"
        ) from None
    except PermissionError:
        raise WatchRootError(
            f"watched folder {root} is not readable by this user: grant read and execute"
            " permission (and write, for sidecars); gt-watch keeps retrying"
        ) from None
    except OSError as error:
        raise WatchRootError(
            f"watched folder {root} cannot be read ({error.strerror}); gt-watch keeps retrying"
        ) from None


def scan_tree(
    root: str,
    *,
    recursive: bool,
    on_files: Callable[[list[FileSeen]], None],
    count_ignored_folders: bool = False,
    cancelled: Callable[[], bool] = lambda: False,
) -> ScanReport:
    """Given a watched root, call `on_files` with the candidate and rules files of each
    folder (never ignored names) and return a ScanReport. Raise WatchRootError if the root
    itself cannot be listed. `count_ignored_folders` also counts folders below ignored ones
    (inotify watches those too), without looking at their files."""
    check_root(root)
    report = ScanReport()
    visited: set[tuple[int, int]] = set()
    pending: list[tuple[str, bool]] = [(root, False)]
    while pending:
        if cancelled():
            report.cancelled = True
            return report
        folder, ignored = pending.pop()
        if not _first_visit(folder, visited):
            continue
        report.folders += 1
        entries = _list_folder(folder, report, is_root=folder == root)
        files: list[FileSeen] = []
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                hidden = ignored or is_ignored_name(entry.name)
                if recursive and (count_ignored_folders or not hidden):
                    pending.append((entry.path, hidden))
                continue
            # What classify_file_name says is not IGNORED, and the lstat of a regular file,
            # written out: this line runs once per file of the tree.
            name = entry.name
            if ignored or (name != RULES_FILE_NAME and is_ignored_name(name)):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue  # vanished since the listing
            if stat.S_ISREG(info.st_mode):
                files.append((entry.path, info.st_size, info.st_mtime_ns))
        if files:
            report.files += len(files)
            on_files(files)
    return report


def _first_visit(folder: str, visited: set[tuple[int, int]]) -> bool:
    try:
        info = os.stat(folder, follow_symlinks=False)
    except OSError:
        return True  # _list_folder reports it, or it vanished
    key = (info.st_dev, info.st_ino)
    if key in visited:
        return False
    visited.add(key)
    return True


def _list_folder(folder: str, report: ScanReport, *, is_root: bool) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as iterator:
            return list(iterator)
    except FileNotFoundError:
        if is_root:
            check_root(folder)  # raises the clear message
        return []  # vanished between listing its parent and now
    except OSError as error:
        if is_root:
            check_root(folder)
        logger.warning(
            "cannot read folder %s (%s): its files are skipped until it is readable",
            folder,
            error.strerror,
            extra={"file": folder},
        )
        report.unread_folders.append(folder)
        return []
