from __future__ import annotations

from gt_watch.model import Cue
from gt_watch.results.cues import tidy


def test_tidy_orders_cues_and_drops_empty_ones_and_blank_lines() -> None:
    cues = [Cue(5.0, 6.0, ("b", " ")), Cue(1.0, 2.0, ("a",)), Cue(3.0, 4.0, ("  ",))]
    assert tidy(cues) == [Cue(1.0, 2.0, ("a",)), Cue(5.0, 6.0, ("b",))]


def test_tidy_ends_an_overlapping_cue_when_the_next_starts() -> None:
    assert tidy([Cue(1.0, 3.0, ("a",)), Cue(2.0, 4.0, ("b",))])[0].end == 2.0


def test_tidy_merges_cues_that_start_together_without_losing_text() -> None:
    assert tidy([Cue(1.0, 2.0, ("a",)), Cue(1.0, 3.0, ("b",))]) == [Cue(1.0, 3.0, ("a", "b"))]


def test_tidy_gives_a_cue_without_duration_a_second() -> None:
    assert tidy([Cue(1.0, 1.0, ("a",))]) == [Cue(1.0, 2.0, ("a",))]
