"""Which names the watcher hands on, reports as rules, or ignores."""

from __future__ import annotations

import pytest

from gt_watch.config import discover
from gt_watch.watchers import names
from gt_watch.watchers.names import RULES_FILE_NAME, NameKind, classify, is_ignored_name


@pytest.mark.parametrize(
    "name",
    [
        "film.mp4.part",
        "film.mp4.crdownload",
        "upload.tmp",
        "clip.partial",
        "clip.mov.download",
        "clip.wav.filepart",
        "CLIP.WAV.PART",
        "~$script.docx",
        ".hidden.wav",
        ".interview.wav.Xy12Ab",
        ".interview.en.srt.gt-watch-tmp",
        "",
    ],
)
def test_partial_temporary_and_dot_names_are_ignored(name: str) -> None:
    assert is_ignored_name(name)


@pytest.mark.parametrize(
    "name", ["interview.wav", "interview.en.srt", "part.wav", "tmp", "a~$b.mp3", "Thumbs.db"]
)
def test_ordinary_names_are_handed_on(name: str) -> None:
    assert not is_ignored_name(name)
    assert classify(["folder", name]) is NameKind.CANDIDATE


def test_rules_file_is_reported_as_rules_not_as_a_candidate() -> None:
    assert classify([RULES_FILE_NAME]) is NameKind.RULES
    assert classify(["season 1", RULES_FILE_NAME]) is NameKind.RULES


def test_everything_inside_an_ignored_folder_is_ignored_even_a_rules_file() -> None:
    assert classify([".gt-watch", "backup", "interview.en.srt"]) is NameKind.IGNORED
    assert classify([".cache", RULES_FILE_NAME]) is NameKind.IGNORED
    assert classify(["film.mp4.download", "film.mp4"]) is NameKind.IGNORED


def test_the_root_itself_is_not_a_file_to_hand_on() -> None:
    assert classify([]) is NameKind.IGNORED


def test_the_misnamed_rules_files_are_those_rules_discovery_reports() -> None:
    assert names.MISNAMED_RULES_FILES == discover.MISNAMED_RULES_FILES
