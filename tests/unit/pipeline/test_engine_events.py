"""Events for a file whose earlier version is still being taken in wait; none is dropped."""

from __future__ import annotations

import threading
from pathlib import Path

from gt_watch.model import StableFile
from gt_watch.pipeline.context import Context
from gt_watch.pipeline.engine import Engine
from gt_watch.pipeline.ports import Settings
from gt_watch.pipeline.sources import SourceRouter
from gt_watch.store import Store
from tests.unit.pipeline.test_engine_failures import BrokenReads, clock


def test_a_new_version_that_settles_during_the_intake_of_the_old_one_is_not_dropped(
    tmp_path: Path,
) -> None:
    started, release = threading.Event(), threading.Event()
    taken: list[str] = []

    class Engine2(Engine):
        def _intake(self, ctx: Context, *, seen: object) -> None:  # type: ignore[override]
            taken.append(getattr(seen, "version", ""))
            started.set()
            release.wait(10)

    settings = Settings(public_url=None, callback_secret="s", results_dir=tmp_path / "r")

    def context() -> Context:
        return Context(Store.open(tmp_path / "state.db"), BrokenReads(), SourceRouter([]), None,
                       settings, clock)  # fmt: skip

    engine = Engine2(context, workers=2)
    path, root = tmp_path / "a.wav", tmp_path
    engine.submit(StableFile(path, 10, 1, root))
    engine.tick()
    assert started.wait(10)
    engine.submit(StableFile(path, 20, 2, root))  # settles while the first is taken in
    engine.tick()
    assert not engine.settled()
    release.set()
    while engine.busy():
        engine.wake.wait(0.05)
    engine.tick()
    while engine.busy():
        engine.wake.wait(0.05)
    assert engine.shutdown(timeout=10)
    assert taken == ["10:1", "20:2"]
