"""Walking a watched tree: regular files with size and mtime, nothing else, never a loop."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gt_watch.errors import WatchRootError
from gt_watch.watchers.scan import FileSeen, ScanReport, _first_visit, check_root, scan_tree
from tests.support.processes import child_env


def scan(root: Path, *, recursive: bool = True, **options: bool) -> tuple[set[str], ScanReport]:
    seen: list[FileSeen] = []
    report = scan_tree(str(root), recursive=recursive, on_files=seen.extend, **options)
    return {str(Path(path).relative_to(root)) for path, _, _ in seen}, report


def write(path: Path, data: bytes = b"data") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_scan_reports_every_regular_file_with_its_size_and_mtime(tmp_path: Path) -> None:
    media = write(tmp_path / "a" / "b" / "interview.wav", b"x" * 123)
    seen: list[FileSeen] = []
    report = scan_tree(str(tmp_path), recursive=True, on_files=seen.extend)
    info = media.stat()
    assert seen == [(str(media), 123, info.st_mtime_ns)]
    assert (report.files, report.folders, report.unread_folders) == (1, 3, [])


def test_scan_hands_over_the_files_of_each_folder_in_one_call(tmp_path: Path) -> None:
    for name in ("one.wav", "two.wav", "sub/three.wav"):
        write(tmp_path / name)
    calls: list[list[FileSeen]] = []
    scan_tree(str(tmp_path), recursive=True, on_files=calls.append)
    assert sorted(len(files) for files in calls) == [1, 2]


def test_a_non_recursive_scan_stays_in_the_root(tmp_path: Path) -> None:
    write(tmp_path / "top.wav")
    write(tmp_path / "sub" / "deep.wav")
    names, report = scan(tmp_path, recursive=False)
    assert names == {"top.wav"}
    assert report.folders == 1


def test_scan_skips_ignored_names_and_everything_in_dot_folders(tmp_path: Path) -> None:
    for name in (
        "keep.wav",
        "sub/keep.mp3",
        "copy.wav.part",
        "~$notes.docx",
        ".rsync.wav.a1B2c3",
        ".gt-watch/state.db",
        ".gt-watch/.gt-watch.yaml",
        "sub/.cache/keep.wav",
        "clip.mov.download/clip.mov",
    ):
        write(tmp_path / name)
    write(tmp_path / ".gt-watch.yaml", b"orders: []")
    write(tmp_path / "sub" / ".gt-watch.yaml", b"orders: []")
    names, _ = scan(tmp_path)
    assert names == {"keep.wav", "sub/keep.mp3", ".gt-watch.yaml", "sub/.gt-watch.yaml"}


def test_ignored_folders_are_counted_for_inotify_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / ".git" / "objects" / "ab").mkdir(parents=True)
    (tmp_path / "season").mkdir()
    _, plain = scan(tmp_path)
    names, counted = scan(tmp_path, count_ignored_folders=True)
    assert (plain.folders, counted.folders) == (2, 5)
    assert names == set()


def test_scan_never_follows_symbolic_links_so_a_loop_ends(tmp_path: Path) -> None:
    outside = write(tmp_path.parent / f"{tmp_path.name}-outside" / "secret.wav")
    root = tmp_path / "watched"
    write(root / "real.wav")
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "secret.wav").symlink_to(outside)
    (root / "dangling.wav").symlink_to(root / "missing.wav")
    names, report = scan(root, count_ignored_folders=True)
    assert names == {"real.wav"}
    assert report.folders == 1


def test_a_folder_reached_twice_is_walked_once(tmp_path: Path) -> None:
    """Bind mounts can make a tree reach a folder twice; hard links to folders cannot be
    made, so the check is shown on the same folder named twice in the walk's queue."""
    write(tmp_path / "a.wav")
    visited: set[tuple[int, int]] = set()
    assert _first_visit(str(tmp_path), visited)
    assert not _first_visit(str(tmp_path) + "/.", visited)


def test_scan_skips_fifos_which_would_block_a_reader(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.wav")
    write(tmp_path / "real.wav")
    names, _ = scan(tmp_path)
    assert names == {"real.wav"}


def test_a_cancelled_scan_says_so_and_stops(tmp_path: Path) -> None:
    write(tmp_path / "a.wav")
    seen: list[FileSeen] = []
    report = scan_tree(str(tmp_path), recursive=True, on_files=seen.extend, cancelled=lambda: True)
    assert report.cancelled
    assert seen == []


def test_a_missing_root_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "not-mounted"
    with pytest.raises(WatchRootError, match=r"not-mounted does not exist: create it, mount it"):
        scan_tree(str(missing), recursive=True, on_files=lambda files: None)


def test_a_root_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    a_file = write(tmp_path / "clip.wav")
    with pytest.raises(WatchRootError, match=r"clip.wav is not a folder: fix the watch's path"):
        check_root(str(a_file))


_UNPRIVILEGED_SCAN = """
import json, sys
from gt_watch.errors import WatchRootError
from gt_watch.watchers.scan import check_root, scan_tree
found = []
report = scan_tree(sys.argv[1], recursive=True, on_files=found.extend)
try:
    check_root(sys.argv[2])
    root_error = None
except WatchRootError as error:
    root_error = error.message
print(json.dumps({"files": [path for path, _, _ in found],
                  "unread": report.unread_folders, "root_error": root_error}))
"""


def _run_without_read_override(*argv: str) -> dict[str, object]:
    """Run a scan in a child that cannot bypass file permissions: as root, without the
    capabilities that let root read every folder."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        drop = "-dac_override,-dac_read_search"
        prefix = ["setpriv", f"--inh-caps={drop}", f"--bounding-set={drop}", "--"]
    result = subprocess.run(
        [*prefix, sys.executable, "-c", _UNPRIVILEGED_SCAN, *argv],
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return dict(json.loads(result.stdout))


def test_an_unreadable_folder_is_reported_and_skipped_not_fatal(tmp_path: Path) -> None:
    write(tmp_path / "open" / "a.wav")
    write(tmp_path / "locked" / "b.wav")
    (tmp_path / "locked").chmod(0)
    try:
        outcome = _run_without_read_override(str(tmp_path), str(tmp_path / "locked"))
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert outcome["files"] == [str(tmp_path / "open" / "a.wav")]
    assert outcome["unread"] == [str(tmp_path / "locked")]
    assert "locked is not readable by this user: grant read" in str(outcome["root_error"])
