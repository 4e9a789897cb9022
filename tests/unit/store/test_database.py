from __future__ import annotations

import sqlite3
import threading
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


def _open_at_once(path: Path, connections: int) -> list[StateError]:
    """Open the store at `path` from several threads released together; return the errors."""
    start = threading.Barrier(connections)
    failures: list[StateError] = []

    def open_store() -> None:
        start.wait()
        try:
            Store.open(path).close()
        except StateError as error:
            failures.append(error)

    threads = [threading.Thread(target=open_store) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def test_a_new_database_opened_by_several_connections_at_once_is_migrated_once(
    tmp_path: Path,
) -> None:
    # The daemon's first start and a `gt-watch status` run at that moment both find an
    # empty database; the one that loses the race must use the schema the other made.
    for attempt in range(3):
        path = tmp_path / f"state-{attempt}.db"
        assert _open_at_once(path, connections=8) == []
        with Store.open(path) as store:
            version = store.database.query_one("PRAGMA user_version")
            assert version is not None and version[0] == len(MIGRATIONS)


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


def test_a_new_database_is_readable_by_its_owner_only(database_path: Path) -> None:
    with Store.open(database_path) as store:
        store.meta.set("a", "b")
        assert Path(f"{database_path}-wal").stat().st_mode & 0o777 == 0o600
    assert database_path.stat().st_mode & 0o777 == 0o600


def test_only_durable_commits_wait_for_the_disk(store: Store) -> None:
    def synchronous() -> int:
        row = store.database.query_one("PRAGMA synchronous")
        assert row is not None
        return int(row[0])

    assert synchronous() == 1  # NORMAL: survives a crash of gt-watch
    with store.database.transaction(durable=True):
        assert synchronous() == 2  # FULL: survives a crash of the machine too
    assert synchronous() == 1


def test_a_durable_write_cannot_hide_inside_an_ordinary_transaction(store: Store) -> None:
    with pytest.raises(RuntimeError, match="durable"), store.database.transaction():
        store.database.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')", durable=True)
    assert store.meta.get("k") is None
