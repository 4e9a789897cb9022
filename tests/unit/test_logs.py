"""Log lines: one event per line, journald priorities, JSON, and no secret in any form."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
from pathlib import Path

from gt_watch import logs
from gt_watch.redact import register_secret


def _emit(log_format: str, *args: object, level: int = logging.ERROR, **extra: str) -> str:
    stream = io.StringIO()
    logs.configure("debug", log_format, stream)
    logging.getLogger("gt_watch.test").log(level, *args, extra=extra)  # type: ignore[arg-type]
    return stream.getvalue()


def test_a_traceback_stays_on_one_line() -> None:
    stream = io.StringIO()
    logs.configure("info", "text", stream)
    try:
        raise ValueError("first\nsecond")
    except ValueError:
        logging.getLogger("gt_watch.test").exception("step failed", extra={"job": "j1"})
    output = stream.getvalue()
    assert output.count("\n") == 1 and output.endswith("\n")
    assert "ERROR gt_watch.test: step failed" in output and "job=j1" in output
    assert "ValueError: first\\nsecond" in output


def test_json_events_carry_level_job_and_file() -> None:
    line = _emit("json", "wrote %s", "a.srt", job="j1", file="/srv/a.wav")
    event = json.loads(line)
    assert event["level"] == "error" and event["job"] == "j1" and event["file"] == "/srv/a.wav"
    assert event["message"] == "wrote a.srt"


def test_every_kind_of_secret_is_redacted_in_both_formats() -> None:
    register_secret("tok-123456")
    register_secret("aws-secret-key-value")
    text = (
        "token tok-123456; https://x/r?api_token=abc&format=json; "
        "http://h/callbacks/cb-secret/j1; http://h/media/o?exp=1&sig=signature-value; "
        "https://b.s3/k?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=deadbeef; "
        "aws-secret-key-value"
    )
    for log_format in ("text", "json"):
        output = _emit(log_format, "%s", text)
        for secret in (
            "tok-123456",
            "abc&",
            "cb-secret",
            "signature-value",
            "AKIAEXAMPLE",
            "deadbeef",
            "aws-secret-key-value",
        ):
            assert secret not in output, (log_format, secret, output)


def test_under_journald_lines_start_with_their_priority_and_carry_no_time(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal"
    with path.open("w") as stream:
        status = os.fstat(stream.fileno())
        environ = {"JOURNAL_STREAM": f"{status.st_dev}:{status.st_ino}"}
        assert logs.writes_to_journal(stream, environ)
        assert not logs.writes_to_journal(stream, {"JOURNAL_STREAM": "1:2"})
        assert not logs.writes_to_journal(io.StringIO(), environ)
    formatter = logs.TextFormatter(with_time=False, journald=True)
    record = logging.LogRecord("gt_watch.x", logging.WARNING, "", 0, "careful", None, None)
    assert formatter.format(record) == "<4>WARNING gt_watch.x: careful"
    assert [logs.syslog_priority(level) for level in (10, 20, 30, 40, 50)] == [7, 6, 4, 3, 2]


def test_log_lines_follow_stderr_when_a_progress_display_takes_it_over() -> None:
    logs.configure("info", "text")
    taken_over = io.StringIO()
    with contextlib.redirect_stderr(taken_over):
        logging.getLogger("gt_watch.test").info("uploaded talk.wav")
    assert taken_over.getvalue().endswith("INFO gt_watch.test: uploaded talk.wav\n")
