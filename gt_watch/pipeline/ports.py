"""What the pipeline needs from the outside, as Protocols. No implementations here.

`service` builds the real ones (the httpx API client, S3 or built-in storage, the rule book
from config) and hands them in; tests hand in the same real pieces against local servers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from gt_watch.model import FolderRules, Mode, OrderInfo, OrderKind, OrderReceipt


class OrderApi(Protocol):
    """The subset of `api.client.GoTranscriptClient` the pipeline uses."""

    def place_order(
        self, kind: OrderKind, params: Mapping[str, str | int | bool], mode: Mode
    ) -> OrderReceipt: ...

    def order(self, order_id: int, mode: Mode) -> OrderInfo: ...

    def orders(self, mode: Mode) -> Iterator[OrderInfo]: ...

    def download(self, url: str, fmt: str | None = None) -> bytes: ...


class Staged(Protocol):
    """A file made reachable by URL until `expires_at` (storage.StagedMedia)."""

    @property
    def url(self) -> str: ...

    @property
    def expires_at(self) -> datetime: ...


class Stager(Protocol):
    """Makes a local file reachable by URL (S3 presigned GET, or the built-in signed URLs)."""

    def stage(
        self, path: Path, key: str, *, progress: Callable[[int], None] | None = None
    ) -> Staged: ...


class UploadProgress(Protocol):
    """Shows how far uploads got: a bar on a terminal, a log line for long ones otherwise.
    Several uploads may run at once (one per worker thread)."""

    def track(self, name: str, size: int | None) -> AbstractContextManager[Callable[[int], None]]:
        """Given a file's name and size, return a context manager whose value is the
        progress callback to hand to `Stager.stage` (cumulative bytes sent). Leaving the
        block ends the display, whether the upload succeeded or not."""
        ...


class RulesSource(Protocol):
    """The rule books: effective rules for a source (a path or `s3://bucket/key`). Raises
    ConfigError for a folder whose rules file (or a parent's) is broken."""

    def rules_for(self, source: str) -> FolderRules: ...

    def matches(self, rules: FolderRules, source: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class Settings:
    """Pipeline knobs from config.yaml (or sandbox defaults)."""

    public_url: str | None
    callback_secret: str
    results_dir: Path
    poll_interval: float = 300.0
    reconcile_grace: float = 120.0
    max_in_doubt: int = 3
    max_per_order: float | None = None
    max_per_day: float | None = None
    stage_retry: float = 60.0
    url_margin: float = 3600.0
    # How long past its delivery estimate an unfinished order is polled before a person is
    # told it seems stuck (a refund GoTranscript does not report looks pending for ever).
    overdue_grace: float = 86400.0
