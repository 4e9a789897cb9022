"""Cue planning: where each cue starts and ends, chosen by dynamic programming over the word
boundaries of a token stream.

Each possible cue is priced by its cut (breaks), its line layout (layout) and whether it can
be timed within the profile (timing); the cheapest sequence of cues covering the stream wins.
A broken rule costs far more than any matter of taste, so the plan breaks as few rules as the
word timings allow, and reading speed is met by choosing where to cut. Must not build text or
cues. Pure.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from gt_watch.results.breaks import Breaks
from gt_watch.results.layout import Layouter, LineRules
from gt_watch.results.timing import TimingRules, cue_timing, required_duration
from gt_watch.results.tokens import Token

# Costs of a cue, in the units of breaks.py.
CUE = 2.5
RULE_BROKEN = 1000.0
IMPOSSIBLE = 1_000_000.0
SHORT_PER_SECOND = 100.0
# Holding a cue past the allowed extension (only to close a small gap): invisible in the file,
# so it costs less than a broken rule, but a checker that knows the words would see it.
OVERREACH = 300.0
OVERREACH_PER_SECOND = 4.0
# A cue of a few characters between weak boundaries is an orphan ("the" alone).
ORPHAN_CHARS = 12
ORPHAN = 4.0
# A sentence that starts inside a cue and runs on into the next one.
SENTENCE_CARRIED = 5.0
# Two speakers in one cue, one line each, each line opened by the profile's dash.
DIALOGUE = 3.0
DIALOGUE_PART_OF_TURN = 4.0
# Text shown through a long silence inside a cue.
PAUSE_FROM_MS = 700
PAUSE_PER_SECOND = 3.0


class Plan(NamedTuple):
    """One cue of the plan: tokens `first..stop-1` and its line breaks. `dialogue` is true
    when two speakers share the cue and its single split is where the second one starts."""

    first: int
    stop: int
    splits: tuple[int, ...]
    dialogue: bool = False


@dataclass(frozen=True, slots=True)
class Stream:
    """A token stream with the scores the planner needs."""

    tokens: list[Token]
    breaks: Breaks
    layouter: Layouter
    lines: LineRules
    rules: TimingRules
    dash: str


def _last_turns(turn: list[bool]) -> list[int]:
    """`result[x]`: the last speaker change at a boundary <= x, or 0 if none."""
    last, latest = [], 0
    for boundary, changes in enumerate(turn):
        if changes and boundary > 0:
            latest = boundary
        last.append(latest)
    return last


def _pause_costs(tokens: list[Token]) -> list[float]:
    """Prefix sums of the cost of silences: entry b covers the boundaries before b."""
    costs = [0.0]
    for previous, following in itertools.pairwise(tokens):
        pause = following.start - previous.end
        costs.append(max(0, pause - PAUSE_FROM_MS) / 1000 * PAUSE_PER_SECOND)
    return [0.0, *itertools.accumulate(costs)]


def _dialogue_cost(stream: Stream, first: int, turn: int, stop: int) -> float | None:
    """The layout cost of two speakers' words as two dashed lines, None if they do not fit."""
    limit = stream.lines.max_chars - len(stream.dash)
    layouter = stream.layouter
    if layouter.chars(first, turn) > limit or layouter.chars(turn, stop) > limit:
        return None
    cost = DIALOGUE + layouter.midline_sentences(first, turn)
    cost += layouter.midline_sentences(turn, stop)
    if first != 0 and not stream.breaks.turn[first]:
        cost += DIALOGUE_PART_OF_TURN
    if not stream.breaks.sentence_end[stop]:
        cost += DIALOGUE_PART_OF_TURN
    return cost


# The last cue of the best plan up to a boundary: first token, line breaks, two speakers.
_Choice = tuple[int, tuple[int, ...], bool]


