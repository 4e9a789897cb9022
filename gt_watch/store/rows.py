"""Typed rows of the state database, and their conversion from sqlite3.Row. No SQL here."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from gt_watch.model import JobState, Mode, OrderKind


def parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class FileState:
    """Where a source file stands, before any job exists for it."""

    SEEN = "seen"  # recorded, not yet hashed and checked
    READY = "ready"  # hashed, checked, jobs planned
    REJECTED = "rejected"  # empty, not media, too long...: `problem` says why
    GONE = "gone"  # deleted or moved away
    CHANGED = "changed"  # new content under the same name: planned again


@dataclass(frozen=True, slots=True)
class FileRecord:
    id: int
    source: str
    watch_root: str
    size: int
    version: str
    content_hash: str | None
    duration: float | None
    state: str
    problem: str | None
    first_seen: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> FileRecord:
        return cls(
            id=row["id"],
            source=row["source"],
            watch_root=row["watch_root"],
            size=row["size"],
            version=row["version"],
            content_hash=row["content_hash"],
            duration=row["duration"],
            state=row["state"],
            problem=row["problem"],
            first_seen=datetime.fromisoformat(row["first_seen"]),
            updated_at=datetime.fromisoformat(row["updated_at"]),
        )


@dataclass(frozen=True, slots=True)
class JobRecord:
    id: str
    content_hash: str
    fingerprint: str
    mode: Mode
    kind: OrderKind
    rule_name: str
    params: dict[str, str]
    parent_id: str | None
    origin_file_id: int
    state: JobState
    order_id: int | None
    quote: float | None
    cost: float | None
    seconds: int | None
    media_key: str | None
    revision: int
    attempts: int
    error: str | None
    next_check_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> JobRecord:
        return cls(
            id=row["id"],
            content_hash=row["content_hash"],
            fingerprint=row["fingerprint"],
            mode=Mode(row["mode"]),
            kind=OrderKind(row["kind"]),
            rule_name=row["rule_name"],
            params=json.loads(row["params"]),
            parent_id=row["parent_id"],
            origin_file_id=row["origin_file_id"],
            state=JobState(row["state"]),
            order_id=row["order_id"],
            quote=row["quote"],
            cost=row["cost"],
            seconds=row["seconds"],
            media_key=row["media_key"],
            revision=row["revision"],
            attempts=row["attempts"],
            error=row["error"],
            next_check_at=parse_time(row["next_check_at"]),
            created_at=datetime.fromisoformat(row["created_at"]),
            updated_at=datetime.fromisoformat(row["updated_at"]),
        )


@dataclass(frozen=True, slots=True)
class IntentRecord:
    """An order about to be (or being) placed: written and committed before the POST."""

    job_id: str
    tag: str
    request: dict[str, Any]
    created_at: datetime
    outcome: str | None
    order_id: int | None
    resolved_at: datetime | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> IntentRecord:
        return cls(
            job_id=row["job_id"],
            tag=row["tag"],
            request=json.loads(row["request"]),
            created_at=datetime.fromisoformat(row["created_at"]),
            outcome=row["outcome"],
            order_id=row["order_id"],
            resolved_at=parse_time(row["resolved_at"]),
        )


class DeliveryState:
    PENDING = "pending"
    DELIVERED = "delivered"
    BLOCKED = "blocked"  # a sidecar conflict or write error: `error` says why
    # The file changed content, or its rules stopped asking for the order before it was
    # placed: the results are not for it.
    SUPERSEDED = "superseded"


@dataclass(frozen=True, slots=True)
class DeliveryRecord:
    """Sidecars owed by a job to one source file, with the folder's output choices.
    `unwanted_since`: when the file's rules stopped asking for the job's order, which had
    been placed already (the results are still delivered); None while they ask for it."""

    job_id: str
    file_id: int
    rule: dict[str, Any]
    state: str
    revision: int
    error: str | None
    unwanted_since: datetime | None = None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> DeliveryRecord:
        return cls(
            job_id=row["job_id"],
            file_id=row["file_id"],
            rule=json.loads(row["rule"]),
            state=row["state"],
            revision=row["revision"],
            error=row["error"],
            unwanted_since=parse_time(row["unwanted_since"]),
        )


@dataclass(frozen=True, slots=True)
class CallbackRecord:
    id: int
    job_id: str
    order_id: int | None
    payload: dict[str, str]
    received_at: datetime
    processed_at: datetime | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> CallbackRecord:
        return cls(
            id=row["id"],
            job_id=row["job_id"],
            order_id=row["order_id"],
            payload=json.loads(row["payload"]),
            received_at=datetime.fromisoformat(row["received_at"]),
            processed_at=parse_time(row["processed_at"]),
        )


@dataclass(frozen=True, slots=True)
class HistoryRecord:
    job_id: str
    at: datetime
    state: str
    note: str | None
