"""Break scoring: how bad it is to end a caption line or cue between two tokens.

Owns the order of preference (speaker change and sentence end, then clause punctuation, then
before a conjunction or preposition, then anywhere) and the phrases never split (article +
noun, adjective + noun, first + last name, pronoun + verb, auxiliary + verb, verb + negation,
number + unit) for languages with word lists; other languages break at punctuation and
pauses only. Must not decide layout or timing. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gt_watch.results.tokens import Token
from gt_watch.results.wordlists import WORD_LISTS, WordLists

# Costs of a break, lowest best. Layout and segmentation weigh these against balance and
# reading speed, so only their ratios matter.
SENTENCE = 0.0
ELLIPSIS = 0.5
SEMICOLON = 1.0
COMMA = 1.5
BEFORE_CONJUNCTION = 3.0
BEFORE_PREPOSITION = 4.0
PLAIN = 6.0
AFTER_BINDING = 8.0
ADJECTIVE_NOUN = 12.0
FORBIDDEN = 14.0
INSIDE_WORD = 10.0
# A break that leaves at most this many characters of a sentence before or after it.
FRAGMENT_CHARS = 10
FRAGMENT = 3.0

STRONG_PAUSE_MS = 600
_PAUSE_FROM_MS = 200
_PAUSE_MS_PER_POINT = 250
_MAX_PAUSE_BONUS = 3.0

_TRAILING = "\"'»”’)]}"
_EDGE = "\"'«»“”‘’()[]{}¿¡.,!?;:…-–—"


@dataclass(frozen=True, slots=True)
class Breaks:
    """Scores of the boundaries of a token stream; index `b` is the boundary before token `b`
    (index 0 and `len(tokens)` are the stream's ends, free to break at).

    `cost`: the cost of breaking there. `sentence_end`: a sentence or speaker turn ends there.
    `strong`: a sentence end, turn change or long pause. `turn`: the speaker changes there.
    """

    cost: list[float]
    sentence_end: list[bool]
    strong: list[bool]
    turn: list[bool]


def word_key(text: str) -> str:
    """Given a token's text, return it as the word lists spell words: lowercase, straight
    apostrophes, no surrounding punctuation."""
    return text.replace("’", "'").strip(_EDGE).lower()


def _punctuation_cost(text: str, key: str, lists: WordLists | None) -> float | None:
    """The cost of breaking after `text` if it ends with punctuation, else None."""
    bare = text.rstrip(_TRAILING)
    if bare.endswith(("…", "...")):
        return ELLIPSIS
    if bare.endswith((".", "!", "?")):
        if bare.endswith(".") and _is_abbreviation(bare, key, lists):
            return None
        return SENTENCE
    if bare.endswith((";", ":")):
        return SEMICOLON
    if bare.endswith((",", "-", "–", "—")):
        return COMMA
    return None


def _is_abbreviation(bare: str, key: str, lists: WordLists | None) -> bool:
    """`Dr.`, `e.g.` and initials (`J.`) do not end sentences."""
    if len(bare) == 2 and bare[0].isupper():
        return True
    return lists is not None and key in lists.abbreviations


def _capitalised(text: str) -> bool:
    """Capitalised like a name: `Sarah`, not `NASA` or a transcript in capitals."""
    bare = text.strip(_EDGE)
    return bool(bare) and bare[0].isupper() and not (len(bare) > 1 and bare.isupper())


def _looks_adjective(key: str, lists: WordLists) -> bool:
    return key in lists.adjectives or (len(key) > 5 and key.endswith(lists.adjective_suffixes))


def _function_word(key: str, lists: WordLists) -> bool:
    return (
        key in lists.conjunctions
        or key in lists.prepositions
        or key in lists.determiners
        or key in lists.auxiliaries
        or key in lists.subject_pronouns
    )


def _phrase_cost(
    previous: str, previous_key: str, following: str, following_key: str, lists: WordLists
) -> float:
    """The cost of breaking between two words with no punctuation between them."""
    if (
        previous_key in lists.titles
        or previous_key in lists.determiners
        or previous_key in lists.subject_pronouns
        or previous_key in lists.auxiliaries
        or previous_key in lists.negations
        or following_key in lists.negations
        or (previous_key in lists.ambiguous_pronouns and following_key in lists.auxiliaries)
        or following_key.startswith("'")
        or (previous_key[-1:].isdigit() and following_key in lists.units)
        or (
            _capitalised(previous)
            and _capitalised(following)
            and "i" not in (previous_key, following_key)
        )
    ):
        return FORBIDDEN
    if _looks_adjective(previous_key, lists) and not _function_word(following_key, lists):
        return ADJECTIVE_NOUN
    if (
        previous_key in lists.ambiguous_pronouns
        or previous_key in lists.prepositions
        or previous_key in lists.conjunctions
    ):
        return AFTER_BINDING
    if following_key in lists.conjunctions:
        return BEFORE_CONJUNCTION
    if following_key in lists.prepositions:
        return BEFORE_PREPOSITION
    return PLAIN


def _pause_bonus(pause_ms: int) -> float:
    if pause_ms <= _PAUSE_FROM_MS:
        return 0.0
    return min(_MAX_PAUSE_BONUS, (pause_ms - _PAUSE_FROM_MS) / _PAUSE_MS_PER_POINT)


def score_breaks(tokens: Sequence[Token], language: str) -> Breaks:
    """Given display tokens and an ISO 639-1 language code, return the cost of breaking at
    each boundary. Languages without word lists are scored by punctuation and pauses only."""
    lists = WORD_LISTS.get(language.split("-")[0].lower())
    count = len(tokens)
    keys = [word_key(token.text) for token in tokens]
    cost = [0.0] * (count + 1)
    sentence_end = [True] * (count + 1)
    strong = [True] * (count + 1)
    turn = [False] * (count + 1)
    for index in range(1, count):
        previous, following = tokens[index - 1], tokens[index]
        pause = following.start - previous.end
        punctuation = _punctuation_cost(previous.text, keys[index - 1], lists)
        turn[index] = following.speaker != previous.speaker
        sentence_end[index] = turn[index] or punctuation in (SENTENCE, ELLIPSIS)
        strong[index] = sentence_end[index] or pause >= STRONG_PAUSE_MS
        if turn[index]:
            cost[index] = SENTENCE
        elif following.piece:
            cost[index] = INSIDE_WORD
        elif punctuation is not None:
            cost[index] = punctuation
        elif lists is None:
            cost[index] = max(0.0, PLAIN - _pause_bonus(pause))
        else:
            phrase = _phrase_cost(
                previous.text, keys[index - 1], following.text, keys[index], lists
            )
            bonus = _pause_bonus(pause) if phrase <= AFTER_BINDING else 0.0
            cost[index] = phrase - bonus
    _penalise_fragments(tokens, cost, sentence_end)
    return Breaks(cost, sentence_end, strong, turn)


def _penalise_fragments(
    tokens: Sequence[Token], cost: list[float], sentence_end: list[bool]
) -> None:
    """A break that leaves a scrap of a sentence on its own (`...adapt to rising / seas.
    Amara, thanks`) costs more: the scrap reads as a fragment on its line or cue."""
    count = len(tokens)
    position = [0] * (count + 1)
    for index, token in enumerate(tokens):
        position[index + 1] = position[index] + len(token.text) + 1
    sentence_start = 0
    for index in range(1, count):
        if sentence_end[index]:
            sentence_start = index
        elif position[index] - position[sentence_start] - 1 <= FRAGMENT_CHARS:
            cost[index] += FRAGMENT
    sentence_stop = count
    for index in range(count - 1, 0, -1):
        if sentence_end[index]:
            sentence_stop = index
        elif position[sentence_stop] - position[index] - 1 <= FRAGMENT_CHARS:
            cost[index] += FRAGMENT
