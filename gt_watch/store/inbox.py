"""The callback inbox: callbacks are committed here before the receiver answers `ok`, and
processed later by the pipeline. Duplicates are kept and harmless (the pipeline re-reads the
order through the API before acting)."""

from __future__ import annotations

import json
from collections.abc import Mapping

from gt_watch.redact import redact
from gt_watch.store.database import Database
from gt_watch.store.rows import CallbackRecord


class CallbackInbox:
    def __init__(self, database: Database) -> None:
        self.database = database

    def add(self, job_id: str, order_id: int | None, payload: Mapping[str, str]) -> int:
        """Durably store one received callback (secrets redacted) and return its id."""
        cursor = self.database.execute(
            "INSERT INTO callbacks (job_id, order_id, payload, received_at) VALUES (?, ?, ?, ?)",
            (
                job_id,
                order_id,
                redact(json.dumps(dict(payload), sort_keys=True)),
                self.database.now(),
            ),
            durable=True,
        )
        return int(cursor.lastrowid or 0)

    def unprocessed(self, limit: int = 100) -> list[CallbackRecord]:
        rows = self.database.query(
            "SELECT * FROM callbacks WHERE processed_at IS NULL ORDER BY id LIMIT ?", (limit,)
        )
        return [CallbackRecord.from_row(row) for row in rows]

    def processed(self, callback_id: int) -> None:
        self.database.execute(
            "UPDATE callbacks SET processed_at = ? WHERE id = ?",
            (self.database.now(), callback_id),
        )

    def for_job(self, job_id: str) -> list[CallbackRecord]:
        rows = self.database.query(
            "SELECT * FROM callbacks WHERE job_id = ? ORDER BY id", (job_id,)
        )
        return [CallbackRecord.from_row(row) for row in rows]

    def count(self, job_id: str) -> int:
        row = self.database.query_one(
            "SELECT COUNT(*) AS n FROM callbacks WHERE job_id = ?", (job_id,)
        )
        return int(row["n"]) if row else 0
