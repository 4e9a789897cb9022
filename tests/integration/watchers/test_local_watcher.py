"""LocalWatcher on real folders with real inotify: what is handed on, when, and what not."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from watchdog.utils import BaseThread

from gt_watch.model import RulesChanged, StableFile
from gt_watch.watchers import LocalWatcher
from gt_watch.watchers.observer import BENIGN_WATCHDOG_WARNING
from tests.integration.watchers.waiting import QUIET, Collected, settle, wait_until

StartWatcher = Callable[..., LocalWatcher]

pytestmark = pytest.mark.filterwarnings(f"ignore:{BENIGN_WATCHDOG_WARNING}:RuntimeWarning")


def write(path: Path, data: bytes = b"media") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_a_file_written_and_closed_is_handed_on_once_after_the_quiet_period(
    tmp_path: Path, start_watcher: StartWatcher, collected: Collected
) -> None:
    watcher = start_watcher(tmp_path)
    media = write(tmp_path / "interview.wav", b"x" * 1000)
    event = collected.wait_for_file(media)
    info = media.stat()
    assert event == StableFile(media, 1000, info.st_mtime_ns, tmp_path)
    settle(watcher)
    assert collected.events == [event]


def test_a_file_still_being_written_is_handed_on_only_after_its_close(
    tmp_path: Path, start_watcher: StartWatcher, collected: Collected
) -> None:
    start_watcher(tmp_path)
    media = tmp_path / "recording.wav"
    with media.open("wb") as output:
        for _ in range(8):
            output.write(b"x" * 4096)
            output.flush()
            wait_until(lambda: media.stat().st_size > 0, "the write reached the file")
        assert collected.events == []
    event = collected.wait_for_file(media)
    assert event.size == 8 * 4096


def test_a_writer_that_stalls_with_the_file_open_is_waited_for(
    tmp_path: Path, start_watcher: StartWatcher, collected: Collected
) -> None:
    watcher = start_watcher(tmp_path)
    media = tmp_path / "copy-over-wifi.wav"
    with media.open("wb") as output:
        output.write(b"first half")
        output.flush()
        wait_until(lambda: watcher.lag() > 5 * QUIET, "the stalled file waited a while")
        assert collected.events == []
        assert watcher.pending() == 1
        output.write(b" and the rest")
    assert collected.wait_for_file(media).size == len(b"first half and the rest")
    assert watcher.lag() == 0.0


def test_a_file_moved_in_from_outside_counts_like_a_new_one(
    tmp_path: Path, start_watcher: StartWatcher, collected: Collected
) -> None:
    watched, outside = tmp_path / "watched", tmp_path / "outside"
    watched.mkdir()
    source = write(outside / "take1.wav")
    start_watcher(watched)
    os.rename(source, watched / "take1.wav")
    assert collected.wait_for_file(watched / "take1.wav").size == len(b"media")


def test_a_folder_moved_in_from_outside_hands_on_its_files(
    tmp_path: Path, start_watcher: StartWatcher, collected: Collected
) -> None:
    watched, outside = tmp_path / "watched", tmp_path / "outside"
    watched.mkdir()
    write(outside / "card" / "DCIM" / "clip1.mp4")
    write(outside / "card" / "clip2.mp4")
    start_watcher(watched)
    os.rename(outside / "card", watched / "card")
    collected.wait_for_file(watched / "card" / "DCIM" / "clip1.mp4")
    collected.wait_for_file(watched / "card" / "clip2.mp4")


def test_a_hard_link_which_never_reports_a_close_is_handed_on_after_the_quiet_period(
    tmp_path: Path, start_watcher: StartWatcher, collected: Collected
) -> None:
    watched = tmp_path / "watched"
    watched.mkdir()
    source = write(tmp_path / "archive" / "master.wav")
    start_watcher(watched)
    os.link(source, watched / "master.wav")
    collected.wait_for_file(watched / "master.wav")


def test_a_download_renamed_from_its_partial_name_is_handed_on_under_its_final_name(
    tmp_path: Path, start_watcher: StartWatcher, collected: Collected
) -> None:
    watcher = start_watcher(tmp_path)
    partial = write(tmp_path / "lecture.mp4.crdownload", b"x" * 5000)
    rsync_temporary = write(tmp_path / ".lecture2.mp4.Gx81kd", b"y" * 10)
    os.rename(partial, tmp_path / "lecture.mp4")
    os.rename(rsync_temporary, tmp_path / "lecture2.mp4")
    collected.wait_for_file(tmp_path / "lecture.mp4")
    collected.wait_for_file(tmp_path / "lecture2.mp4")
    settle(watcher)
    assert sorted(collected.files()) == [tmp_path / "lecture.mp4", tmp_path / "lecture2.mp4"]


def test_files_in_nested_folders_are_handed_on_when_recursive(
    tmp_path: Path, start_watcher: StartWatcher, collected: Collected
) -> None:
    write(tmp_path / "existing" / "old.wav")
    start_watcher(tmp_path)
    deep = write(tmp_path / "2024" / "march" / "day 1" / "talk.wav")
    collected.wait_for_file(deep)
    collected.wait_for_file(tmp_path / "existing" / "old.wav")


def test_a_non_recursive_watch_hands_on_only_its_own_files(
    tmp_path: Path, start_watcher: StartWatcher, collected: Collected
) -> None:
    write(tmp_path / "sub" / "before.wav")
    watcher = start_watcher(tmp_path, recursive=False)
    write(tmp_path / "sub" / "after.wav")
    top = write(tmp_path / "top.wav")
    collected.wait_for_file(top)
    settle(watcher)
    assert collected.files() == [top]
    assert watcher.watched_directories() == 1


def test_partial_temporary_and_hidden_names_are_never_handed_on(
    tmp_path: Path, start_watcher: StartWatcher, collected: Collected
) -> None:
    watcher = start_watcher(tmp_path)
    for name in (
        "film.mp4.part",
        "film.mp4.crdownload",
        "upload.tmp",
        "clip.partial",
        "clip.download",
        "~$script.docx",
        ".hidden.wav",
        ".interview.en.srt.tmp123",
        ".gt-watch/state.db",
        "sub/.cache/thumb.wav",
    ):
        write(tmp_path / name)
    (tmp_path / "link.wav").symlink_to(tmp_path / "film.mp4.part")
    os.mkfifo(tmp_path / "pipe.wav")
    marker = write(tmp_path / "real.wav")
    collected.wait_for_file(marker)
    settle(watcher)
    assert collected.events == [StableFile(marker, 5, marker.stat().st_mtime_ns, tmp_path)]


def test_rules_file_changes_are_reported_as_rules_not_as_media(
    tmp_path: Path, start_watcher: StartWatcher, collected: Collected
) -> None:
    existing = write(tmp_path / ".gt-watch.yaml", b"orders: []\n")
    start_watcher(tmp_path)
    collected.wait_for_rules(existing)
    nested = write(tmp_path / "interviews" / ".gt-watch.yaml", b"orders: []\n")
    collected.wait_for_rules(nested)
    nested.write_bytes(b"orders: [captions]\n")
    collected.wait_for_rules(nested, count=2)
    nested.unlink()
    collected.wait_for_rules(nested, count=3)
    write(tmp_path / ".hidden" / ".gt-watch.yaml")
    marker = write(tmp_path / "marker.wav")
    collected.wait_for_file(marker)
    assert all(
        isinstance(event, RulesChanged) or event.path == marker for event in collected.events
    )
    assert RulesChanged(tmp_path / ".hidden" / ".gt-watch.yaml") not in collected.events


def test_files_present_before_the_start_are_found_by_the_startup_scan(
    tmp_path: Path, start_watcher: StartWatcher, collected: Collected
) -> None:
    before = [write(tmp_path / f"folder {n}" / f"file {n}.wav") for n in range(5)]
    watcher = start_watcher(tmp_path)
    for path in before:
        collected.wait_for_file(path)
    settle(watcher)
    assert sorted(collected.files()) == sorted(before)


def test_files_written_while_a_watcher_was_stopped_are_found_by_the_next_one(
    tmp_path: Path, start_watcher: StartWatcher, collected: Collected
) -> None:
    first = start_watcher(tmp_path)
    seen = write(tmp_path / "seen.wav")
    collected.wait_for_file(seen)
    first.stop()
    missed = write(tmp_path / "missed.wav")
    start_watcher(tmp_path, known_files=[(seen, seen.stat().st_size, seen.stat().st_mtime_ns)])
    collected.wait_for_file(missed)
    assert collected.files() == [seen, missed]


def test_wait_scanned_returns_once_the_startup_scan_is_taken_in_and_starts_no_other(
    tmp_path: Path, start_watcher: StartWatcher, caplog: pytest.LogCaptureFixture
) -> None:
    for n in range(3):
        write(tmp_path / f"folder {n}" / f"file {n}.wav")
    caplog.set_level(logging.DEBUG, logger="gt_watch.watchers.local")
    watcher = start_watcher(tmp_path, quiet_period=60.0)
    assert watcher.wait_scanned()
    assert watcher.pending() == 3
    assert watcher.wait_scanned()
    scans = [record for record in caplog.records if record.getMessage().startswith("scanned")]
    assert len(scans) == 1


def test_wait_scanned_is_false_for_a_watcher_not_running(
    tmp_path: Path, collected: Collected
) -> None:
    watcher = LocalWatcher(
        tmp_path,
        recursive=True,
        polling=False,
        quiet_period=QUIET,
        rescan_interval=60,
        sink=collected,
    )
    assert not watcher.wait_scanned(timeout=0.1)
    watcher.start()
    watcher.stop()
    assert not watcher.wait_scanned(timeout=0.1)


def test_a_file_deleted_before_it_settles_is_never_handed_on(
    tmp_path: Path, start_watcher: StartWatcher, collected: Collected
) -> None:
    watcher = start_watcher(tmp_path)
    doomed = tmp_path / "cancelled-copy.wav"
    with doomed.open("wb") as output:
        output.write(b"half")
        output.flush()
        wait_until(lambda: watcher.pending() == 1, "the copy is a candidate")
        doomed.unlink()
    marker = write(tmp_path / "marker.wav")
    collected.wait_for_file(marker)
    settle(watcher)
    assert collected.files() == [marker]


def test_a_missing_root_is_a_clear_problem_and_is_watched_once_it_appears(
    tmp_path: Path, start_watcher: StartWatcher, collected: Collected
) -> None:
    root = tmp_path / "usb-disk"
    watcher = start_watcher(root, rescan_interval=0.3)
    problem = watcher.problem()
    assert problem is not None
    assert f"{root} does not exist: create it, mount it" in problem.message
    assert watcher.alive()
    root.mkdir()
    wait_until(lambda: watcher.problem() is None, "the root is watched")
    media = write(root / "a.wav")
    collected.wait_for_file(media)


def test_a_root_deleted_while_watched_is_watched_again_once_recreated(
    tmp_path: Path, start_watcher: StartWatcher, collected: Collected
) -> None:
    root = tmp_path / "share"
    root.mkdir()
    watcher = start_watcher(root, rescan_interval=0.3)
    shutil.rmtree(root)
    wait_until(lambda: watcher.problem() is not None, "the loss of the root is noticed")
    assert "share" in str(watcher.problem())
    root.mkdir()
    wait_until(lambda: watcher.problem() is None, "the root is watched again")
    media = write(root / "after.wav")
    collected.wait_for_file(media)
    assert watcher.alive()


def test_a_symlinked_root_reports_paths_under_the_configured_root(
    tmp_path: Path, start_watcher: StartWatcher, collected: Collected
) -> None:
    real = tmp_path / "disk" / "media"
    real.mkdir(parents=True)
    link = tmp_path / "media"
    link.symlink_to(real, target_is_directory=True)
    start_watcher(link)
    write(real / "show" / "episode.wav")
    event = collected.wait_for_file(link / "show" / "episode.wav")
    assert event.watch_root == link


def test_watched_directories_counts_what_inotify_must_watch(
    tmp_path: Path, start_watcher: StartWatcher
) -> None:
    for folder in ("a/b", "c", ".git/objects"):
        (tmp_path / folder).mkdir(parents=True)
    watcher = start_watcher(tmp_path)
    assert watcher.scan_now()
    assert watcher.watched_directories() == 6


def test_alive_is_false_before_start_and_after_stop(tmp_path: Path, collected: Collected) -> None:
    watcher = LocalWatcher(
        tmp_path,
        recursive=True,
        polling=False,
        quiet_period=QUIET,
        rescan_interval=60,
        sink=collected,
    )
    assert not watcher.alive()
    watcher.start()
    assert watcher.alive()
    with pytest.raises(RuntimeError, match="starts once"):
        watcher.start()
    watcher.stop()
    assert not watcher.alive()
    assert not watcher.scan_now()


@pytest.mark.parametrize("role", ["dispatcher", "emitter", "inotify reader"])
def test_alive_is_false_once_an_observer_thread_has_stopped(
    tmp_path: Path, start_watcher: StartWatcher, role: str
) -> None:
    watcher = start_watcher(tmp_path)
    observer_threads = [t for t in watcher.threads() if isinstance(t, BaseThread)]
    assert len(observer_threads) == 3
    victim = observer_threads[["dispatcher", "emitter", "inotify reader"].index(role)]
    assert watcher.alive()
    victim.stop()
    wait_until(lambda: not victim.is_alive(), f"the {role} thread ended")
    assert not watcher.alive()
