"""Intake against a real state database and a real folder: a file counts as handled only
together with its jobs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from gt_watch.config.resolve import RuleDefaults
from gt_watch.model import Mode
from gt_watch.pipeline.context import Context
from gt_watch.pipeline.intake import intake
from gt_watch.pipeline.ports import Settings
from gt_watch.pipeline.sources import LocalSources, SourceRouter
from gt_watch.service.rules import WatchedRules
from gt_watch.store import Store
from gt_watch.store.database import utc_now
from gt_watch.store.rows import FileState
from tests.support.media import write_wav

RULES = (
    "orders:\n"
    "  - {kind: captions, language: english, outputs: [srt]}\n"
    "  - {kind: transcription, language: english, outputs: [txt]}\n"
)


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[Context]:
    media = tmp_path / "media"
    media.mkdir()
    (media / ".gt-watch.yaml").write_text(RULES)
    rules = WatchedRules({media: True}, RuleDefaults(mode=Mode.LIVE))
    settings = Settings(public_url=None, callback_secret="s", results_dir=tmp_path / "results")
    with Store.open(tmp_path / "state.db") as store:
        # Intake never stages or orders: no stager and no API client are needed.
        yield Context(store, None, SourceRouter([LocalSources(None)]), rules, settings, utc_now)  # type: ignore[arg-type]


def test_a_file_is_ready_with_one_job_per_order_of_its_rules(ctx: Context, tmp_path: Path) -> None:
    path = write_wav(tmp_path / "media/a.wav", 1.0)
    intake(ctx, str(path), str(tmp_path / "media"), path.stat().st_size, "v1")
    record = ctx.store.files.by_source(str(path))
    assert record is not None and record.state == FileState.READY
    assert len(ctx.store.deliveries.for_file(record.id)) == 2


def test_a_failure_while_planning_jobs_leaves_the_file_to_be_taken_in_again(
    ctx: Context, tmp_path: Path
) -> None:
    path = write_wav(tmp_path / "media/a.wav", 1.0)
    ctx.store.database.connection.execute(
        "CREATE TEMP TRIGGER full_disk BEFORE INSERT ON deliveries"
        " WHEN (SELECT count(*) FROM deliveries) >= 1"
        " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
    )
    with pytest.raises(sqlite3.IntegrityError, match="disk is full"):
        intake(ctx, str(path), str(tmp_path / "media"), path.stat().st_size, "v1")
    record = ctx.store.files.by_source(str(path))
    assert record is not None and record.state == FileState.SEEN
    assert ctx.store.deliveries.for_file(record.id) == []
    assert ctx.store.database.query("SELECT id FROM jobs") == []
