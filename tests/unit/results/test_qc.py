from __future__ import annotations

import pytest

from gt_watch.model import Cue
from gt_watch.results.profiles import BBC, NETFLIX_EN
from gt_watch.results.qc import check


def _kinds(cues: list[Cue], profile=NETFLIX_EN) -> list[tuple[int | None, str]]:  # type: ignore[no-untyped-def]
    return [(violation.cue, violation.kind) for violation in check(cues, profile).violations]


def test_a_clean_file_passes() -> None:
    report = check([Cue(0.0, 2.0, ("Hello there.",)), Cue(2.084, 4.0, ("Hi.",))], NETFLIX_EN)
    assert report.passed
    assert report.conforming_share == 1.0


@pytest.mark.parametrize(
    ("cue", "kind"),
    [
        (Cue(0.0, 2.0, ("",)), "empty"),
        (Cue(0.0, 2.0, ("one", " ", "two")), "blank-line"),
        (Cue(0.0, 2.0, ("a --> b",)), "arrow-in-text"),
        (Cue(0.0, 3.0, ("one", "two", "three")), "too-many-lines"),
        (Cue(0.0, 3.0, ("x" * 43,)), "line-too-long"),
        (Cue(0.0, 0.8, ("Hi.",)), "too-short"),
        (Cue(0.0, 7.001, ("Hi.",)), "too-long"),
        (Cue(0.0, 1.0, ("x" * 21,)), "reading-speed"),
        (Cue(2.0, 2.0, ("Hi.",)), "bad-interval"),
        (Cue(-1.0, 2.0, ("Hi.",)), "out-of-range"),
        (Cue(359_999.0, 360_000.5, ("Hi.",)), "out-of-range"),
    ],
)
def test_each_rule_is_reported_with_its_kind(cue: Cue, kind: str) -> None:
    assert (1, kind) in _kinds([cue])


def test_a_line_break_counts_as_a_character_of_reading_speed() -> None:
    # 20 characters of text plus the break: 21 in one second.
    assert (1, "reading-speed") in _kinds([Cue(0.0, 1.0, ("x" * 10, "y" * 10))])
    assert _kinds([Cue(0.0, 1.05, ("x" * 10, "y" * 10))]) == []


def test_five_sixths_of_a_second_at_the_millisecond_passes() -> None:
    assert _kinds([Cue(0.0, 0.833, ("Hi.",))]) == []


def test_gaps_are_measured_in_frames_of_the_profile() -> None:
    first = Cue(0.0, 2.0, ("a",))
    assert _kinds([first, Cue(2.05, 4.0, ("b",))]) == [(1, "gap-too-small")]
    assert _kinds([first, Cue(2.083, 4.0, ("b",))]) == []  # 2 frames at 24 fps, to the ms
    assert _kinds([first, Cue(2.2, 4.0, ("b",))]) == [(1, "gap-not-closed")]
    assert _kinds([first, Cue(2.5, 4.0, ("b",))]) == [(1, "gap-not-closed")]  # 12 frames
    assert _kinds([first, Cue(2.51, 4.0, ("b",))]) == []


def test_overlaps_and_disorder_are_reported() -> None:
    assert _kinds([Cue(0.0, 2.0, ("a",)), Cue(1.5, 4.0, ("b",))]) == [(1, "overlap")]
    assert (1, "out-of-order") in _kinds([Cue(3.0, 4.0, ("a",)), Cue(1.0, 2.0, ("b",))])


def test_bbc_reading_speed_is_in_words() -> None:
    kinds = _kinds([Cue(0.0, 2.0, ("one two three four five six seven",))], BBC)
    assert kinds == [(1, "words-per-minute"), (1, "seconds-per-word")]


def test_the_summary_counts_cues_not_violations() -> None:
    cues = [Cue(0.0, 0.5, ("x" * 50,)), Cue(1.6, 3.0, ("fine",)), Cue(3.084, 5.0, ("ok",))]
    report = check(cues, NETFLIX_EN)
    assert report.cues == 3
    assert report.failing_cues == 1
    assert report.conforming_share == pytest.approx(2 / 3)
    assert report.by_kind == {"line-too-long": 1, "too-short": 1, "reading-speed": 1}
    assert not report.passed


def test_a_file_without_cues_conforms() -> None:
    assert check([], NETFLIX_EN).conforming_share == 1.0


def test_violations_carry_the_cue_number_and_time() -> None:
    (violation,) = check([Cue(0.0, 2.0, ("a",)), Cue(5.0, 5.5, ("b",))], NETFLIX_EN).violations
    assert (violation.cue, violation.start, violation.kind) == (2, 5.0, "too-short")
    assert "0.500 s" in violation.detail
