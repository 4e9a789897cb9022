"""Shared word handling: punctuation, missing times, paragraphs."""

from __future__ import annotations

from gt_watch.api.words import (
    PARAGRAPH_PAUSE,
    Token,
    attach_punctuation,
    group_segments,
    timed_words,
)
from gt_watch.model import Word


def texts(tokens: list[Token]) -> list[str]:
    return [token.text for token in tokens]


def test_closing_marks_join_the_word_before_and_opening_marks_the_word_after() -> None:
    tokens = [Token("¿"), Token("Qué"), Token("?"), Token("("), Token("sí"), Token(")"), Token(".")]

    assert texts(attach_punctuation(tokens)) == ["¿Qué?", "(sí)."]


def test_straight_quotes_open_and_close_in_turn() -> None:
    tokens = [Token("He"), Token("said"), Token('"'), Token("yes"), Token('"'), Token("twice")]

    assert texts(attach_punctuation(tokens)) == ["He", "said", '"yes"', "twice"]


def test_declared_punctuation_and_whitespace_tokens() -> None:
    tokens = [Token("Hi"), Token(" ", punctuation=True), Token("—", punctuation=True), Token("you")]

    assert texts(attach_punctuation(tokens)) == ["Hi—", "you"]


def test_punctuation_alone_is_dropped() -> None:
    assert attach_punctuation([Token("."), Token("!")]) == []


def test_untimed_words_without_any_anchor_have_no_times() -> None:
    assert timed_words([Token("a"), Token("b")]) is None


def test_untimed_words_spread_over_the_segment_span_in_proportion_to_length() -> None:
    words = timed_words([Token("a"), Token("bbb")], 10.0, 14.0)

    assert words == (Word("a", 10.0, 11.0), Word("bbb", 11.0, 14.0))


def test_leading_untimed_words_without_a_span_start_sit_at_the_first_time() -> None:
    words = timed_words([Token("uh"), Token("yes", 2.0, 2.5)])

    assert words is not None
    assert (words[0].start, words[0].end) == (2.0, 2.0)


def test_a_word_with_its_end_before_its_start_ends_where_it_starts() -> None:
    assert timed_words([Token("x", 3.0, 2.0)]) == (Word("x", 3.0, 3.0),)


def test_a_word_with_only_a_start_is_instantaneous() -> None:
    assert timed_words([Token("x", start=3.0)]) == (Word("x", 3.0, 3.0),)


def test_paragraphs_break_at_speaker_changes_and_pauses_after_sentences() -> None:
    words = [
        Word("One.", 0.0, 1.0, "A"),
        Word("Two", 1.0 + PARAGRAPH_PAUSE, 4.0, "A"),
        Word("three", 4.0 + PARAGRAPH_PAUSE, 7.0, "A"),
        Word("Four.", 7.0, 8.0, "B"),
    ]

    assert [segment.text for segment in group_segments(words)] == ["One.", "Two three", "Four."]
