"""Line layout of one cue: where its text breaks into lines, and what each layout costs.

Owns the line-length and line-count limits, line balance (even, or bottom-heavy when the
profile asks) and the preference for breaking lines at good boundaries. Must not decide
where cues start or end, nor anything about time. Pure.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from gt_watch.results.breaks import Breaks

# Cost of each character of imbalance between two lines beyond the tolerance below.
BALANCE = 0.2
BALANCE_TOLERANCE = 4
# With a bottom-heavy profile: a longer top line costs more, a longer bottom line less.
TOP_HEAVY = 0.3
BOTTOM_HEAVY = 0.05
# A sentence that ends in the middle of a line, rather than at a line or cue end.
MIDLINE_SENTENCE = 2.5
# Two lines where one would do (chosen only to put two sentences on lines of their own).
UNNEEDED_LINE = 1.0

Layout = tuple[float, tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class LineRules:
    """The line limits of a profile."""

    max_chars: int
    max_lines: int
    bottom_heavy: bool


def positions(texts: Sequence[str]) -> list[int]:
    """Given token texts, return prefix positions: `p[j] - p[i] - 1` is the length of tokens
    `i..j-1` joined by single spaces."""
    return [0, *itertools.accumulate(len(text) + 1 for text in texts)]


class Layouter:
    """Best line layouts of token ranges of one stream."""

    def __init__(self, starts: list[int], breaks: Breaks, rules: LineRules) -> None:
        self.starts = starts
        self.sentences_before = [0, *itertools.accumulate(breaks.sentence_end)]
        self._cost = breaks.cost
        self._sentence_end = breaks.sentence_end
        # A line break at a sentence end saves the mid-line sentence cost.
        self._line_break_cost = [
            cost - MIDLINE_SENTENCE if ends else cost
            for cost, ends in zip(breaks.cost, breaks.sentence_end, strict=True)
        ]
        self._rules = rules

    def chars(self, first: int, stop: int) -> int:
        """The length of tokens `first..stop-1` on one line."""
        return self.starts[stop] - self.starts[first] - 1

    def midline_sentences(self, first: int, stop: int) -> int:
        """How many sentences end strictly inside tokens `first..stop-1`."""
        return self.sentences_before[stop] - self.sentences_before[first + 1]

    def best(self, first: int, stop: int) -> Layout | None:
        """Given a token range, return (cost, line-break positions) of its best layout, or
        None when it cannot fit the line limits."""
        chars = self.chars(first, stop)
        limit = self._rules.max_chars
        sentences = self.midline_sentences(first, stop)
        one_line: Layout | None = (MIDLINE_SENTENCE * sentences, ()) if chars <= limit else None
        if self._rules.max_lines < 2 or (one_line is not None and sentences == 0):
            return one_line
        if self._rules.max_lines == 2:
            two_lines = self.two_lines(first, stop, chars, sentences)
        else:
            two_lines = self._many_lines(first, stop, sentences)
        if one_line is None:
            return two_lines
        if two_lines is None:
            return one_line
        two_lines = (two_lines[0] + UNNEEDED_LINE, two_lines[1])
        return min(one_line, two_lines)

    def two_lines(self, first: int, stop: int, chars: int, sentences: int) -> Layout | None:
        """The best two-line layout of tokens `first..stop-1` (`chars` long, with `sentences`
        ending inside), or None if no line break lets both lines fit."""
        starts, limit, cut = self.starts, self._rules.max_chars, self._line_break_cost
        # Line one must end by the limit and line two must fit in what is left.
        low = bisect.bisect_left(starts, starts[stop] - limit - 1, first + 1, stop)
        high = bisect.bisect_right(starts, starts[first] + limit + 1, first + 1, stop)
        if low >= high:
            return None
        first_at = starts[first] + 1
        best_cost, best_split = float("inf"), low
        bottom_heavy = self._rules.bottom_heavy
        for split in range(low, high):
            # Balance: top - bottom, where bottom = chars - top - 1.
            difference = 2 * (starts[split] - first_at) - chars + 1
            if bottom_heavy:
                cost = TOP_HEAVY * difference if difference > 0 else -BOTTOM_HEAVY * difference
            elif difference > BALANCE_TOLERANCE:
                cost = BALANCE * (difference - BALANCE_TOLERANCE)
            elif difference < -BALANCE_TOLERANCE:
                cost = BALANCE * (-difference - BALANCE_TOLERANCE)
            else:
                cost = 0.0
            cost += cut[split]
            if cost < best_cost:
                best_cost, best_split = cost, split
        return best_cost + MIDLINE_SENTENCE * sentences, (best_split,)

    def _many_lines(self, first: int, stop: int, sentences: int) -> Layout | None:
        """Three or more lines: the cheapest breaks, lines kept near the average length."""
        best: Layout | None = None
        for count in range(2, self._rules.max_lines + 1):
            target = self.chars(first, stop) / count
            layout = self._lines(first, stop, count, target)
            if layout is not None:
                breaks_at_sentences = sum(self._sentence_end[split] for split in layout[1])
                cost = layout[0] + MIDLINE_SENTENCE * (sentences - breaks_at_sentences)
                if best is None or cost < best[0]:
                    best = (cost, layout[1])
        return best

    def _lines(self, first: int, stop: int, count: int, target: float) -> Layout | None:
        # table[k] = best layout of tokens first..k-1 in the lines placed so far.
        table: dict[int, Layout] = {first: (0.0, ())}
        for _ in range(count - 1):
            following: dict[int, Layout] = {}
            for begin, (cost, splits) in table.items():
                for split in range(begin + 1, stop):
                    length = self.chars(begin, split)
                    if length > self._rules.max_chars:
                        break
                    total = cost + self._cost[split] + BALANCE * abs(length - target)
                    if split not in following or total < following[split][0]:
                        following[split] = (total, (*splits, split))
            table = following
        finals = [
            (cost + BALANCE * abs(self.chars(begin, stop) - target), splits)
            for begin, (cost, splits) in table.items()
            if self.chars(begin, stop) <= self._rules.max_chars
        ]
        return min(finals, default=None)
