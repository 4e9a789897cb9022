"""All SQL of gt-watch: the state database and its repositories. Imports only the base layer.

`Store.open(path)` gives one connection (per thread) with the repositories over it:
`files`, `jobs`, `intents`, `deliveries`, `sidecars`, `inbox`, `meta`.
"""

from __future__ import annotations

from pathlib import Path

from gt_watch.store.database import Clock, Database, utc_now
from gt_watch.store.deliveries import DeliveryRepository, SidecarRepository
from gt_watch.store.files import FileRepository
from gt_watch.store.inbox import CallbackInbox
from gt_watch.store.intents import IntentRepository
from gt_watch.store.jobs import JobRepository


class Meta:
    """Small named values that must survive restarts (listing positions, secrets' ids)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def get(self, key: str) -> str | None:
        row = self.database.query_one("SELECT value FROM meta WHERE key = ?", (key,))
        return str(row["value"]) if row else None

    def set(self, key: str, value: str) -> None:
        self.database.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value)
        )


class Store:
    """One connection to the state database and the repositories that use it."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.files = FileRepository(database)
        self.jobs = JobRepository(database)
        self.intents = IntentRepository(database, self.jobs)
        self.deliveries = DeliveryRepository(database)
        self.sidecars = SidecarRepository(database)
        self.inbox = CallbackInbox(database)
        self.meta = Meta(database)

    @classmethod
    def open(cls, path: Path, *, clock: Clock = utc_now) -> Store:
        """Open (creating and migrating if needed) the state database at `path`."""
        return cls(Database(path, clock=clock))

    def close(self) -> None:
        self.database.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
