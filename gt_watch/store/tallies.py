"""Counts the metrics read from the state database: jobs by state, orders placed, money.
Read-only SQL; must not change a row.

These figures are derived from the database on every scrape, so they are the truth across
restarts: a restarted daemon reports the orders and money of its whole history, not of its
process. They are levels, not counters: a refund lowers the money spent.
"""

from __future__ import annotations

from dataclasses import dataclass

from gt_watch.model import JobState
from gt_watch.store.database import Database
from gt_watch.store.intents import Outcome


@dataclass(frozen=True, slots=True)
class Money:
    """USD of live orders: charged and not refunded, and refunded."""

    spent: float
    refunded: float


class Tallies:
    """Aggregate reads over the jobs, their history and the order intents."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def jobs_by_state(self) -> dict[JobState, int]:
        """Every job state with how many jobs are in it (0 for the empty ones)."""
        counts = dict.fromkeys(JobState, 0)
        for row in self.database.query("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state"):
            counts[JobState(row["state"])] = int(row["n"])
        return counts

    def orders_by_kind_and_mode(self) -> dict[tuple[str, str], int]:
        """(kind, mode) -> jobs whose order GoTranscript accepted: placed (live) or priced
        (test). A job ordered again (after a refund) counts once, for its current order."""
        rows = self.database.query(
            "SELECT jobs.kind AS kind, jobs.mode AS mode, COUNT(*) AS n FROM intents"
            " JOIN jobs ON jobs.id = intents.job_id WHERE intents.outcome IN (?, ?)"
            " GROUP BY jobs.kind, jobs.mode",
            (Outcome.PLACED, Outcome.QUOTED),
        )
        return {(str(row["kind"]), str(row["mode"])): int(row["n"]) for row in rows}

    def money(self) -> Money:
        """USD of live orders: charged and not refunded, and refunded."""
        row = self.database.query_one(
            "SELECT"
            " COALESCE(SUM(CASE WHEN state != ? THEN cost END), 0) AS spent,"
            " COALESCE(SUM(CASE WHEN state = ? THEN cost END), 0) AS refunded"
            " FROM jobs WHERE mode = 'live' AND order_id IS NOT NULL",
            (JobState.REFUNDED.value, JobState.REFUNDED.value),
        )
        assert row is not None
        return Money(float(row["spent"]), float(row["refunded"]))
