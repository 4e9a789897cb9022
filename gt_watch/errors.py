"""The exception hierarchy. Each message is what a person reads: what, where, what to do.

Messages pass through `redact` so that no exception text can carry a secret.
"""

from __future__ import annotations

from dataclasses import dataclass

from gt_watch.redact import redact


class GtWatchError(Exception):
    """Base of every error gt-watch raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))

    @property
    def message(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of a configuration or request: where (file, line, key path) and what."""

    message: str
    path: str | None = None
    line: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        at = f"At '{self.key}': " if self.key else ""
        return redact(f"{where}{at}{self.message}")


class ConfigError(GtWatchError):
    """A configuration or rules file is invalid. Carries every problem found, not the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in problems))


class ValidationError(GtWatchError):
    """An order request breaks the API's rules (catalog.validate_request); nothing was sent."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(problems))


class ApiError(GtWatchError):
    """Anything that went wrong talking to the GoTranscript API."""


class ApiRequestError(ApiError):
    """The API answered 400 (malformed request or failed authentication) with its `error` text."""

    def __init__(self, error: str, *, status_code: int = 400, mode: str | None = None) -> None:
        self.error = redact(error)
        self.status_code = status_code
        self.mode = mode
        super().__init__(f"GoTranscript refused the request (HTTP {status_code}): {error}")


class ApiServerError(ApiError):
    """The API answered 5xx: trouble on the vendor's side. Safe to retry reads only."""

    def __init__(self, status_code: int, detail: str = "") -> None:
        self.status_code = status_code
        suffix = f": {detail}" if detail else ""
        super().__init__(f"GoTranscript had a server error (HTTP {status_code}){suffix}")


class ApiUnavailableError(ApiError):
    """The API could not be reached (connection refused, DNS, timeout before any answer)."""


class ApiResponseError(ApiError):
    """The API answered 200 with a body gt-watch cannot understand."""


class UnsafeUrlError(ApiError):
    """A URL (or a redirect) points away from the GoTranscript API host. Result URLs carry
    the token, so gt-watch refuses to fetch them anywhere else."""


class OrderOutcomeUnknown(ApiError):
    """An order POST may or may not have reached GoTranscript (timeout, 5xx, dropped
    connection after sending). It must not be posted again blindly: reconcile first."""


class MediaError(GtWatchError):
    """A media file cannot be ordered: empty, not decodable, or too long for the order kind."""


class StorageError(GtWatchError):
    """Making a file reachable by URL failed (upload, presign, signed-URL server)."""


class ResultFormatError(GtWatchError):
    """A downloaded result (transcript JSON, captions, alignment) could not be understood."""


class CaptionError(GtWatchError):
    """Captions cannot be produced or read as asked: a time out of range (negative, or past
    the 99:59:59 limit of SRT/WebVTT timecodes), a malformed timecode, or an invalid cue."""


class UnsafePathError(GtWatchError):
    """A key or path from outside (bucket, payload) would escape its folder."""


class SidecarConflictError(GtWatchError):
    """A sidecar would overwrite a file gt-watch did not write, and the rule does not allow it."""


class StateError(GtWatchError):
    """The state database is missing, locked, from a newer version, or inconsistent."""


class SidecarWriteError(GtWatchError):
    """A sidecar could not be written (disk full, permissions); the previous file is intact."""


class WatchRootError(GtWatchError):
    """A watched folder is missing, unreadable, or cannot be watched (inotify limits).

    The watcher keeps retrying; the message says which folder and what to do."""
