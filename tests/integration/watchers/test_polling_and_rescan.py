"""The polling observer (network shares) and the periodic rescan as the source of truth."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from watchdog.utils import BaseThread

from gt_watch.watchers import LocalWatcher
from tests.integration.watchers.waiting import Collected, settle, wait_until

StartWatcher = Callable[..., LocalWatcher]


def write(path: Path, data: bytes = b"media") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_the_polling_observer_hands_on_new_files_without_inotify(
    tmp_path: Path, start_watcher: StartWatcher, collected: Collected
) -> None:
    watcher = start_watcher(tmp_path, polling=True)
    assert watcher.scan_now()
    media = write(tmp_path / "nfs" / "interview.wav", b"x" * 300)
    assert collected.wait_for_file(media).size == 300
    assert watcher.watched_directories() == 0
    assert not any(type(t).__name__.startswith("Inotify") for t in watcher.threads())


def test_the_polling_observer_ignores_partial_names_and_reports_rules(
    tmp_path: Path, start_watcher: StartWatcher, collected: Collected
) -> None:
    watcher = start_watcher(tmp_path, polling=True)
    write(tmp_path / "copy.wav.part")
    rules = write(tmp_path / ".gt-watch.yaml")
    collected.wait_for_rules(rules)
    marker = write(tmp_path / "marker.wav")
    collected.wait_for_file(marker)
    settle(watcher)
    assert collected.files() == [marker]


def test_a_periodic_rescan_finds_files_whose_events_were_lost(
    tmp_path: Path, start_watcher: StartWatcher, collected: Collected
) -> None:
    """A polling observer that never polls stands for a share whose events never come
    (or an inotify queue overflow): only the rescan can see the file."""
    watcher = start_watcher(tmp_path, polling=True, poll_interval=3600.0, rescan_interval=0.3)
    assert watcher.scan_now()
    lost = write(tmp_path / "sub" / "lost.wav")
    collected.wait_for_file(lost)
    for _ in range(3):
        assert watcher.scan_now()
    assert collected.files() == [lost]


def test_a_rescan_hands_on_a_file_again_only_when_it_changed(
    tmp_path: Path, start_watcher: StartWatcher, collected: Collected
) -> None:
    media = write(tmp_path / "a.wav", b"first cut")
    watcher = start_watcher(tmp_path, polling=True, poll_interval=3600.0)
    collected.wait_for_file(media)
    settle(watcher)
    media.write_bytes(b"second, longer cut")
    settle(watcher)
    assert [event.size for event in collected.events] == [9, 18]  # type: ignore[union-attr]


def test_alive_is_false_once_the_polling_emitter_has_stopped(
    tmp_path: Path, start_watcher: StartWatcher
) -> None:
    watcher = start_watcher(tmp_path, polling=True)
    emitters = [t for t in watcher.threads() if isinstance(t, BaseThread)][1:]
    assert len(emitters) == 1
    emitters[0].stop()
    wait_until(lambda: not emitters[0].is_alive(), "the emitter ended")
    assert not watcher.alive()
