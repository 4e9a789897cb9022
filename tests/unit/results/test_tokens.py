from __future__ import annotations

import pytest

from gt_watch.errors import CaptionError
from gt_watch.model import Word
from gt_watch.results.tokens import prepare_tokens


def test_punctuation_delivered_as_a_word_joins_its_neighbour() -> None:
    words = [Word("Hello", 0, 0.5), Word(",", 0.5, 0.5), Word("“", 0.6, 0.6), Word("you", 0.6, 1)]
    assert [token.text for token in prepare_tokens(words, 42)] == ["Hello,", "“you"]


def test_a_dash_keeps_its_space() -> None:
    words = [Word("well", 0, 0.5), Word("—", 0.5, 0.5), Word("no", 0.6, 1)]
    assert [token.text for token in prepare_tokens(words, 42)] == ["well —", "no"]


def test_empty_words_are_dropped_and_whitespace_collapsed() -> None:
    words = [Word("  ", 0, 0.5), Word(" New\tYork ", 0.5, 1)]
    assert [token.text for token in prepare_tokens(words, 42)] == ["New York"]


def test_times_become_milliseconds_never_running_backwards() -> None:
    tokens = prepare_tokens([Word("a", 1.0, 1.2), Word("b", 0.9, 0.8)], 42)
    assert [(token.start, token.end) for token in tokens] == [(1000, 1200), (1000, 1000)]


def test_negative_times_become_zero() -> None:
    assert prepare_tokens([Word("a", -2.0, -1.0)], 42)[0][1:3] == (0, 0)


def test_a_missing_speaker_is_the_previous_one() -> None:
    tokens = prepare_tokens([Word("a", 0, 1, "Ann"), Word("b", 1, 2), Word("c", 2, 3, "Bo")], 42)
    assert [token.speaker for token in tokens] == ["Ann", "Ann", "Bo"]


def test_a_word_longer_than_a_line_is_cut_into_even_pieces_with_shared_time() -> None:
    url = "https://example.org/" + "x" * 60
    tokens = prepare_tokens([Word(url, 10.0, 12.0)], 42)
    assert "".join(token.text for token in tokens) == url
    assert [len(token.text) for token in tokens] == [40, 40]
    assert [token.piece for token in tokens] == [False, True]
    assert (tokens[0].start, tokens[0].end, tokens[1].end) == (10000, 11000, 12000)


def test_a_time_that_is_not_a_number_names_the_word() -> None:
    with pytest.raises(CaptionError, match=r"word 2 \('b'\)"):
        prepare_tokens([Word("a", 0, 1), Word("b", float("inf"), 2)], 42)
