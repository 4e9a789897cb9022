"""Fixtures for tests with real folders and real inotify: a collecting sink, a watcher
factory that stops every watcher it started."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from gt_watch.watchers import LocalWatcher
from tests.integration.watchers.waiting import QUIET, Collected


@pytest.fixture
def collected() -> Collected:
    return Collected()


@pytest.fixture
def start_watcher(collected: Collected) -> Iterator[Callable[..., LocalWatcher]]:
    """Start LocalWatchers with test-sized timings; all are stopped after the test."""
    started: list[LocalWatcher] = []

    def start(root: Path, **options: Any) -> LocalWatcher:
        settings: dict[str, Any] = {
            "recursive": True,
            "polling": False,
            "quiet_period": QUIET,
            "rescan_interval": 3600.0,
            "sink": collected,
        }
        settings.update(options)
        watcher = LocalWatcher(root, **settings)
        started.append(watcher)
        watcher.start()
        return watcher

    yield start
    for watcher in started:
        watcher.stop()