class _Planner:
    """The dynamic programme over one stream. `best[b]`: the cheapest cues covering tokens
    before boundary b; `choice[b]`: the last of those cues.

    This is the engine's hot loop (tens of thousands of words times every cue length that
    fits). For each cue end, candidates are visited in the order of a lower bound of their
    price, priced in full (layout, timing) only when their cheap part can still win, and the
    search stops as soon as the bound alone cannot beat the best cue found.
    """

    def __init__(self, stream: Stream) -> None:
        self.stream = stream
        self.count = len(stream.tokens)
        self.layouter = stream.layouter
        self.max_chars, self.max_lines = stream.lines.max_chars, stream.lines.max_lines
        self.capacity = self.max_lines * (self.max_chars + 1) - 1
        self.dash_chars = 2 * len(stream.dash)
        rate = stream.rules.frame_rate
        self.starts = [token.start for token in stream.tokens]
        self.ends = [token.end for token in stream.tokens]
        # A cue starts on the frame nearest to its first word's start.
        per_ms = rate / 1000  # nearest_frame, written out for tens of thousands of words
        self.start_frames = [round(token.start * per_ms) for token in stream.tokens]
        self.last_turn = _last_turns(stream.breaks.turn)
        self.pauses = _pause_costs(stream.tokens)
        rules = stream.rules
        most_chars = self.capacity + self.dash_chars
        self.need_for_chars = [required_duration(rules, n, 0) for n in range(most_chars + 1)]
        self.need_for_words = [required_duration(rules, 0, n) for n in range(self.capacity + 2)]
        self.best = [0.0] + [float("inf")] * self.count
        self.choice: list[_Choice | None] = [None] * (self.count + 1)

    def _oldest_first(self, stop: int) -> tuple[int, int]:
        """For cues ending at `stop`: the earliest first token a cue may have because of
        speaker turns (a cue holds at most two speakers, and two only as dialogue), and the
        turn inside a two-speaker cue (0 if none). Neither bound moves back as `stop` grows."""
        turn = self.last_turn[stop - 1]
        if turn == 0:
            return 0, 0
        second_part_fits = self.layouter.chars(turn, stop) + self.dash_chars // 2 <= self.max_chars
        if self.max_lines < 2 or not second_part_fits:
            return turn, turn
        return self.last_turn[turn - 1], turn

    def _fill(self, stop: int, window: list[tuple[float, int]]) -> None:
        """Price the cues that can end at `stop`, cheapest first, and keep the best.

        `window` holds (best[first] - pauses[first + 1], first) for every first token still in
        reach, sorted: a lower bound of each candidate's cheap price, so the search ends at
        the first entry that cannot beat the best cue found. The search starts with the cue
        that extends the best cue ending one token earlier: it is usually close to the best,
        and the bound it sets spares most of the pricing.
        """
        positions, sentences_before = self.layouter.starts, self.layouter.sentences_before
        best, strong, starts = self.best, self.stream.breaks.strong, self.starts
        oldest, turn = self._oldest_first(stop)
        common = CUE + self.stream.breaks.cost[stop] + self.pauses[stop]
        carried = 0.0 if self.stream.breaks.sentence_end[stop] else SENTENCE_CARRIED
        stop_at, sentences_at, strong_stop = positions[stop], sentences_before[stop], strong[stop]
        longest = stop_at - self.capacity - 1
        last = stop - 1
        earliest_start = self.ends[last] - self.stream.rules.max_duration
        hint = self.choice[last]
        hinted = hint[0] if hint is not None and hint[0] >= oldest else -1
        candidates: Iterable[tuple[float, int]] = window
        if hinted >= 0 and positions[hinted] >= longest:
            hint_entry = (best[hinted] - self.pauses[hinted + 1], hinted)
            candidates = itertools.chain((hint_entry,), window)
        hint_seen = False
        expired = []
        for entry in candidates:
            key, first = entry
            cheap = key + common
            if cheap >= best[stop]:
                break
            if first < oldest or positions[first] < longest:
                expired.append(entry)  # out of reach for every later stop too
                continue
            if first == hinted:
                if hint_seen:
                    continue
                hint_seen = True
            if first < last and starts[first] < earliest_start:
                continue
            if stop_at - positions[first] <= ORPHAN_CHARS and not (strong[first] and strong_stop):
                cheap += ORPHAN
            if carried and sentences_at - sentences_before[first + 1]:
                cheap += carried
            if cheap >= best[stop]:
                continue
            priced = self.price(first, stop, turn if first < turn else 0, best[stop] - cheap)
            if priced is not None and cheap + priced[0] < best[stop]:
                best[stop] = cheap + priced[0]
                self.choice[stop] = (first, priced[1], priced[2])
        for entry in expired:
            window.remove(entry)

    def price(
        self, first: int, stop: int, turn: int, bound: float
    ) -> tuple[float, tuple[int, ...], bool] | None:
        """The layout and timing part of a cue's price with its line breaks and whether it is
        a two-speaker cue, or None when it cannot fit or cannot come under `bound`."""
        layouter = self.layouter
        positions, sentences_before = layouter.starts, layouter.sentences_before
        chars = positions[stop] - positions[first] - 1
        splits: tuple[int, ...] = ()
        if turn:
            layout_cost = _dialogue_cost(self.stream, first, turn, stop)
            if layout_cost is None:
                return None
            splits = (turn,)
            chars += self.dash_chars
        else:
            inside = sentences_before[stop] - sentences_before[first + 1]
            if chars <= self.max_chars and not inside:
                layout_cost = 0.0
            else:
                if chars > self.max_chars and self.max_lines == 2:  # the common case, directly
                    layout = layouter.two_lines(first, stop, chars, inside)
                else:
                    layout = layouter.best(first, stop)
                if layout is None:
                    return None
                layout_cost, splits = layout
        if layout_cost >= bound:
            return None
        need = self.need_for_chars[chars]
        if self.need_for_words[stop - first] > need:
            need = self.need_for_words[stop - first]
        return layout_cost + self.timing_cost(first, stop, need), splits, bool(turn)

    def timing_cost(self, first: int, stop: int, need: int) -> float:
        """The cost of timing tokens `first..stop-1` as one cue that needs `need` ms: rules
        it must break, how badly, and how far it holds past the allowed extension."""
        rules = self.stream.rules
        start, last_end = self.start_frames[first], self.ends[stop - 1]
        next_start = self.start_frames[stop] if stop < self.count else None
        end, overreach, short_by, gap_left_open = cue_timing(
            rules, start, last_end, next_start, need
        )
        if end <= start:
            return IMPOSSIBLE
        if not (short_by or gap_left_open or overreach) and (
            last_end - self.starts[first] <= rules.max_duration
        ):
            return 0.0
        broken = (
            (short_by > 0) + gap_left_open + (last_end - self.starts[first] > rules.max_duration)
        )
        cost = RULE_BROKEN * broken + SHORT_PER_SECOND * short_by / 1000
        if overreach:
            cost += OVERREACH + OVERREACH_PER_SECOND * overreach / 1000
        return cost

    def run(self) -> list[Plan]:
        """Fill the programme and return the cheapest sequence of cues."""
        window: list[tuple[float, int]] = []
        for stop in range(1, self.count + 1):
            bisect.insort(window, (self.best[stop - 1] - self.pauses[stop], stop - 1))
            self._fill(stop, window)
        return _backtrack(self.choice, self.count)


def plan_cues(stream: Stream) -> list[Plan]:
    """Given a scored token stream, return the cheapest sequence of cues covering it."""
    return _Planner(stream).run()


def _backtrack(choice: list[_Choice | None], count: int) -> list[Plan]:
    plans: list[Plan] = []
    stop = count
    while stop > 0:
        chosen = choice[stop]
        assert chosen is not None  # the one-token cue ending at `stop` is always priced
        first, splits, dialogue = chosen
        plans.append(Plan(first, stop, splits, dialogue))
        stop = first
    return plans[::-1]
