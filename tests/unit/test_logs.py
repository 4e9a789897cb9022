"""Log output: one redacted line per event, on whatever stderr is at the moment."""

from __future__ import annotations

import contextlib
import io
import logging

from gt_watch import logs


def test_log_lines_follow_stderr_when_a_progress_display_takes_it_over() -> None:
    logs.configure("info", "text")
    taken_over = io.StringIO()
    with contextlib.redirect_stderr(taken_over):
        logging.getLogger("gt_watch.test").info("uploaded talk.wav")
    assert taken_over.getvalue().endswith("INFO gt_watch.test: uploaded talk.wav\n")
