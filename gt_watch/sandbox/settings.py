"""The sandbox's settings (fixed at start) and knobs (changeable at run time). No I/O.

Settings come from the command line or from whoever embeds the sandbox; knobs start from the
settings and the admin API (`/sandbox/knobs`) changes them while the sandbox runs, so tests
can turn faults on and off without a restart.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

DEFAULT_TOKEN = "sandbox-token"  # noqa: S105  (a public, documented default, not a secret)
TranscriptShape = Literal["segments", "rev", "aws"]
TRANSCRIPT_SHAPES: tuple[TranscriptShape, ...] = ("segments", "rev", "aws")


@dataclass(frozen=True, slots=True)
class SandboxSettings:
    """How a sandbox starts. Times in seconds, money in USD.

    `delay` is how long a live order takes to finish; `speed` divides the waits between
    callback attempts (the real service waits minutes; tests want milliseconds).
    `state_path` keeps orders, wallet and pending work across restarts (None: in memory).
    `public_url` is the address written into result URLs (default: where it listens).
    """

    token: str = DEFAULT_TOKEN
    wallet_usd: float = 1000.0
    ai_minutes: int = 0
    delay: float = 5.0
    speed: float = 1.0
    page_size: int = 20
    error_rate: float = 0.0
    latency: float = 0.0
    transcript_shape: TranscriptShape = "segments"
    omit_status: bool = False
    drop_callbacks: bool = False
    duplicate_callbacks: bool = False
    state_path: Path | None = None
    public_url: str | None = None
    max_download_bytes: int = 2 * 1024**3
    download_timeout: float = 300.0
    max_document_bytes: int = 20 * 1024**2
    random_seed: int | None = None

    def __repr__(self) -> str:
        # The token must never reach a log line or a test report through a repr.
        fields = (f.name for f in dataclasses.fields(self) if f.name != "token")
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in fields)
        return f"SandboxSettings(token=***, {shown})"


@dataclass(frozen=True, slots=True)
class FaultRule:
    """Fail the next `remaining` API requests matching `path` (a prefix) and `method` with
    HTTP `status`. `after=True` lets the request take effect first (an order is placed and
    paid) and only then answers with the error: the case a client cannot tell apart."""

    remaining: int
    status: int = 503
    path: str | None = None
    method: str | None = None
    after: bool = False

    def matches(self, method: str, path: str) -> bool:
        """Given a request's method and path, return True if this rule applies to it."""
        if self.method and self.method.upper() != method.upper():
            return False
        return not self.path or path.startswith(self.path)


@dataclass(slots=True)
class Knobs:
    """The run-time behaviour of a sandbox; the admin API edits it."""

    delay: float
    speed: float
    page_size: int
    error_rate: float
    latency: float
    transcript_shape: TranscriptShape
    omit_status: bool
    drop_callbacks: bool
    duplicate_callbacks: bool
    drop_next_callbacks: int = 0
    duplicate_next_callbacks: int = 0
    faults: list[FaultRule] = field(default_factory=list)

    @classmethod
    def from_settings(cls, settings: SandboxSettings) -> Knobs:
        """Given the start settings, return the knobs they imply."""
        return cls(
            delay=settings.delay,
            speed=settings.speed,
            page_size=settings.page_size,
            error_rate=settings.error_rate,
            latency=settings.latency,
            transcript_shape=settings.transcript_shape,
            omit_status=settings.omit_status,
            drop_callbacks=settings.drop_callbacks,
            duplicate_callbacks=settings.duplicate_callbacks,
        )

    def as_dict(self) -> dict[str, object]:
        """Return the knobs as plain JSON-able data (for `GET /sandbox/knobs`)."""
        data = dataclasses.asdict(self)
        data["faults"] = [dataclasses.asdict(rule) for rule in self.faults]
        return data

    def take_fault(self, method: str, path: str) -> FaultRule | None:
        """Given a request, return the first armed fault rule that matches it and count it
        down (rules that reach zero are removed); None if no rule applies."""
        for index, rule in enumerate(self.faults):
            if rule.matches(method, path):
                if rule.remaining <= 1:
                    del self.faults[index]
                else:
                    self.faults[index] = dataclasses.replace(rule, remaining=rule.remaining - 1)
                return rule
        return None

    def take_callback_drop(self) -> bool:
        """Return True if the next callback must be dropped (and count it)."""
        if self.drop_next_callbacks > 0:
            self.drop_next_callbacks -= 1
            return True
        return self.drop_callbacks

    def take_callback_duplicate(self) -> bool:
        """Return True if the next callback must be sent twice (and count it)."""
        if self.duplicate_next_callbacks > 0:
            self.duplicate_next_callbacks -= 1
            return True
        return self.duplicate_callbacks
