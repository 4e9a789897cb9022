"""Upload progress as a person sees it: a bar on a terminal, one log line otherwise."""

from __future__ import annotations

import io
import logging

import pytest
from rich.console import Console

from gt_watch.service.progress import LoggedUploads, TerminalUploads, upload_progress

MIB = 1024 * 1024


def _terminal() -> tuple[TerminalUploads, io.StringIO]:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    return TerminalUploads(console), screen


def test_a_long_upload_logs_one_line_when_its_bytes_start_to_flow(
    caplog: pytest.LogCaptureFixture,
) -> None:
    uploads = LoggedUploads(threshold=10 * MIB)
    with caplog.at_level(logging.INFO), uploads.track("talk.wav", 40 * MIB) as report:
        for sent in range(MIB, 41 * MIB, MIB):
            report(sent)
    assert [record.getMessage() for record in caplog.records] == [
        "uploading talk.wav (40.0 MiB); this may take a while"
    ]


@pytest.mark.parametrize(
    ("size", "reports"),
    [(5 * MIB, [MIB, 5 * MIB]), (40 * MIB, [40 * MIB])],
    ids=["short upload", "nothing to send (already stored, or served in place)"],
)
def test_no_line_is_logged_for_short_uploads_or_files_that_need_no_upload(
    caplog: pytest.LogCaptureFixture, size: int, reports: list[int]
) -> None:
    uploads = LoggedUploads(threshold=10 * MIB)
    with caplog.at_level(logging.INFO), uploads.track("talk.wav", size) as report:
        for sent in reports:
            report(sent)
    assert caplog.records == []


def test_a_terminal_shows_a_bar_while_bytes_flow_and_clears_it_after() -> None:
    uploads, screen = _terminal()
    with uploads.track("talk.wav", 4 * MIB) as report:
        report(MIB)
        report(2 * MIB)
        drawn = screen.getvalue()
    assert "uploading talk.wav" in drawn
    assert "━" in drawn
    assert "4.0 MiB" in drawn
    assert not uploads._progress.live.is_started


def test_a_terminal_draws_nothing_for_a_file_that_needs_no_upload() -> None:
    uploads, screen = _terminal()
    with uploads.track("talk.wav", 4 * MIB) as report:
        report(4 * MIB)
    assert screen.getvalue() == ""


def test_a_failed_upload_still_ends_the_display_so_the_next_one_can_draw() -> None:
    uploads, screen = _terminal()

    def failing_upload() -> None:
        with uploads.track("first.wav", 4 * MIB) as report:
            report(MIB)
            raise OSError("disk gone")

    with pytest.raises(OSError, match="disk"):
        failing_upload()
    assert not uploads._progress.live.is_started
    with uploads.track("second.wav", 4 * MIB) as report:
        report(MIB)
    assert "uploading second.wav" in screen.getvalue()


def test_progress_is_logged_not_drawn_when_stderr_is_not_a_terminal() -> None:
    assert isinstance(upload_progress(io.StringIO()), LoggedUploads)
