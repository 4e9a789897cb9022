"""What each job owes to each source file (deliveries) and which files gt-watch wrote
(sidecars). No rendering or file writing here."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, cast

from gt_watch.store.database import Database, parameter_chunks
from gt_watch.store.rows import DeliveryRecord, DeliveryState


class DeliveryRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    def owe(self, job_id: str, file_id: int, rule: Mapping[str, Any]) -> bool:
        """Record that `job_id`'s results are to be written next to `file_id`, with the folder's
        output choices in `rule`. A superseded delivery is owed again (the file has that
        content again, or its rules ask for the order again). Return False if that delivery
        was already owed."""
        cursor = self.database.execute(
            "INSERT INTO deliveries (job_id, file_id, rule, state, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (job_id, file_id) DO UPDATE"
            " SET rule = excluded.rule, state = excluded.state, error = NULL,"
            " unwanted_since = NULL, updated_at = excluded.updated_at"
            " WHERE deliveries.state = ?",
            (
                job_id,
                file_id,
                json.dumps(dict(rule), sort_keys=True),
                DeliveryState.PENDING,
                self.database.now(),
                DeliveryState.SUPERSEDED,
            ),
        )
        return cursor.rowcount == 1

    def for_job(self, job_id: str) -> list[DeliveryRecord]:
        rows = self.database.query(
            "SELECT * FROM deliveries WHERE job_id = ? ORDER BY file_id", (job_id,)
        )
        return [DeliveryRecord.from_row(row) for row in rows]

    def for_file(self, file_id: int) -> list[DeliveryRecord]:
        rows = self.database.query(
            "SELECT * FROM deliveries WHERE file_id = ? ORDER BY job_id", (file_id,)
        )
        return [DeliveryRecord.from_row(row) for row in rows]

    def set_state(
        self, job_id: str, file_id: int, state: str, *, revision: int, error: str | None = None
    ) -> None:
        self.database.execute(
            "UPDATE deliveries SET state = ?, revision = ?, error = ?, updated_at = ?"
            " WHERE job_id = ? AND file_id = ?",
            (state, revision, error, self.database.now(), job_id, file_id),
        )

    def replanned(self, job_id: str, file_id: int, rule: Mapping[str, Any]) -> None:
        """The file's rules ask for this delivery's order (again), with the output choices
        in `rule`: forget that they had stopped asking. A pending delivery of a job nothing
        was fetched for yet takes the new choices (what is fetched follows them); once
        results are in, the choices they were fetched for stay."""
        text = json.dumps(dict(rule), sort_keys=True)
        takes_rule = (
            "state = ? AND rule != ?"
            " AND (SELECT revision FROM jobs WHERE jobs.id = deliveries.job_id) = 0"
        )
        self.database.execute(
            f"UPDATE deliveries SET unwanted_since = NULL, updated_at = ?,"  # noqa: S608
            f" rule = CASE WHEN {takes_rule} THEN ? ELSE rule END"
            f" WHERE job_id = ? AND file_id = ? AND (unwanted_since IS NOT NULL OR ({takes_rule}))",
            (
                self.database.now(),
                *(DeliveryState.PENDING, text),
                text,
                job_id,
                file_id,
                *(DeliveryState.PENDING, text),
            ),
        )

    def mark_unwanted(self, job_id: str, file_id: int) -> bool:
        """The file's rules no longer ask for the order of this delivery, which was placed
        already: it is still delivered, and marked. Return False if it was marked before."""
        now = self.database.now()
        cursor = self.database.execute(
            "UPDATE deliveries SET unwanted_since = ?, updated_at = ?"
            " WHERE job_id = ? AND file_id = ? AND unwanted_since IS NULL",
            (now, now, job_id, file_id),
        )
        return cursor.rowcount == 1

    def reopen(self, job_id: str) -> None:
        """A re-delivered order: every file of the job still wanting it is owed new sidecars."""
        self.database.execute(
            "UPDATE deliveries SET state = ?, error = NULL, updated_at = ?"
            " WHERE job_id = ? AND state != ?",
            (DeliveryState.PENDING, self.database.now(), job_id, DeliveryState.SUPERSEDED),
        )

    def pending(self, job_id: str) -> list[DeliveryRecord]:
        done = (DeliveryState.DELIVERED, DeliveryState.SUPERSEDED)
        return [delivery for delivery in self.for_job(job_id) if delivery.state not in done]


class SidecarRepository:
    """Files gt-watch wrote, with the hash of what it wrote: a file at such a path with another
    hash was edited by someone, and is never overwritten without the rule's consent. A local
    sidecar also keeps its size and mtime_ns as written, so that a restart knows it unchanged
    without reading it."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def written_hash(self, path: str) -> str | None:
        row = self.database.query_one("SELECT sha256 FROM sidecars WHERE path = ?", (path,))
        return str(row["sha256"]) if row else None

    def record(
        self,
        path: str,
        *,
        job_id: str,
        file_id: int,
        sha256: str,
        signature: tuple[int, int] | None = None,
    ) -> None:
        """Record that gt-watch wrote (or found its own bytes at) `path`, with the file's
        (size, mtime_ns) as written; None where there is none (an S3 object)."""
        size, mtime_ns = signature if signature is not None else (None, None)
        self.database.execute(
            "INSERT OR REPLACE INTO sidecars"
            " (path, job_id, file_id, sha256, written_at, size, mtime_ns)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (path, job_id, file_id, sha256, self.database.now(), size, mtime_ns),
        )

    def signatures_under(self, folder: str) -> list[tuple[str, int, int]]:
        """Given a local folder, return (path, size, mtime_ns) of every sidecar written
        below it whose size and mtime were recorded, in one query over the paths' index:
        what a restart seeds its watcher's memory with. Rows from before those were recorded
        are left out (the watcher hands such a sidecar on once more, and intake drops it)."""
        prefix = folder.rstrip("/") + "/"
        # Every path that starts with `prefix` sorts between it and the prefix with its
        # last character ("/") replaced by the next one ("0").
        rows = self.database.query_tuples(
            "SELECT path, size, mtime_ns FROM sidecars"
            " WHERE path >= ? AND path < ? AND mtime_ns IS NOT NULL",
            (prefix, prefix[:-1] + "0"),
        )
        return cast(list[tuple[str, int, int]], rows)  # size is set whenever mtime_ns is

    def is_sidecar(self, path: str) -> bool:
        return self.written_hash(path) is not None

    def written_among(self, paths: Sequence[str]) -> set[str]:
        """Given some paths (a listing page), return those gt-watch wrote, in one query per
        900 paths."""
        written: set[str] = set()
        for chunk in parameter_chunks(paths):
            marks = ",".join("?" * len(chunk))
            rows = self.database.query(
                f"SELECT path FROM sidecars WHERE path IN ({marks})",  # noqa: S608
                chunk,
            )
            written.update(str(row["path"]) for row in rows)
        return written

    def for_file(self, file_id: int) -> list[str]:
        rows = self.database.query(
            "SELECT path FROM sidecars WHERE file_id = ? ORDER BY path", (file_id,)
        )
        return [str(row["path"]) for row in rows]
