"""The status view: one row per (file, job) plus files that have no job, for `gt-watch
status`. Read-only SQL."""

from __future__ import annotations

import json
from dataclasses import dataclass

from gt_watch.store.database import Database


@dataclass(frozen=True, slots=True)
class StatusRow:
    source: str
    file_state: str
    file_problem: str | None
    rule_name: str | None
    kind: str | None
    mode: str | None
    job_id: str | None
    job_state: str | None
    order_id: int | None
    cost: float | None
    quote: float | None
    job_error: str | None
    delivery_state: str | None
    delivery_error: str | None
    updated_at: str
    watch_root: str = ""
    # The file's rules no longer ask for the job, which was ordered before they changed.
    unwanted: bool = False


def status_rows(database: Database, *, include_ignored: bool = False) -> list[StatusRow]:
    """Every file gt-watch knows (without those no rule wants, unless asked), with its jobs."""
    rows = database.query(
        "SELECT files.source, files.watch_root, files.state AS file_state, files.problem,"
        " deliveries.rule, deliveries.state AS delivery_state, deliveries.error AS delivery_error,"
        " deliveries.unwanted_since,"
        " jobs.id AS job_id, jobs.kind, jobs.mode, jobs.state AS job_state, jobs.order_id,"
        " jobs.cost, jobs.quote, jobs.error AS job_error,"
        " COALESCE(jobs.updated_at, files.updated_at) AS updated_at"
        " FROM files LEFT JOIN deliveries ON deliveries.file_id = files.id"
        " LEFT JOIN jobs ON jobs.id = deliveries.job_id"
        " WHERE files.state != 'ignored' OR ?"
        " ORDER BY files.source, jobs.created_at",
        (include_ignored,),
    )
    return [
        StatusRow(
            source=row["source"],
            file_state=row["file_state"],
            file_problem=row["problem"],
            rule_name=json.loads(row["rule"])["rule_name"] if row["rule"] else None,
            kind=row["kind"],
            mode=row["mode"],
            job_id=row["job_id"],
            job_state=row["job_state"],
            order_id=row["order_id"],
            cost=row["cost"],
            quote=row["quote"],
            job_error=row["job_error"],
            delivery_state=row["delivery_state"],
            delivery_error=row["delivery_error"],
            updated_at=row["updated_at"],
            watch_root=row["watch_root"],
            unwanted=row["unwanted_since"] is not None,
        )
        for row in rows
    ]
