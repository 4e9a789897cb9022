from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gt_watch.model import Mode, OrderKind
from gt_watch.store import Store
from gt_watch.store.rows import JobRecord


@pytest.fixture
def database_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "state.db"


@pytest.fixture
def store(database_path: Path) -> Iterator[Store]:
    with Store.open(database_path) as opened:
        yield opened


def make_job(store: Store, content_hash: str = "c0ffee", mode: Mode = Mode.LIVE) -> JobRecord:
    """A recorded file and one planned captions job for it."""
    file = store.files.observe(f"/media/{content_hash}.wav", "/media", 100, "100:1")
    job, _ = store.jobs.create(
        content_hash=content_hash,
        fingerprint="fp-captions-en",
        mode=mode,
        kind=OrderKind.CAPTIONS,
        rule_name="english-captions",
        params={"language": "english"},
        origin_file_id=file.id,
    )
    return job
