from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from gt_watch.errors import StateError
from gt_watch.store import Store
from gt_watch.store.schema import MIGRATIONS


def test_new_database_is_created_with_its_folder_and_migrated(database_path: Path) -> None:
    with Store.open(database_path) as store:
        version = store.database.query_one("PRAGMA user_version")
        assert version is not None and version[0] == len(MIGRATIONS)
        mode = store.database.query_one("PRAGMA journal_mode")
        assert mode is not None and mode[0] == "wal"
    assert database_path.exists()


def test_reopening_a_database_keeps_its_rows(database_path: Path) -> None:
    with Store.open(database_path) as store:
        store.meta.set("position", "key-0042")
    with Store.open(database_path) as store:
        assert store.meta.get("position") == "key-0042"


def test_database_from_a_newer_gt_watch_is_refused_untouched(database_path: Path) -> None:
    database_path.parent.mkdir(parents=True)
    connection = sqlite3.connect(database_path)
    connection.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    connection.close()
    with pytest.raises(StateError, match="newer than this gt-watch"):
        Store.open(database_path)


def test_a_file_that_is_not_a_database_is_reported_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StateError, match="damaged or not a database"):
        Store.open(path)


def test_unwritable_database_folder_says_what_to_check(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(StateError, match=r"state\.database"):
        Store.open(blocker / "state.db")


def test_failed_transaction_leaves_nothing_behind(store: Store) -> None:
    def write_then_crash() -> None:
        with store.database.transaction() as connection:
            connection.execute("INSERT INTO meta (key, value) VALUES ('a', 'b')")
            raise RuntimeError("crash in the middle")

    with pytest.raises(RuntimeError):
        write_then_crash()
    assert store.meta.get("a") is None
