"""From watchdog events to notes: which path to look at, and why."""

from __future__ import annotations

import pytest
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirModifiedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileClosedNoWriteEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileOpenedEvent,
    FileSystemEvent,
)

from gt_watch.watchers.translate import Change, EventForwarder, Note, notes_for


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (FileCreatedEvent("/w/a.wav"), [("/w/a.wav", Change.APPEARED)]),
        (FileModifiedEvent("/w/a.wav"), [("/w/a.wav", Change.WRITING)]),
        (FileClosedEvent("/w/a.wav"), [("/w/a.wav", Change.CLOSED)]),
        (FileAttribEvent("/w/a.wav"), [("/w/a.wav", Change.APPEARED)]),
        (FileDeletedEvent("/w/a.wav"), [("/w/a.wav", Change.GONE)]),
        (
            FileMovedEvent("/w/a.wav.part", "/w/a.wav"),
            [("/w/a.wav.part", Change.GONE), ("/w/a.wav", Change.APPEARED)],
        ),
        (FileMovedEvent("", "/w/in.wav"), [("/w/in.wav", Change.APPEARED)]),
        (FileMovedEvent("/w/out.wav", ""), [("/w/out.wav", Change.GONE)]),
        (DirDeletedEvent("/w/sub"), [("/w/sub", Change.FOLDER_GONE)]),
        (DirMovedEvent("/w/sub", "/w/renamed"), [("/w/sub", Change.FOLDER_GONE)]),
        (DirMovedEvent("", "/w/moved-in"), []),
        (DirCreatedEvent("/w/new"), []),
        (DirModifiedEvent("/w"), []),
        (FileOpenedEvent("/w/a.wav"), []),
        (FileClosedNoWriteEvent("/w/a.wav"), []),
    ],
)
def test_inotify_events_become_notes(
    event: FileSystemEvent, expected: list[tuple[str, Change]]
) -> None:
    assert notes_for(event, polling=False) == expected


def test_a_write_seen_by_polling_says_nothing_about_an_open_writer() -> None:
    assert notes_for(FileModifiedEvent("/w/a.wav"), polling=True) == [("/w/a.wav", Change.APPEARED)]


def test_byte_paths_are_decoded() -> None:
    assert notes_for(FileCreatedEvent(b"/w/a.wav"), polling=False) == [
        ("/w/a.wav", Change.APPEARED)
    ]


def forwarder(delivered: list[Note], observed: str = "/w", reported: str = "/w") -> EventForwarder:
    return EventForwarder(
        observed_root=observed, reported_root=reported, polling=False, deliver=delivered.append
    )


def test_ignored_names_are_dropped_before_they_reach_the_watcher() -> None:
    delivered: list[Note] = []
    handler = forwarder(delivered)
    for path in ("/w/a.wav.part", "/w/.tmp123", "/w/.cache/a.wav", "/elsewhere/a.wav", "/w"):
        handler.dispatch(FileClosedEvent(path))
    handler.dispatch(FileClosedEvent("/w/sub/a.wav"))
    handler.dispatch(FileClosedEvent("/w/.gt-watch.yaml"))
    assert delivered == [
        Note("/w/sub/a.wav", Change.CLOSED),
        Note("/w/.gt-watch.yaml", Change.CLOSED),
    ]


def test_a_temporary_name_renamed_to_its_final_name_arrives_as_the_final_name() -> None:
    delivered: list[Note] = []
    forwarder(delivered).dispatch(FileMovedEvent("/w/.a.wav.XyZ123", "/w/a.wav"))
    assert delivered == [Note("/w/a.wav", Change.APPEARED)]


def test_paths_under_a_symlinked_root_are_reported_under_the_configured_root() -> None:
    delivered: list[Note] = []
    handler = forwarder(delivered, observed="/mnt/disk/media", reported="/srv/media")
    handler.dispatch(FileClosedEvent("/mnt/disk/media/show/a.wav"))
    handler.dispatch(DirDeletedEvent("/mnt/disk/media"))
    handler.dispatch(FileClosedEvent("/mnt/disk/mediafiles/b.wav"))
    assert delivered == [
        Note("/srv/media/show/a.wav", Change.CLOSED),
        Note("/srv/media", Change.FOLDER_GONE),
    ]


def test_a_folder_renamed_to_an_ignored_name_is_still_forgotten() -> None:
    delivered: list[Note] = []
    forwarder(delivered).dispatch(DirDeletedEvent("/w/.trash"))
    assert delivered == [Note("/w/.trash", Change.FOLDER_GONE)]


def test_a_failing_delivery_never_escapes_into_watchdogs_thread(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(note: Note) -> None:
        raise RuntimeError("queue closed")

    handler = EventForwarder(observed_root="/w", reported_root="/w", polling=False, deliver=broken)
    handler.dispatch(FileClosedEvent("/w/a.wav"))
    assert "could not handle file system event" in caplog.text
