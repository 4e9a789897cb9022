"""Shared word handling: punctuation, missing times, paragraphs."""

from __future__ import annotations

from gt_watch.api.json_fields import speaker_from_one, speaker_label
from gt_watch.api.words import (
    PARAGRAPH_PAUSE,
    Token,
    attach_punctuation,
    flat_segments,
    group_segments,
    respelled,
    segment_from_tokens,
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


def spoken(*words: tuple[str, float, float]) -> list[Token]:
    return [Token(text, start, end, "A") for text, start, end in words]


def timed(tokens: list[Token]) -> list[tuple[str, float | None, float | None]]:
    return [(token.text, token.start, token.end) for token in tokens]


def test_written_words_take_the_times_of_the_spoken_words_they_spell() -> None:
    tokens = respelled(["Hello,", "Dr.", "Lee."], spoken(("hello", 0, 1), ("doctor", 1, 2),
                                                         ("lee", 2, 3)))  # fmt: skip

    assert timed(tokens) == [("Hello,", 0, 1), ("Dr.", 1, 2), ("Lee.", 2, 3)]
    assert {token.speaker for token in tokens} == {"A"}


def test_a_written_number_takes_the_time_of_all_the_words_it_was_spoken_as() -> None:
    tokens = respelled(
        ["It's", "25", "now."],
        spoken(("it's", 0, 1), ("twenty", 1, 2), ("five", 2, 3), ("now", 3, 4)),
    )

    assert timed(tokens) == [("It's", 0, 1), ("25", 1, 3), ("now.", 3, 4)]


def test_written_words_with_nothing_spoken_under_them_have_no_time() -> None:
    tokens = respelled(["Yes", "—", "sure."], spoken(("yes", 0, 1), ("sure", 2, 3)), "B")

    assert timed(tokens) == [("Yes", 0, 1), ("—", None, None), ("sure.", 2, 3)]
    assert tokens[1].speaker == "B"


def test_spoken_words_nobody_wrote_down_are_left_out() -> None:
    tokens = respelled(["So", "yes."], spoken(("so", 0, 1), ("um", 1, 2), ("yes", 2, 3)))

    assert timed(tokens) == [("So", 0, 1), ("yes.", 2, 3)]


def test_a_segment_without_any_time_keeps_its_text_and_has_no_words() -> None:
    segment = segment_from_tokens([Token("Just"), Token("text.")], None, None, None, "A")

    assert segment is not None
    assert (segment.text, segment.words, segment.speaker) == ("Just text.", (), "A")
    assert segment_from_tokens([], None, 0.0, 1.0, None) is None


def test_a_flat_list_without_times_becomes_speaker_turns_of_text() -> None:
    tokens = [Token("Hi.", speaker="A"), Token("Hello.", speaker="B"), Token("Bye.", speaker="B")]

    assert [(s.speaker, s.text) for s in flat_segments(tokens, None)] == [
        ("A", "Hi."),
        ("B", "Hello. Bye."),
    ]
    assert [s.text for s in flat_segments([], "Only this.")] == ["Only this."]


def test_speakers_numbered_from_zero_and_from_one_both_read_as_people_count() -> None:
    assert [speaker_label(v) for v in (0, "spk_1", "SPEAKER_00", "Speaker 3", "Ann")] == [
        "Speaker 1",
        "Speaker 2",
        "Speaker 1",
        "Speaker 3",
        "Ann",
    ]
    assert [speaker_from_one(v) for v in (1, "2", 0, None, "Guest")] == [
        "Speaker 1",
        "Speaker 2",
        None,
        None,
        "Guest",
    ]
