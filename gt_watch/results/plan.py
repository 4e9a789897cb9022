"""Cue planning: where each cue starts and ends, chosen by dynamic programming over the word
boundaries of a token stream.

Each possible cue is priced by its cut (breaks), its line layout (layout) and whether it can
be timed within the profile (timing); the cheapest sequence of cues covering the stream wins.
A broken rule costs far more than any matter of taste, so the plan breaks as few rules as the
word timings allow, and reading speed is met by choosing where to cut. Must not build text or
cues. Pure.
"""

from __future__ import annotations

import itertools
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
OVERREACH_PER_SECOND = 4.0
# A cue of a few characters between weak boundaries is an orphan ("the" alone).
ORPHAN_CHARS = 12
ORPHAN = 4.0
# A sentence that starts inside a cue and runs on into the next one.
SENTENCE_CARRIED = 5.0
# Two speakers in one cue, one line each, each line opened by the profile's dash.
DIALOGUE = 1.0
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


class _Planner:
    """The dynamic programme over one stream. `best[b]`: the cheapest cues covering tokens
    before boundary b; `choice[b]`: the last of those cues.

    This is the engine's hot loop (tens of thousands of words times every cue length that
    fits). For each cue end, the cheap parts of every candidate's price are summed first; the
    candidates are then priced in full (layout, timing) cheapest first, and the search stops
    as soon as the cheap part alone cannot beat the best cue found.
    """

    def __init__(self, stream: Stream) -> None:
        self.stream = stream
        self.tokens = stream.tokens
        self.count = len(stream.tokens)
        self.layouter = stream.layouter
        self.max_chars, self.max_lines = stream.lines.max_chars, stream.lines.max_lines
        self.capacity = self.max_lines * (self.max_chars + 1) - 1
        self.dash_chars = 2 * len(stream.dash)
        self.starts = [token.start for token in stream.tokens]
        self.ends = [token.end for token in stream.tokens]
        self.last_turn = _last_turns(stream.breaks.turn)
        self.pauses = _pause_costs(stream.tokens)
        rules = stream.rules
        most_chars = self.capacity + self.dash_chars
        self.need_for_chars = [required_duration(rules, n, 0) for n in range(most_chars + 1)]
        self.need_for_words = [required_duration(rules, 0, n) for n in range(self.capacity + 2)]
        self.best = [0.0] + [float("inf")] * self.count
        self.choice: list[Plan | None] = [None] * (self.count + 1)

    def candidates(self, stop: int) -> list[tuple[float, int, int]]:
        """Every cue that can end at `stop`, as (cheap part of its price, first token, the
        boundary where a second speaker starts or 0), cheapest first."""
        positions, sentences_before = self.layouter.starts, self.layouter.sentences_before
        breaks, best, pauses = self.stream.breaks, self.best, self.pauses
        strong, start_of = breaks.strong, self.starts
        turn = self.last_turn[stop - 1]
        earlier_turn = self.last_turn[turn - 1] if turn > 0 else 0
        if turn > 0 and (
            self.max_lines < 2
            or self.layouter.chars(turn, stop) + self.dash_chars // 2 > self.max_chars
        ):
            earlier_turn = turn  # no two-speaker cue can end here
        common = CUE + breaks.cost[stop] + pauses[stop]
        carried = 0.0 if breaks.sentence_end[stop] else SENTENCE_CARRIED
        stop_at, sentences_at, strong_stop = positions[stop], sentences_before[stop], strong[stop]
        # The one-token cue always fits; longer ones until the text or the time runs out.
        earliest_start = self.ends[stop - 1] - self.stream.rules.max_duration
        longest = stop_at - self.capacity - 1
        found = [
            (
                best[stop - 1]
                + common
                - pauses[stop]
                + (
                    ORPHAN
                    if stop_at - positions[stop - 1] <= ORPHAN_CHARS
                    and not (strong[stop - 1] and strong_stop)
                    else 0.0
                ),
                stop - 1,
                0,
            )
        ]
        for first in range(stop - 2, earlier_turn - 1, -1):
            if positions[first] < longest or start_of[first] < earliest_start:
                break
            cost = best[first] + common - pauses[first + 1]
            if stop_at - positions[first] <= ORPHAN_CHARS and not (strong[first] and strong_stop):
                cost += ORPHAN
            if sentences_at - sentences_before[first + 1]:
                cost += carried
            found.append((cost, first, turn if first < turn else 0))
        found.sort()
        return found

    def price(self, first: int, stop: int, turn: int, bound: float) -> tuple[float, Plan] | None:
        """The layout and timing part of a cue's price, or None when it cannot fit or cannot
        come under `bound`."""
        layouter = self.layouter
        chars = layouter.chars(first, stop)
        if turn:
            layout_cost = _dialogue_cost(self.stream, first, turn, stop)
            if layout_cost is None:
                return None
            plan = Plan(first, stop, (turn,), dialogue=True)
            chars += self.dash_chars
        elif chars <= self.max_chars and not layouter.midline_sentences(first, stop):
            layout_cost, plan = 0.0, Plan(first, stop, ())
        else:
            layout = layouter.best(first, stop)
            if layout is None:
                return None
            layout_cost, plan = layout[0], Plan(first, stop, layout[1])
        if layout_cost >= bound:
            return None
        need = max(self.need_for_chars[chars], self.need_for_words[stop - first])
        return layout_cost + timing_cost(self.stream, first, stop, need), plan

    def run(self) -> list[Plan]:
        """Fill the programme and return the cheapest sequence of cues."""
        best, choice = self.best, self.choice
        for stop in range(1, self.count + 1):
            for cheap, first, turn in self.candidates(stop):
                if cheap >= best[stop]:
                    break
                priced = self.price(first, stop, turn, best[stop] - cheap)
                if priced is not None and cheap + priced[0] < best[stop]:
                    best[stop] = cheap + priced[0]
                    choice[stop] = priced[1]
        return _backtrack(choice, self.count)


def timing_cost(stream: Stream, first: int, stop: int, need: int) -> float:
    """The cost of timing tokens `first..stop-1` as one cue that needs `need` milliseconds:
    rules it must break, how badly, and how far it holds past the allowed extension."""
    tokens, rules = stream.tokens, stream.rules
    start = tokens[first].start
    last_end = tokens[stop - 1].end
    next_start = tokens[stop].start if stop < len(tokens) else None
    timing = cue_timing(rules, start, last_end, next_start, need)
    if timing.end <= start:
        return IMPOSSIBLE
    broken = (timing.short_by > 0) + timing.gap_left_open + (last_end - start > rules.max_duration)
    return (
        RULE_BROKEN * broken
        + SHORT_PER_SECOND * timing.short_by / 1000
        + OVERREACH_PER_SECOND * timing.overreach / 1000
    )


def plan_cues(stream: Stream) -> list[Plan]:
    """Given a scored token stream, return the cheapest sequence of cues covering it."""
    return _Planner(stream).run()


def _backtrack(choice: list[Plan | None], count: int) -> list[Plan]:
    plans: list[Plan] = []
    stop = count
    while stop > 0:
        plan = choice[stop]
        assert plan is not None  # the one-token cue ending at `stop` is always priced
        plans.append(plan)
        stop = plan.first
    return plans[::-1]
