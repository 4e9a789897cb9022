"""Order intents: the exactly-once protocol's durable half. No HTTP here.

Sequence for one order (the pipeline drives it, this module makes each step durable):
`begin` commits the intent and moves the job to `ordering` *before* the POST; then exactly one
of `placed`, `quoted`, `refused` or `in_doubt` records what the POST did. An intent that is
still open after a crash is in doubt and is reconciled against the vendor's order list, never
posted again blindly.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from gt_watch.model import JobState, OrderReceipt
from gt_watch.redact import redact
from gt_watch.store.database import Database
from gt_watch.store.jobs import JobRepository
from gt_watch.store.rows import IntentRecord, JobRecord

_S = JobState


class Outcome:
    PLACED = "placed"
    QUOTED = "quoted"
    REFUSED = "refused"
    ABANDONED = "abandoned"  # a person decided to post again; the old intent is history


class IntentRepository:
    def __init__(self, database: Database, jobs: JobRepository) -> None:
        self.database = database
        self.jobs = jobs

    def begin(self, job_id: str, tag: str, request: Mapping[str, Any]) -> JobRecord:
        """Durably record that the job's order is about to be posted, then move the job from
        `staged` to `ordering`, in one transaction. `request` is stored redacted (no token,
        no URL signatures). Raise StateError if the job is not `staged`."""
        kept = {name: value for name, value in request.items() if name != "api_token"}
        stored = redact(json.dumps(kept, sort_keys=True))
        with self.database.transaction(durable=True) as connection:
            connection.execute(
                "INSERT OR REPLACE INTO intents (job_id, tag, request, created_at)"
                " VALUES (?, ?, ?, ?)",
                (job_id, tag, stored, self.database.now()),
            )
            return self.jobs.transition(
                job_id, _S.ORDERING, expect={_S.STAGED}, note=f"intent {tag} committed"
            )

    def placed(self, job_id: str, receipt: OrderReceipt, *, note: str) -> JobRecord:
        """The vendor accepted and charged the order: record its id and cost."""
        assert receipt.order_id is not None
        with self.database.transaction(durable=True):
            self._resolve(job_id, Outcome.PLACED, receipt.order_id)
            return self.jobs.transition(
                job_id,
                _S.ORDERED,
                expect={_S.ORDERING, _S.IN_DOUBT},
                note=note,
                order_id=receipt.order_id,
                cost=receipt.order_total,
                seconds=receipt.seconds,
                error=None,
            )

    def adopted(self, job_id: str, order_id: int, cost: float, seconds: int | None) -> JobRecord:
        """An in-doubt order was found (in the vendor's order list, or named by a callback,
        possibly after the doubt was handed to a person): it was placed after all."""
        with self.database.transaction(durable=True):
            self._resolve(job_id, Outcome.PLACED, order_id)
            return self.jobs.transition(
                job_id,
                _S.ORDERED,
                expect={_S.ORDERING, _S.IN_DOUBT, _S.NEEDS_ATTENTION},
                note=f"reconciled: found order {order_id}",
                order_id=order_id,
                cost=cost,
                seconds=seconds,
                error=None,
            )

    def adopted_manually(self, job_id: str, order_id: int) -> JobRecord:
        """A person named the order of a job in doubt (`gt-watch retry JOB --order ID`)."""
        with self.database.transaction(durable=True):
            self._resolve(job_id, Outcome.PLACED, order_id)
            return self.jobs.transition(
                job_id,
                _S.ORDERED,
                expect={_S.IN_DOUBT, _S.NEEDS_ATTENTION},
                note=f"a person bound this job to order {order_id}",
                order_id=order_id,
                error=None,
                next_check_at=None,
            )

    def quoted(self, job_id: str, receipt: OrderReceipt) -> JobRecord:
        """A test-mode answer: a price, nothing charged."""
        with self.database.transaction(durable=True):
            self._resolve(job_id, Outcome.QUOTED, None)
            return self.jobs.transition(
                job_id,
                _S.QUOTED,
                expect={_S.ORDERING, _S.IN_DOUBT},
                note=f"test mode: {receipt.order_total:.2f} USD for {receipt.seconds} s",
                quote=receipt.order_total,
                seconds=receipt.seconds,
                error=None,
            )

    def refused(self, job_id: str, error: str) -> JobRecord:
        """The vendor refused the order (HTTP 400): nothing was charged."""
        with self.database.transaction(durable=True):
            self._resolve(job_id, Outcome.REFUSED, None)
            return self.jobs.transition(
                job_id, _S.FAILED, expect={_S.ORDERING}, note="order refused", error=error
            )

    def in_doubt(self, job_id: str, reason: str) -> JobRecord:
        """The POST's outcome is unknown: the job waits for reconciliation."""
        with self.database.transaction(durable=True):
            return self.jobs.transition(
                job_id, _S.IN_DOUBT, expect={_S.ORDERING}, note="outcome unknown", error=reason
            )

    def abandon(self, job_id: str, note: str) -> None:
        """A person decided the in-doubt order was never placed; keep the old intent as history."""
        with self.database.transaction(durable=True):
            self._resolve(job_id, Outcome.ABANDONED, None)
            self.jobs.note(job_id, note)

    def get(self, job_id: str) -> IntentRecord | None:
        row = self.database.query_one("SELECT * FROM intents WHERE job_id = ?", (job_id,))
        return IntentRecord.from_row(row) if row else None

    def committed(self, job_id: str) -> bool:
        """Given a job id, return whether an order of the job may exist: its intent is still
        open (being posted, or in doubt) or was placed. A quoted, refused or abandoned
        intent bought nothing."""
        row = self.database.query_one(
            "SELECT 1 FROM intents WHERE job_id = ? AND (outcome IS NULL OR outcome = ?)",
            (job_id, Outcome.PLACED),
        )
        return row is not None

    def unresolved(self) -> list[tuple[IntentRecord, JobRecord]]:
        """Intents without an outcome, with their jobs: after a crash these are in doubt."""
        rows = self.database.query(
            "SELECT intents.job_id FROM intents JOIN jobs ON jobs.id = intents.job_id"
            " WHERE intents.outcome IS NULL ORDER BY intents.created_at"
        )
        pairs = []
        for row in rows:
            intent = self.get(row["job_id"])
            assert intent is not None
            pairs.append((intent, self.jobs.get(row["job_id"])))
        return pairs

    def claimed_order_ids(self) -> set[int]:
        """Order ids already bound to a job: reconciliation must never hand one out twice."""
        rows = self.database.query("SELECT order_id FROM jobs WHERE order_id IS NOT NULL")
        return {int(row["order_id"]) for row in rows}

    def spent_since(self, since: datetime, *, under: str | None = None) -> float:
        """Live money charged, or possibly charged (an open intent counts at its quote), by
        orders attempted since a time; with `under` (a folder: a path or s3://bucket/prefix),
        only by orders whose results are owed to files in that folder."""
        in_folder = ""
        parameters: list[object] = [since.isoformat(timespec="microseconds"), Outcome.PLACED]
        if under is not None:
            prefix = under.rstrip("/") + "/"
            in_folder = (
                " AND EXISTS (SELECT 1 FROM deliveries JOIN files ON files.id = deliveries.file_id"
                " WHERE deliveries.job_id = jobs.id AND substr(files.source, 1, ?) = ?)"
            )
            parameters += [len(prefix), prefix]
        spent = (
            "SELECT COALESCE(SUM(COALESCE(jobs.cost, jobs.quote, 0)), 0) AS total FROM intents"
            " JOIN jobs ON jobs.id = intents.job_id WHERE jobs.mode = 'live'"
            " AND intents.created_at >= ? AND (intents.outcome IS NULL OR intents.outcome = ?)"
        )
        row = self.database.query_one(spent + in_folder, parameters)
        return float(row["total"]) if row else 0.0

    def _resolve(self, job_id: str, outcome: str, order_id: int | None) -> None:
        self.database.execute(
            "UPDATE intents SET outcome = ?, order_id = ?, resolved_at = ? WHERE job_id = ?",
            (outcome, order_id, self.database.now(), job_id),
        )
