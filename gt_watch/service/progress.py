"""Showing upload progress: a rich progress bar on stderr when stderr is a terminal, and
otherwise one log line when a long upload starts (storage logs the line when it ends).
Must not know about storage or the pipeline beyond the `UploadProgress` port.

An upload shows nothing until bytes actually flow: with built-in storage, or when the
object is already in the bucket, the first report is already the whole size, and no bar
flashes and no line is logged.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from gt_watch.pipeline.ports import UploadProgress

log = logging.getLogger("gt_watch.uploads")

# Uploads at least this large get a log line when they start (when no bar is drawn).
LONG_UPLOAD_BYTES = 32 * 1024 * 1024


def upload_progress(stream: TextIO) -> UploadProgress:
    """Given the stream progress would be drawn on (stderr), return a bar drawer if it is
    an interactive terminal, else the log-line reporter."""
    interactive = stream.isatty() and os.environ.get("TERM", "") not in ("", "dumb")
    # soft_wrap: log lines printed above the bar keep their one line (the terminal wraps).
    return TerminalUploads(Console(file=stream, soft_wrap=True)) if interactive else LoggedUploads()


def _starts_transfer(sent: int, size: int | None) -> bool:
    """Whether a first report means bytes are flowing (not: all there at once)."""
    return size is None or sent < size


class LoggedUploads:
    """One INFO line when an upload of at least `threshold` bytes starts moving."""

    def __init__(self, threshold: int = LONG_UPLOAD_BYTES) -> None:
        self.threshold = threshold

    @contextmanager
    def track(self, name: str, size: int | None) -> Iterator[Callable[[int], None]]:
        announced = False

        def report(sent: int) -> None:
            nonlocal announced
            long_upload = size is not None and size >= self.threshold
            if not announced and long_upload and _starts_transfer(sent, size):
                announced = True
                log.info("uploading %s (%s); this may take a while", name, _mebibytes(size))

        yield report


class TerminalUploads:
    """One live progress display on a terminal, with a bar per running upload. Log lines
    written meanwhile appear above it (rich takes stderr over while it is shown)."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("uploading {task.description}"),
            BarColumn(),
            DownloadColumn(binary_units=True),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            redirect_stdout=False,  # stdout may be a file; only stderr is the terminal
        )
        self._lock = threading.Lock()
        self._running = 0

    @contextmanager
    def track(self, name: str, size: int | None) -> Iterator[Callable[[int], None]]:
        task: TaskID | None = None

        def report(sent: int) -> None:
            nonlocal task
            if task is None:
                if not _starts_transfer(sent, size):
                    return
                task = self._add(name, size)
            self._progress.update(task, completed=sent)

        try:
            yield report
        finally:
            if task is not None:
                self._remove(task)

    def _add(self, name: str, size: int | None) -> TaskID:
        with self._lock:
            if self._running == 0:
                self._progress.start()
            self._running += 1
            task = self._progress.add_task(name, total=size)
            self._progress.refresh()
            return task

    def _remove(self, task: TaskID) -> None:
        with self._lock:
            self._progress.remove_task(task)
            self._running -= 1
            if self._running == 0:
                self._progress.stop()


def _mebibytes(size: int | None) -> str:
    return f"{(size or 0) / (1024 * 1024):.1f} MiB"
