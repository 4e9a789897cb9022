"""The SQLite connection: pragmas, migrations, explicit transactions, the clock. No domain SQL.

WAL journal: every commit survives a crash of gt-watch; `durable` commits (order intents and
outcomes, callbacks) also survive a crash of the machine before the caller's next side
effect (an order POST, an `ok` to GoTranscript). One `Database` per thread; they share the
file.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gt_watch.errors import StateError
from gt_watch.store.schema import migrate

Clock = Callable[[], datetime]
# SQLite before 3.32 allows at most 999 parameters in one statement.
MAX_PARAMETERS = 900


def utc_now() -> datetime:
    return datetime.now(UTC)


class Database:
    """One connection to the state database, opened, configured and migrated."""

    def __init__(self, path: Path, *, clock: Clock = utc_now, busy_timeout: float = 30.0) -> None:
        self.path = path
        self.clock = clock
        self._depth = 0
        self._durable = False
        self.connection = _connect(path, busy_timeout)
        with _state_errors(path):
            migrate(self.connection)

    def close(self) -> None:
        self.connection.close()

    def now(self) -> str:
        """The clock's current time as the ISO text stored in every timestamp column."""
        return self.clock().isoformat(timespec="microseconds")

    @contextmanager
    def transaction(self, *, durable: bool = False) -> Iterator[sqlite3.Connection]:
        """A write transaction taken immediately (no lock upgrades later), committed on
        leaving, rolled back on error. Nested use joins the outer transaction.

        Every commit survives a crash of gt-watch (WAL, `synchronous=NORMAL`). A `durable`
        one also survives a crash of the machine (`synchronous=FULL`: the WAL is synced
        before COMMIT returns, with every commit before it): order intents and outcomes,
        and callbacks about to be answered `ok`. The others are replayed from the watched
        files if a power loss takes them, so they spare the disk a sync each."""
        if self._depth:
            if durable and not self._durable:
                raise RuntimeError("a durable write must not join a transaction that is not")
            self._depth += 1
            try:
                yield self.connection
            finally:
                self._depth -= 1
            return
        with _state_errors(self.path):
            if durable:
                self.connection.execute("PRAGMA synchronous = FULL")
            self.connection.execute("BEGIN IMMEDIATE")
        self._depth, self._durable = 1, durable
        try:
            yield self.connection
            with _state_errors(self.path):
                self.connection.execute("COMMIT")
        except BaseException:
            if self.connection.in_transaction:
                self.connection.rollback()
            raise
        finally:
            self._depth, self._durable = 0, False
            if durable:
                self.connection.execute("PRAGMA synchronous = NORMAL")

    def query(self, sql: str, parameters: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with _state_errors(self.path):
            return self.connection.execute(sql, parameters).fetchall()

    def query_tuples(self, sql: str, parameters: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Like `query`, with plain tuples: for many rows of few columns, half the cost."""
        with _state_errors(self.path):
            cursor = self.connection.cursor()
            cursor.row_factory = None
            rows: list[tuple[Any, ...]] = cursor.execute(sql, parameters).fetchall()
            return rows

    def query_one(self, sql: str, parameters: Sequence[Any] = ()) -> sqlite3.Row | None:
        with _state_errors(self.path):
            row: sqlite3.Row | None = self.connection.execute(sql, parameters).fetchone()
            return row

    def execute(
        self, sql: str, parameters: Sequence[Any] = (), *, durable: bool = False
    ) -> sqlite3.Cursor:
        """Run one write statement in its own transaction unless one is open."""
        with self.transaction(durable=durable) as connection, _state_errors(self.path):
            return connection.execute(sql, parameters)


def parameter_chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    """Given values for an `IN (...)` query, yield them in slices SQLite accepts at once."""
    for start in range(0, len(items), MAX_PARAMETERS):
        yield items[start : start + MAX_PARAMETERS]


def _connect(path: Path, busy_timeout: float) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StateError(
            f"cannot create the folder of the state database {path}: {error.strerror}; "
            "check `state.database` in config.yaml and the service user's permissions"
        ) from error
    _create_private(path)
    with _state_errors(path):
        connection = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None)
        connection.row_factory = sqlite3.Row
        _enable_wal(connection, busy_timeout)
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    return connection


def _enable_wal(connection: sqlite3.Connection, busy_timeout: float) -> None:
    """Switch a connection to WAL. The switch of a new database takes a lock for which
    SQLite does not call the busy handler, so a connection racing another one's switch
    (the daemon's first start and a `gt-watch status` at that moment) waits here instead."""
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _create_private(path: Path) -> None:
    """Create a new database file readable by its owner only (it names every watched file
    and order); SQLite gives its -wal and -shm files the same mode."""
    with contextlib.suppress(FileExistsError, OSError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


@contextmanager
def _state_errors(path: Path) -> Iterator[None]:
    """Turn sqlite3 errors into StateErrors that say which database and what to do."""
    try:
        yield
    except sqlite3.OperationalError as error:
        text = str(error)
        if "locked" in text or "busy" in text:
            hint = "another process holds it too long; is a second gt-watch running?"
        elif "disk" in text and "full" in text:
            hint = "the disk is full; free space, then restart gt-watch (nothing was lost)"
        elif "unable to open" in text or "readonly" in text:
            hint = "check the path and that the service user may write there"
        else:
            hint = "see the message above"
        raise StateError(f"state database {path}: {text}; {hint}") from error
    except sqlite3.IntegrityError:
        raise  # a constraint the caller relies on (uniqueness of a job); not damage
    except sqlite3.DatabaseError as error:
        raise StateError(
            f"state database {path} is damaged or not a database ({error}); "
            "move it aside and restart, or restore a backup"
        ) from error
