from __future__ import annotations

import pytest

from gt_watch.model import Word
from gt_watch.results import breaks
from gt_watch.results.tokens import prepare_tokens


def _cost(before: str, after: str, language: str = "en", pause: float = 0.0) -> float:
    """The cost of a break between two words in the middle of a long sentence."""
    texts = ["Early", "yesterday", "morning", before, after, "appeared", "again", "nearby"]
    words = [Word(text, index * 0.5, index * 0.5 + 0.4) for index, text in enumerate(texts)]
    words[4:] = [Word(word.text, word.start + pause, word.end + pause) for word in words[4:]]
    return breaks.score_breaks(prepare_tokens(words, 42), language).cost[4]


def test_a_sentence_end_is_the_best_break() -> None:
    assert _cost("home.", "Then") == breaks.SENTENCE


def test_clause_punctuation_comes_next() -> None:
    assert breaks.SENTENCE < _cost("home,", "then") < _cost("went", "home")


def test_before_a_conjunction_beats_before_a_preposition_beats_a_plain_break() -> None:
    assert _cost("tired", "and") < _cost("tired", "in") < _cost("went", "home")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("the", "interview"),  # article + noun
        ("their", "house"),  # possessive + noun
        ("big", "house"),  # adjective + noun
        ("John", "Smith"),  # first + last name
        ("Dr.", "Okafor"),  # title + name
        ("she", "said"),  # pronoun + verb
        ("it", "would"),  # pronoun + auxiliary
        ("would", "have"),  # auxiliary + verb
        ("did", "not"),  # verb + negation
        ("20", "percent"),  # number + unit
    ],
)
def test_english_phrases_that_must_stay_together_cost_the_most(before: str, after: str) -> None:
    assert _cost(before, after) >= breaks.ADJECTIVE_NOUN


def test_a_full_stop_after_a_title_or_initial_does_not_end_a_sentence() -> None:
    assert _cost("Mr.", "Smith") == breaks.FORBIDDEN
    assert _cost("J.", "Smith") == breaks.FORBIDDEN


def test_a_pause_makes_a_plain_break_cheaper_but_never_splits_a_phrase() -> None:
    assert _cost("went", "home", pause=1.0) < _cost("went", "home")
    assert _cost("the", "interview", pause=1.0) == breaks.FORBIDDEN


def test_languages_without_word_lists_break_by_punctuation_only() -> None:
    assert _cost("el", "perro", language="es") == breaks.PLAIN
    assert _cost("casa,", "pero", language="es") == breaks.COMMA


def test_a_speaker_change_is_a_turn_and_a_sentence_end() -> None:
    words = [Word("yes", 0, 0.5, "A"), Word("no", 0.6, 1.0, "B")]
    scored = breaks.score_breaks(prepare_tokens(words, 42), "en")
    assert scored.turn[1]
    assert scored.sentence_end[1]
    assert scored.cost[1] == breaks.SENTENCE


def test_words_in_capitals_are_not_taken_for_a_name() -> None:
    assert _cost("NASA", "LAUNCHED") == breaks.PLAIN
    assert _cost("Sarah", "Mitchell") == breaks.FORBIDDEN


def test_a_break_that_leaves_a_scrap_of_a_sentence_costs_more() -> None:
    text = "towns adapt to rising seas. Amara, thanks for being here"
    words = [Word(word, index * 0.4, index * 0.4 + 0.3) for index, word in enumerate(text.split())]
    scored = breaks.score_breaks(prepare_tokens(words, 42), "en")
    assert scored.cost[4] == breaks.PLAIN + breaks.FRAGMENT  # rising | seas.
    assert scored.cost[6] == breaks.COMMA + breaks.FRAGMENT  # Amara, | thanks
    assert scored.cost[2] == breaks.BEFORE_PREPOSITION  # adapt | to: phrases either side
