"""`gt-watch doctor`: checks a setup against the real world (the token, the storage, the
public URL, the watched buckets, inotify limits, the folders) and says what is wrong, which
setting is at fault and how to fix it. Only looks: it never orders (the token check is a
free test-mode read) and leaves nothing behind (its probe files and objects are removed).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Status(enum.StrEnum):
    OK = "ok"
    WARNING = "warning"
    FAILURE = "failure"


@dataclass(frozen=True, slots=True)
class Finding:
    """The outcome of one check: what was checked, how it went, the setting at fault (a
    config key such as `storage.bucket`) and how to fix it."""

    check: str
    status: Status
    message: str
    setting: str | None = None
    fix: str | None = None

    @classmethod
    def ok(cls, check: str, message: str) -> Finding:
        return cls(check, Status.OK, message)

    @classmethod
    def failure(cls, check: str, message: str, setting: str | None, fix: str) -> Finding:
        return cls(check, Status.FAILURE, message, setting, fix)

    @classmethod
    def warning(cls, check: str, message: str, setting: str | None, fix: str) -> Finding:
        return cls(check, Status.WARNING, message, setting, fix)
