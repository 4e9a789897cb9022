"""Forced-alignment JSON: word segments with begin and end, in the spellings we know."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gt_watch.api.formats import parse_alignment
from gt_watch.errors import ResultFormatError

RESULTS = Path(__file__).resolve().parents[2] / "data" / "results"


def words(data: object) -> list[tuple[str, float, float]]:
    transcript = parse_alignment(json.dumps(data))
    return [(word.text, word.start, word.end) for word in transcript.words]


def test_a_top_level_list_of_begin_end_words_is_read() -> None:
    data = [{"word": "Hello", "begin": 0.1, "end": 0.5}, {"word": "you.", "begin": 0.6, "end": 1}]

    assert words(data) == [("Hello", 0.1, 0.5), ("you.", 0.6, 1.0)]


@pytest.mark.parametrize("wrapper", ["segments", "words", "alignment"])
def test_the_list_may_be_wrapped_in_an_object(wrapper: str) -> None:
    data = {wrapper: [{"text": "Hi", "start": "1.5", "end": "2"}], "language": "english"}

    transcript = parse_alignment(json.dumps(data))

    assert [(w.text, w.start, w.end) for w in transcript.words] == [("Hi", 1.5, 2.0)]
    assert transcript.language == "english"


def test_rev_style_ts_and_end_ts_with_value_are_read() -> None:
    assert words([{"value": "Oui", "ts": 3, "end_ts": 3.4}]) == [("Oui", 3.0, 3.4)]


def test_milliseconds_are_read_when_declared_at_the_top() -> None:
    data = {"time_unit": "ms", "words": [{"word": "Hola", "begin": 250, "end": 700}]}

    assert words(data) == [("Hola", 0.25, 0.7)]


def test_begin_ms_keys_are_milliseconds() -> None:
    assert words([{"word": "Hi", "begin_ms": 1200, "end_ms": 1500}]) == [("Hi", 1.2, 1.5)]


def test_aeneas_fragments_split_phrases_into_words_sharing_their_time() -> None:
    transcript = parse_alignment((RESULTS / "alignment_fragments.json").read_bytes())

    assert [(w.text, w.start, w.end) for w in transcript.words] == [
        ("Hello", 0.0, 0.48),
        ("there,", 0.48, 1.2),
        ("how", 1.2, 1.56),
        ("are", 1.56, 1.92),
        ("you?", 1.92, 2.4),
    ]
    assert transcript.text == "Hello there, how are you?"


def test_a_word_the_aligner_could_not_place_shares_the_gap_around_it() -> None:
    data = [
        {"word": "one", "begin": 0, "end": 1},
        {"word": "uh", "begin": None, "end": None},
        {"word": "two", "begin": 1.5, "end": 2},
    ]

    assert words(data)[1] == ("uh", 1.0, 1.5)


@pytest.mark.parametrize("wrapper", ["segments", "alignment"])
def test_entries_carrying_words_are_read_as_transcript_segments(wrapper: str) -> None:
    data = {wrapper: [{"start": 0, "end": 1, "text": "Hi", "words": [{"text": "Hi"}]}]}

    assert words(data) == [("Hi", 0.0, 1.0)]


def test_a_long_pause_after_a_sentence_starts_a_new_paragraph() -> None:
    data = [
        {"word": "Done.", "begin": 0, "end": 1},
        {"word": "Next", "begin": 4, "end": 4.5},
    ]

    transcript = parse_alignment(json.dumps(data))

    assert [segment.text for segment in transcript.segments] == ["Done.", "Next"]


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (b"", "empty document"),
        (b"not json", "not JSON"),
        (b'{"result": "ok"}', "an object with keys 'result'"),
        (b'[{"word": "a"}, {"word": "b"}]', "none of its 2 entries has times"),
    ],
)
def test_documents_without_aligned_words_are_refused(data: bytes, found: str) -> None:
    with pytest.raises(ResultFormatError) as caught:
        parse_alignment(data)

    assert "forced-alignment JSON" in caught.value.message
    assert found in caught.value.message


def test_a_negative_time_names_the_entry() -> None:
    with pytest.raises(ResultFormatError, match="entry 2: begin -1 is not a time"):
        parse_alignment('[{"word": "a", "begin": 0, "end": 1}, {"word": "b", "begin": -1}]')
