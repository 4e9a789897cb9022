"""A rules change seen by the engine, for a local folder and for an S3 prefix alike: the
event reloads the rules, and the known files under the folder stop pursuing what the new
rules no longer ask for. Real rule books (files on disk; a bucket's objects through the
reader seam), a real state database; no order is placed (the jobs wait for a person)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from gt_watch.config.resolve import RuleDefaults
from gt_watch.config.rules_schema import RULES_FILE_NAME
from gt_watch.model import JobState, Mode, RulesChanged, RulesObjectChanged, WatchEvent
from gt_watch.pipeline.context import Context
from gt_watch.pipeline.engine import Engine
from gt_watch.pipeline.ports import Settings
from gt_watch.pipeline.replan import replan
from gt_watch.pipeline.sources import SourceRouter
from gt_watch.service.bucket_rules import BucketRules
from gt_watch.service.rules import WatchedRules
from gt_watch.store import Store
from gt_watch.store.database import utc_now
from gt_watch.store.rows import FileState, JobRecord

BOTH = """\
mode: live
orders:
  - {name: captions, kind: captions, language: english, outputs: [srt]}
  - {name: transcript, kind: transcription, language: english, outputs: [txt]}
"""
TRANSCRIPT_ONLY = """\
mode: live
orders:
  - {name: transcript, kind: transcription, language: english, outputs: [txt]}
"""
BROKEN = "orders:\n  - kind: captions\n    language: [english\n"


@dataclass
class Watch:
    """A watched place: its root, a media source under it, its rules, and the event a
    watcher sends when its rules file (or object) changes."""

    root: str
    source: str
    rules: WatchedRules
    write_rules: Callable[[str], WatchEvent]


def local_watch(tmp_path: Path) -> Watch:
    root = tmp_path / "media"
    root.mkdir()
    rules_file = root / RULES_FILE_NAME
    rules_file.write_text(BOTH)

    def write(text: str) -> WatchEvent:
        rules_file.write_text(text)
        return RulesChanged(rules_file)

    rules = WatchedRules({root: True}, RuleDefaults(mode=Mode.LIVE))
    return Watch(str(root), str(root / "talk.wav"), rules, write)


def s3_watch(tmp_path: Path) -> Watch:
    root, key = "s3://media/in/", f"in/{RULES_FILE_NAME}"
    objects = {key: BOTH.encode()}

    def read(name: str, limit: int) -> bytes | None:
        data = objects.get(name)
        return None if data is None else data[:limit]

    def write(text: str) -> WatchEvent:
        objects[key] = text.encode()
        return RulesObjectChanged(f"s3://media/{key}")

    bucket = BucketRules(root, RuleDefaults(mode=Mode.LIVE), read_object=read)
    rules = WatchedRules({}, RuleDefaults(mode=Mode.LIVE), {root: bucket})
    return Watch(root, f"{root}talk.wav", rules, write)


@pytest.fixture(params=[local_watch, s3_watch], ids=["local", "s3"])
def watch(request: pytest.FixtureRequest, tmp_path: Path) -> Watch:
    made: Watch = request.param(tmp_path)
    return made


def _engine_with_held_jobs(watch: Watch, tmp_path: Path) -> tuple[Engine, Store]:
    """The engine over a state database where the file under the watch is ready and both
    of its jobs wait behind a spending guard."""
    settings = Settings(public_url=None, callback_secret="s", results_dir=tmp_path / "results")

    def context() -> Context:
        store = Store.open(tmp_path / "state.db")
        return Context(store, None, SourceRouter([]), watch.rules, settings, utc_now)  # type: ignore[arg-type]

    engine = Engine(context, workers=2, on_rules_changed=watch.rules.reload)
    ctx = engine.context()
    record = ctx.store.files.observe(watch.source, watch.root, 100, "v1")
    ctx.store.files.checked(record.id, content_hash="c" * 64, duration=60.0, state=FileState.READY)
    replan(ctx, ctx.store.files.get(record.id))
    for job in ctx.store.jobs.all():
        ctx.store.jobs.transition(
            job.id, JobState.NEEDS_ATTENTION, expect={JobState.STABLE}, error="above the limit"
        )
    return engine, ctx.store


def _see(engine: Engine, event: WatchEvent) -> None:
    engine.submit(event)
    engine.tick()
    while engine.busy():
        engine.wake.wait(0.05)
        engine.wake.clear()


def _states(store: Store) -> dict[str, JobState]:
    jobs: list[JobRecord] = store.jobs.all()
    return {job.rule_name: job.state for job in jobs}


def test_a_rules_change_supersedes_the_held_job_the_rules_no_longer_ask_for(
    watch: Watch, tmp_path: Path
) -> None:
    engine, store = _engine_with_held_jobs(watch, tmp_path)

    _see(engine, watch.write_rules(TRANSCRIPT_ONLY))
    assert engine.shutdown(timeout=10)

    assert _states(store) == {
        "captions": JobState.SUPERSEDED,
        "transcript": JobState.NEEDS_ATTENTION,
    }


def test_a_broken_rules_change_keeps_every_job(watch: Watch, tmp_path: Path) -> None:
    engine, store = _engine_with_held_jobs(watch, tmp_path)

    _see(engine, watch.write_rules(BROKEN))
    assert engine.shutdown(timeout=10)

    assert _states(store) == {
        "captions": JobState.NEEDS_ATTENTION,
        "transcript": JobState.NEEDS_ATTENTION,
    }
