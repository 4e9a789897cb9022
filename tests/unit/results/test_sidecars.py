from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from gt_watch.errors import SidecarWriteError
from gt_watch.results import sidecars
from gt_watch.results.sidecars import TEMP_PREFIX, atomic_write, backup


def test_atomic_write_replaces_content_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a.en.srt"
    target.write_text("old")
    atomic_write(target, "new ✓".encode())
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert [p.name for p in tmp_path.iterdir()] == ["a.en.srt"]


def test_atomic_write_returns_the_size_and_mtime_the_written_file_has(tmp_path: Path) -> None:
    target = tmp_path / "a.en.srt"
    signature = atomic_write(target, b"twelve bytes")
    status = os.lstat(target)
    assert signature == (12, status.st_mtime_ns) == (status.st_size, status.st_mtime_ns)


def test_full_disk_keeps_the_old_file_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.en.srt"
    target.write_text("old")

    def no_space(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(sidecars.os, "fsync", no_space)
    with pytest.raises(SidecarWriteError, match="the disk is full"):
        atomic_write(target, b"new")
    assert target.read_text() == "old"
    assert not any(p.name.startswith(TEMP_PREFIX) for p in tmp_path.iterdir())


def test_unwritable_folder_is_reported_with_the_path(tmp_path: Path) -> None:
    with pytest.raises(SidecarWriteError, match="missing"):
        atomic_write(tmp_path / "missing" / "a.srt", b"x")


def test_backup_keeps_the_previous_version_in_a_dot_folder(tmp_path: Path) -> None:
    target = tmp_path / "a.en.srt"
    target.write_text("version 1")
    kept = backup(target, "20261123T120000")
    assert kept == tmp_path / ".gt-watch" / "backup" / "20261123T120000" / "a.en.srt"
    assert kept.read_text() == "version 1"
    assert backup(tmp_path / "none.srt", "x") is None
