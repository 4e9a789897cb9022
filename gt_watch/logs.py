"""Logging setup: one event per line on stderr, every secret redacted. No business logic.

Modules log through `logging.getLogger(__name__)` and pass context as `extra={"job": ...,
"file": ...}`; the formatter prints those fields after the message. The redaction filter sits
on the handler, so no record reaches the output without passing through `redact`.

Under systemd (stderr is the journal stream) each line starts with its syslog priority
(`<3>` for errors), which journald turns into the entry's PRIORITY, so `journalctl -p err`
works; the time is left to journald. A multi-line message or traceback is written as one
line (newlines as `\\n`): one event is one journal entry.
"""

from __future__ import annotations

import io
import json
import logging
import os
import sys
from collections.abc import Mapping
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


# Syslog priorities of the logging levels (sd-daemon(3) prefixes).
_PRIORITIES = ((logging.CRITICAL, 2), (logging.ERROR, 3), (logging.WARNING, 4), (logging.INFO, 6))


def syslog_priority(level: int) -> int:
    """Given a logging level, return its syslog priority (7, debug, below INFO)."""
    return next((priority for floor, priority in _PRIORITIES if level >= floor), 7)


class TextFormatter(logging.Formatter):
    """`LEVEL logger: message job=... file=...` on one line; under journald without the
    time (journald adds its own) and with the `<priority>` prefix."""

    def __init__(self, with_time: bool, journald: bool = False) -> None:
        prefix = "%(asctime)s " if with_time else ""
        super().__init__(f"{prefix}%(levelname)s %(name)s: %(message)s")
        self.journald = journald

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        context = " ".join(
            f"{name}={getattr(record, name)}"
            for name in CONTEXT_FIELDS
            if getattr(record, name, None) is not None
        )
        line = one_line(f"{line} {context}" if context else line)
        return f"<{syslog_priority(record.levelno)}>{line}" if self.journald else line


def one_line(text: str) -> str:
    """Given text of any number of lines, return it on one line (newlines as `\\n`)."""
    return text.replace("\r\n", "\n").replace("\n", "\\n")


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log shippers (with the `<priority>` prefix under
    journald, which strips it from the stored message)."""

    def __init__(self, journald: bool = False) -> None:
        super().__init__()
        self.journald = journald

    def format(self, record: logging.LogRecord) -> str:
        line = self._event(record)
        return f"<{syslog_priority(record.levelno)}>{line}" if self.journald else line

    def _event(self, record: logging.LogRecord) -> str:
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
    journald = writes_to_journal(stream or sys.stderr, os.environ)
    handler: logging.Handler = logging.StreamHandler(stream or CurrentStderr())
    handler.addFilter(RedactingFilter())
    if log_format == "json":
        handler.setFormatter(JsonFormatter(journald=journald))
    else:
        handler.setFormatter(TextFormatter(with_time=not journald, journald=journald))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for noisy in ("httpx", "httpcore", "botocore", "boto3", "urllib3", "watchdog"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    return handler


def writes_to_journal(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Given the output stream and the environment, return whether the stream is the
    journal: systemd sets $JOURNAL_STREAM to the device:inode of the stream it connected
    (a child whose stderr was redirected elsewhere inherits the variable but not the stream)."""
    device, _, inode = environ.get("JOURNAL_STREAM", "").partition(":")
    if not (device.isdigit() and inode.isdigit()):
        return False
    try:
        status = os.fstat(stream.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        return False
    return (status.st_dev, status.st_ino) == (int(device), int(inode))
