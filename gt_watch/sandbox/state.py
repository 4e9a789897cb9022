"""The sandbox's persistent state: orders, callback deliveries, wallet. All its SQL lives here.

With a file path the state survives restarts (orders, wallet, pending completions and pending
callbacks); without one it lives in memory. Records are stored as JSON next to their ids:
the sandbox reads everything once at start and writes each change through. Media bytes and
API tokens are never stored: only the content hash, durations and submitted words.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from gt_watch.errors import StateError
from gt_watch.model import OrderKind
from gt_watch.sandbox.orders import OrderRecord

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS deliveries (
    id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, record TEXT NOT NULL
);
"""

PENDING, DELIVERED, FAILED, DROPPED = "pending", "delivered", "failed", "dropped"


@dataclass(slots=True)
class Attempt:
    """One POST of a callback: when, what came back, and whether it counted as `ok`."""

    number: int
    at: str
    accepted: bool
    http_status: int | None = None
    body: str = ""
    error: str | None = None


@dataclass(slots=True)
class Delivery:
    """One callback to send (up to 10 attempts). `event` is `finished`, `redelivered` or
    `refunded`; the fields are rebuilt from the order at each attempt, so no URL with the
    token is ever stored."""

    id: int
    order_id: int
    url: str
    event: str
    revision: int
    state: str = PENDING
    next_attempt_at: float = 0.0
    attempts: list[Attempt] = field(default_factory=list)


@dataclass(slots=True)
class Account:
    """The wallet (cents), the AI subscription minutes and the next ids."""

    wallet_cents: int
    ai_minutes_left: int
    next_order_id: int = 1
    next_delivery_id: int = 1


class StateStore:
    """SQLite state of one sandbox. Not thread-safe: the sandbox's event loop owns it."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                str(path) if path else ":memory:", check_same_thread=False, isolation_level=None
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)
        except (sqlite3.Error, OSError) as error:
            raise StateError(f"cannot open the sandbox state {path}: {error}") from error
        self._check_version()

    def _check_version(self) -> None:
        stored = self._meta("schema_version")
        if stored is None:
            self._set_meta("schema_version", str(SCHEMA_VERSION))
        elif int(stored) > SCHEMA_VERSION:
            raise StateError(
                f"the sandbox state {self.path} was written by a newer gt-watch "
                f"(schema {stored}); upgrade gt-watch or use another --state file"
            )

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def load_account(self, default: Account) -> Account:
        """Return the stored account, or store and return `default` for a new state."""
        stored = self._meta("account")
        if stored is None:
            self.save_account(default)
            return default
        return Account(**json.loads(stored))

    def save_account(self, account: Account) -> None:
        """Write the account through."""
        self._set_meta("account", json.dumps(dataclasses.asdict(account)))

    def save_order(self, order: OrderRecord) -> None:
        """Write one order through."""
        record = json.dumps(dataclasses.asdict(order))
        self._db.execute(
            "INSERT OR REPLACE INTO orders (id, record) VALUES (?, ?)", (order.id, record)
        )

    def load_orders(self) -> list[OrderRecord]:
        """Return every stored order, oldest first."""
        rows = self._db.execute("SELECT record FROM orders ORDER BY id").fetchall()
        return [_order_from(json.loads(row[0])) for row in rows]

    def save_delivery(self, delivery: Delivery) -> None:
        """Write one callback delivery (with its attempts) through."""
        record = json.dumps(dataclasses.asdict(delivery))
        self._db.execute(
            "INSERT OR REPLACE INTO deliveries (id, order_id, record) VALUES (?, ?, ?)",
            (delivery.id, delivery.order_id, record),
        )

    def load_deliveries(self) -> list[Delivery]:
        """Return every stored delivery, oldest first."""
        rows = self._db.execute("SELECT record FROM deliveries ORDER BY id").fetchall()
        deliveries = []
        for row in rows:
            data = json.loads(row[0])
            data["attempts"] = [Attempt(**attempt) for attempt in data["attempts"]]
            deliveries.append(Delivery(**data))
        return deliveries


def _order_from(data: dict[str, object]) -> OrderRecord:
    data["kind"] = OrderKind(str(data["kind"]))
    span = data["span"]
    assert isinstance(span, list)
    data["span"] = (float(span[0]), float(span[1]))
    return OrderRecord(**data)  # type: ignore[arg-type]
