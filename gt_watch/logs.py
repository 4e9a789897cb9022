"""Logging setup: one event per line on stderr, every secret redacted. No business logic.

Modules log through `logging.getLogger(__name__)` and pass context as `extra={"job": ...,
"file": ...}`; the formatter prints those fields after the message. The redaction filter sits
on the handler, so no record reaches the output without passing through `redact`.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from typing import TextIO

from gt_watch.redact import redact

CONTEXT_FIELDS = ("job", "file", "order", "rule", "kind")


class RedactingFilter(logging.Filter):
    """Render each record's message once, redact it, and freeze it into `record.msg`."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        record.exc_info = None
        for name in CONTEXT_FIELDS:
            value = getattr(record, name, None)
            if isinstance(value, str):
                setattr(record, name, redact(value))
        return True


class TextFormatter(logging.Formatter):
    """`LEVEL logger: message job=... file=...`: journald adds the time itself."""

    def __init__(self, with_time: bool) -> None:
        prefix = "%(asctime)s " if with_time else ""
        super().__init__(f"{prefix}%(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        context = " ".join(
            f"{name}={getattr(record, name)}"
            for name in CONTEXT_FIELDS
            if getattr(record, name, None) is not None
        )
        return f"{line} {context}" if context else line


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log shippers."""

    def format(self, record: logging.LogRecord) -> str:
        event: dict[str, object] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in CONTEXT_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                event[name] = value
        if record.exc_text:
            event["exception"] = record.exc_text
        return json.dumps(event, ensure_ascii=False, default=str)


class CurrentStderr:
    """Writes to whatever `sys.stderr` is at the moment of writing, so that a progress bar
    that takes stderr over while it is drawn (rich does) keeps log lines above the bar."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def configure(
    level: str = "INFO", log_format: str = "text", stream: TextIO | None = None
) -> logging.Handler:
    """Given a level name and `text` or `json`, install the one redacting stderr handler on
    the root logger and return it. Time stamps are omitted under journald (it adds its own)."""
    handler: logging.Handler = logging.StreamHandler(stream or CurrentStderr())
    handler.addFilter(RedactingFilter())
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(TextFormatter(with_time=not _under_journald()))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for noisy in ("httpx", "httpcore", "botocore", "boto3", "urllib3", "watchdog"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    return handler


def _under_journald() -> bool:
    return bool(os.environ.get("JOURNAL_STREAM"))
