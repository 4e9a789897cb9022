"""Which files a folder's rules take: match and ignore globs."""

from __future__ import annotations

import pytest

from gt_watch.config.matching import DEFAULT_MATCH, anchor_glob, glob_problem, matches
from gt_watch.model import FolderRules
from gt_watch.results.profiles import DEFAULT_PROFILE


def rules(match: tuple[str, ...], ignore: tuple[str, ...] = (), folder: str = "") -> FolderRules:
    return FolderRules(
        folder=folder,
        sources=(),
        match=tuple(anchor_glob(pattern, folder) for pattern in match),
        ignore=tuple(anchor_glob(pattern, folder) for pattern in ignore),
        orders=(),
        caption_profile=DEFAULT_PROFILE,
    )


@pytest.mark.parametrize(
    ("pattern", "folder", "anchored"),
    [("*.wav", "", "**/*.wav"), ("*.wav", "a/b", "a/b/**/*.wav"), ("drafts/**", "a", "a/drafts/**"),
     ("/intro.mp4", "a", "a/intro.mp4"), ("drafts/", "a", "a/**/drafts/**"),
     ("./x/*.wav", "", "x/*.wav")],
)  # fmt: skip
def test_globs_are_anchored_like_gitignore(pattern: str, folder: str, anchored: str) -> None:
    assert anchor_glob(pattern, folder) == anchored


@pytest.mark.parametrize(
    ("path", "taken"),
    [("interview.wav", True), ("a/b/interview.wav", True), ("INTERVIEW.WAV", True),
     ("Take1.Mp4", True), ("notes.txt", False), ("interview.wav.part", False),
     ("drafts/cut.wav", False), ("drafts/deep/cut.wav", False), ("a/drafts/cut.wav", True),
     ("scratch/x.wav", False), ("a/scratch/x.wav", False)],
)  # fmt: skip
def test_files_are_taken_when_they_match_and_are_not_ignored(path: str, taken: bool) -> None:
    folder_rules = rules(("*.wav", "*.mp4"), ("drafts/**", "scratch/"))
    assert matches(folder_rules, path) is taken


def test_globs_of_a_subfolders_rules_only_reach_into_that_subfolder() -> None:
    folder_rules = rules(("*.wav",), ("old/**",), folder="projects")
    assert matches(folder_rules, "projects/x.wav")
    assert matches(folder_rules, "projects/a/x.wav")
    assert not matches(folder_rules, "projects/old/x.wav")
    assert not matches(folder_rules, "other/x.wav")


def test_star_stays_within_one_name_and_double_star_spans_folders() -> None:
    assert matches(rules(("takes/*.wav",)), "takes/a.wav")
    assert not matches(rules(("takes/*.wav",)), "takes/day1/a.wav")
    assert matches(rules(("takes/**/*.wav",)), "takes/day1/a.wav")
    assert matches(rules(("takes/**/*.wav",)), "takes/a.wav")


def test_character_classes_and_question_marks_work() -> None:
    assert matches(rules(("take[12].wav",)), "take2.wav")
    assert not matches(rules(("take[12].wav",)), "take3.wav")
    assert matches(rules(("take[!12].wav",)), "take3.wav")
    assert matches(rules(("take?.wav",)), "takeA.wav")
    assert matches(rules(("odd[name.wav",)), "odd[name.wav")


def test_no_match_globs_take_nothing() -> None:
    assert not matches(rules(()), "a.wav")


def test_the_default_match_takes_common_media() -> None:
    default = rules(DEFAULT_MATCH)
    for name in ("a.wav", "a.mp3", "a.mp4", "a.m4a", "a.mov", "a.flac", "a.ogg", "a.webm", "a.mkv"):
        assert matches(default, f"x/{name}")
    for name in ("a.srt", "a.txt", "a.docx", ".gt-watch.yaml", "a.wav.part"):
        assert not matches(default, name)


def test_globs_that_can_never_match_are_problems() -> None:
    assert glob_problem("../*.wav") is not None
    assert glob_problem(" ") is not None
    assert glob_problem("*.wav") is None
