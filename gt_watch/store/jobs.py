"""Jobs and their history: creation, guarded state transitions, queries. No ordering logic.

A job is one (content hash, rule fingerprint, mode). The UNIQUE constraint on that triple is
what makes "the same bytes under another name are not ordered twice" hold even when two
threads plan the same content at once.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from gt_watch.errors import StateError
from gt_watch.model import JobState, Mode, OrderKind
from gt_watch.store.database import Database
from gt_watch.store.machine import allowed
from gt_watch.store.rows import HistoryRecord, JobRecord

# Columns a transition may set besides the state.
_UPDATABLE = frozenset(
    {
        "order_id",
        "quote",
        "cost",
        "seconds",
        "media_key",
        "revision",
        "attempts",
        "error",
        "next_check_at",
    }
)


def new_job_id() -> str:
    """A short, unguessable job id, safe in URLs, file names and order comments."""
    return "j" + secrets.token_hex(6)


class JobRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    def create(
        self,
        *,
        content_hash: str,
        fingerprint: str,
        mode: Mode,
        kind: OrderKind,
        rule_name: str,
        params: Mapping[str, str],
        origin_file_id: int,
        parent_id: str | None = None,
    ) -> tuple[JobRecord, bool]:
        """Return the job for (content, fingerprint, mode), creating it in `stable` if there is
        none. The flag says whether it was created now (False: the same content was planned
        before, under this or another name)."""
        existing = self.find(content_hash, fingerprint, mode)
        if existing:
            return existing, False
        job_id, now = new_job_id(), self.database.now()
        try:
            with self.database.transaction() as connection:
                connection.execute(
                    "INSERT INTO jobs (id, content_hash, fingerprint, mode, kind, rule_name,"
                    " params, parent_id, origin_file_id, state, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        job_id,
                        content_hash,
                        fingerprint,
                        mode.value,
                        kind.value,
                        rule_name,
                        json.dumps(dict(params), sort_keys=True),
                        parent_id,
                        origin_file_id,
                        JobState.STABLE.value,
                        now,
                        now,
                    ),
                )
                _append_history(connection, job_id, now, JobState.STABLE, "planned")
        except sqlite3.IntegrityError:
            # Another thread planned the same content a moment ago: use its job.
            raced = self.find(content_hash, fingerprint, mode)
            if raced is None:
                raise
            return raced, False
        return self.get(job_id), True

    def find(self, content_hash: str, fingerprint: str, mode: Mode) -> JobRecord | None:
        row = self.database.query_one(
            "SELECT * FROM jobs WHERE content_hash = ? AND fingerprint = ? AND mode = ?",
            (content_hash, fingerprint, mode.value),
        )
        return JobRecord.from_row(row) if row else None

    def get(self, job_id: str) -> JobRecord:
        """Return the job with this id. Raise KeyError naming the id if there is none."""
        row = self.database.query_one("SELECT * FROM jobs WHERE id = ?", (job_id,))
        if row is None:
            raise KeyError(f"no job {job_id!r}; `gt-watch status` lists the jobs")
        return JobRecord.from_row(row)

    def by_order(self, order_id: int) -> JobRecord | None:
        row = self.database.query_one("SELECT * FROM jobs WHERE order_id = ?", (order_id,))
        return JobRecord.from_row(row) if row else None

    def in_states(self, states: Collection[JobState]) -> list[JobRecord]:
        marks = ",".join("?" for _ in states)
        rows = self.database.query(
            f"SELECT * FROM jobs WHERE state IN ({marks}) ORDER BY created_at",  # noqa: S608
            [state.value for state in states],
        )
        return [JobRecord.from_row(row) for row in rows]

    def due(self, states: Collection[JobState], now: datetime) -> list[JobRecord]:
        """Jobs in these states whose next check is due (or not scheduled)."""
        marks = ",".join("?" for _ in states)
        rows = self.database.query(
            f"SELECT * FROM jobs WHERE state IN ({marks})"  # noqa: S608
            " AND (next_check_at IS NULL OR next_check_at <= ?) ORDER BY created_at",
            [*(state.value for state in states), now.isoformat(timespec="microseconds")],
        )
        return [JobRecord.from_row(row) for row in rows]

    def owed_to(self, file_id: int) -> dict[str, JobRecord]:
        """Given a file id, return {job id: job} of every job owing results to the file, in
        one query."""
        rows = self.database.query(
            "SELECT jobs.* FROM jobs JOIN deliveries ON deliveries.job_id = jobs.id"
            " WHERE deliveries.file_id = ?",
            (file_id,),
        )
        return {row["id"]: JobRecord.from_row(row) for row in rows}

    def children(self, parent_id: str) -> list[JobRecord]:
        rows = self.database.query(
            "SELECT * FROM jobs WHERE parent_id = ? ORDER BY created_at", (parent_id,)
        )
        return [JobRecord.from_row(row) for row in rows]

    def all(self) -> list[JobRecord]:
        rows = self.database.query("SELECT * FROM jobs ORDER BY created_at")
        return [JobRecord.from_row(row) for row in rows]

    def transition(
        self,
        job_id: str,
        target: JobState,
        *,
        expect: Collection[JobState],
        note: str | None = None,
        **fields: Any,
    ) -> JobRecord:
        """Move a job from one of the `expect`ed states to `target`, setting `fields`, and
        append the move to its history, in one committed transaction. Raise StateError if the
        job is in another state (someone else moved it) or the move is not in the machine."""
        unknown = set(fields) - _UPDATABLE
        if unknown:
            raise ValueError(f"not a job column: {sorted(unknown)}")
        for source in expect:
            if not allowed(source, target):
                raise StateError(f"job {job_id}: {source} -> {target} is not a valid transition")
        now = self.database.now()
        assignments = "".join(f", {name} = ?" for name in fields)
        marks = ",".join("?" for _ in expect)
        values = [_column_value(value) for value in fields.values()]
        with self.database.transaction() as connection:
            cursor = connection.execute(
                f"UPDATE jobs SET state = ?, updated_at = ?{assignments}"  # noqa: S608
                f" WHERE id = ? AND state IN ({marks})",
                [target.value, now, *values, job_id, *(state.value for state in expect)],
            )
            if cursor.rowcount != 1:
                current = self.get(job_id).state
                raise StateError(
                    f"job {job_id} is {current}, expected one of "
                    f"{', '.join(sorted(state.value for state in expect))} to move to {target}"
                )
            _append_history(connection, job_id, now, target, note)
        return self.get(job_id)

    def update(self, job_id: str, **fields: Any) -> None:
        """Set columns of a job without changing its state (scheduling, errors, attempts)."""
        unknown = set(fields) - _UPDATABLE
        if unknown:
            raise ValueError(f"not a job column: {sorted(unknown)}")
        assignments = ", ".join(f"{name} = ?" for name in fields)
        self.database.execute(
            f"UPDATE jobs SET {assignments}, updated_at = ? WHERE id = ?",  # noqa: S608
            [*(_column_value(value) for value in fields.values()), self.database.now(), job_id],
        )

    def history(self, job_id: str) -> list[HistoryRecord]:
        rows = self.database.query("SELECT * FROM history WHERE job_id = ? ORDER BY id", (job_id,))
        return [
            HistoryRecord(
                row["job_id"], datetime.fromisoformat(row["at"]), row["state"], row["note"]
            )
            for row in rows
        ]

    def note(self, job_id: str, note: str) -> None:
        """Append a remark to a job's history without changing its state."""
        job = self.get(job_id)
        with self.database.transaction() as connection:
            _append_history(connection, job_id, self.database.now(), job.state, note)


def _column_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    return value


def _append_history(
    connection: sqlite3.Connection, job_id: str, at: str, state: JobState, note: str | None
) -> None:
    connection.execute(
        "INSERT INTO history (job_id, at, state, note) VALUES (?, ?, ?, ?)",
        (job_id, at, state.value, note),
    )
