"""Doctor: can gt-watch write where it must, is there room, and are the inotify limits high
enough for the watched trees? Writes one dot-named temporary file per folder (invisible to
the watcher) and removes it; must not touch anything else."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from gt_watch.config.schema import Config, LocalWatch
from gt_watch.errors import WatchRootError
from gt_watch.results.sidecars import TEMP_PREFIX
from gt_watch.service.doctor import Finding
from gt_watch.watchers.scan import check_root, scan_tree

MIN_FREE = 100 * 1024 * 1024  # below this, sidecar and database writes may fail soon
LOW_FREE = 1024 * 1024 * 1024
INOTIFY = Path("/proc/sys/fs/inotify")


def check_folders(config: Config) -> list[Finding]:
    """Given the config, check the state folder and every local watched folder."""
    state = config.state.database.parent
    findings = [check_folder(state, "state.database", "state folder")]
    for index, watch in enumerate(config.watches):
        if isinstance(watch, LocalWatch):
            findings.append(check_folder(watch.path, f"watches[{index}].path", "watched folder"))
    return findings


def check_folder(folder: Path, setting: str, what: str) -> Finding:
    """Given a folder gt-watch writes to, the setting naming it and what it is, check that
    it exists, can be written by this user, and has room."""
    check = f"{what} {folder}"
    try:
        check_root(str(folder))
    except WatchRootError as error:
        return Finding.failure(check, error.message, setting, "create the folder or fix the path")
    try:
        descriptor, probe = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)
        os.close(descriptor)
        os.unlink(probe)
    except OSError as error:
        return Finding.failure(
            check,
            f"this user ({_user()}) cannot write there: {error.strerror}",
            setting,
            f"let the service user write to {folder} (chown/chmod or an ACL), and list it "
            "in ReadWritePaths= of the unit",
        )
    free = shutil.disk_usage(folder).free
    if free < MIN_FREE:
        return Finding.failure(
            check, f"only {_size(free)} free", setting, "free disk space or move the folder"
        )
    if free < LOW_FREE:
        return Finding.warning(check, f"only {_size(free)} free", setting, "free disk space soon")
    return Finding.ok(check, f"writable by {_user()}, {_size(free)} free")


def check_inotify(config: Config, limits: Path = INOTIFY) -> Finding:
    """Given the config, compare the inotify watches the local watches need (one per
    folder of each tree) with fs.inotify.max_user_watches."""
    watches = [w for w in config.watches if isinstance(w, LocalWatch) and not w.polling]
    needed = sum(_folders(watch) for watch in watches)
    limit = _read_limit(limits / "max_user_watches")
    if limit is None:
        return Finding.warning(
            "inotify", "cannot read fs.inotify.max_user_watches", None, "check /proc/sys/fs"
        )
    message = f"{needed} folder(s) to watch, fs.inotify.max_user_watches={limit}"
    fix = (
        f"raise the limit: `sysctl fs.inotify.max_user_watches={max(524288, needed * 2)}` and "
        "the same line in /etc/sysctl.d/90-gt-watch.conf, or set `polling: true` on the "
        "largest watch"
    )
    if needed >= limit:
        return Finding.failure("inotify", message, "watches", fix)
    if needed * 2 > limit:
        return Finding.warning(
            "inotify", message + " (other programs need watches too)", "watches", fix
        )
    return Finding.ok("inotify", message)


def _folders(watch: LocalWatch) -> int:
    if not watch.recursive:
        return 1
    try:
        report = scan_tree(
            str(watch.path), recursive=True, on_files=lambda files: None, count_ignored_folders=True
        )
    except WatchRootError:
        return 0  # reported by the folder check
    return report.folders


def _read_limit(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _user() -> str:
    import pwd

    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return str(os.geteuid())


def _size(count: int) -> str:
    return f"{count / 1024**3:.1f} GiB" if count >= 1024**3 else f"{count / 1024**2:.0f} MiB"
