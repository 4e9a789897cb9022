"""Which log records count as errors, and of what kind; callbacks seen before; the metric
families read from the database."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from gt_watch.errors import StorageError
from gt_watch.service.app import is_duplicate
from gt_watch.service.metrics import DatabaseCollector, error_kind
from gt_watch.store import Store


def _record(level: int, name: str, args: tuple[object, ...] = ()) -> logging.LogRecord:
    return logging.LogRecord(name, level, "", 0, "message %s" * len(args), args, None)


def test_an_error_with_an_exception_counts_under_its_class() -> None:
    record = _record(logging.ERROR, "gt_watch.pipeline", ("job:1", StorageError("x")))
    assert error_kind(record) == "StorageError"


def test_a_warning_counts_only_when_it_carries_an_exception() -> None:
    assert error_kind(_record(logging.WARNING, "gt_watch.pipeline", (StorageError("x"),)))
    assert error_kind(_record(logging.WARNING, "gt_watch.pipeline", ("retrying",))) is None


def test_an_error_without_an_exception_counts_under_the_part_that_logged_it() -> None:
    assert error_kind(_record(logging.ERROR, "gt_watch.rules", ("bad",))) == "rules"


def test_a_callback_with_the_same_fields_as_a_stored_one_is_a_duplicate() -> None:
    stored = [{"status": "finished", "url": "https://x/r?api_token=***"}]
    again = {"url": "https://x/r?api_token=the-token", "status": "finished"}
    assert is_duplicate(again, stored)
    assert not is_duplicate({**again, "status": "refunded"}, stored)


def test_the_database_families_are_described_as_collected_without_reading_them(
    tmp_path: Path,
) -> None:
    opened: list[Store] = []

    def store() -> Store:
        opened.append(Store.open(tmp_path / "state.db"))
        return opened[-1]

    collector = DatabaseCollector(store, lambda: datetime.now(UTC))
    described = [family.name for family in collector.describe()]
    assert opened == []
    collected = [family.name for family in collector.collect()]
    opened[0].close()
    assert described == collected
