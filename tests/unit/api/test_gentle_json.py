"""The Gentle forced aligner's JSON: the text as written, timed by the aligned words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gt_watch.api.formats import parse_alignment, parse_transcript
from gt_watch.errors import ResultFormatError
from gt_watch.model import Transcript

RESULTS = Path(__file__).resolve().parents[2] / "data" / "results"
GENTLE = RESULTS / "alignment_gentle.json"


def words_of(transcript: Transcript) -> list[tuple[str, float, float]]:
    return [(word.text, word.start, word.end) for word in transcript.words]


def gentle(text: str, *words: tuple[str, float | None, float | None]) -> str:
    """Gentle's JSON for `text` with the given (word, start, end), offsets found in order."""
    entries, cursor = [], 0
    for word, start, end in words:
        begin = text.index(word, cursor)
        cursor = begin + len(word)
        entry: dict[str, object] = {"word": word, "startOffset": begin, "endOffset": cursor}
        if start is None:
            entry["case"] = "not-found-in-audio"
        else:
            entry.update(case="success", alignedWord=word.lower(), start=start, end=end)
        entries.append(entry)
    return json.dumps({"transcript": text, "words": entries})


def test_punctuation_and_capitals_of_the_transcript_are_kept() -> None:
    transcript = parse_transcript(GENTLE.read_bytes())

    assert [word.text for word in transcript.words] == [
        "Hello", "there,", "my", "friend.", "How", "are", "you?",
        '"I\'m', "fine,", 'thanks."', "It's", "been", "twenty-five", "years!",
    ]  # fmt: skip
    assert words_of(transcript)[:2] == [("Hello", 0.5, 0.9), ("there,", 0.95, 1.3)]


def test_a_hyphenated_piece_spans_the_words_gentle_split_it_into() -> None:
    transcript = parse_transcript(GENTLE.read_bytes())

    assert ("twenty-five", 6.45, 7.1) in words_of(transcript)


def test_a_word_not_found_in_audio_shares_the_gap_between_its_neighbours() -> None:
    transcript = parse_transcript(GENTLE.read_bytes())

    thanks = next(word for word in transcript.words if word.text == 'thanks."')
    assert (thanks.start, thanks.end) == (5.1, 6.0)  # after "fine," and before "It's"


def test_opening_marks_between_words_join_the_word_after() -> None:
    data = gentle('He said: ( "yes" ) twice.', ("He", 0, 0.2), ("said", 0.3, 0.5),
                  ("yes", 0.6, 0.9), ("twice", 1.0, 1.4))  # fmt: skip

    transcript = parse_transcript(data)

    assert [word.text for word in transcript.words] == ["He", "said:", '("yes")', "twice."]


def test_words_heard_but_not_in_the_transcript_are_left_out() -> None:
    document = json.loads(gentle("So yes.", ("So", 0.0, 0.2), ("yes", 0.6, 0.9)))
    document["words"].insert(1, {"case": "not-found-in-transcript", "word": "um", "start": 0.3,
                                 "end": 0.5})  # fmt: skip

    assert words_of(parse_transcript(json.dumps(document))) == [
        ("So", 0.0, 0.2),
        ("yes.", 0.6, 0.9),
    ]


def test_offsets_that_miss_their_words_fall_back_to_matching_by_letters() -> None:
    document = json.loads(GENTLE.read_text(encoding="utf-8"))
    for word in document["words"]:
        word["startOffset"], word["endOffset"] = 0, 1  # a hand-made file

    transcript = parse_transcript(json.dumps(document))

    assert [word.text for word in transcript.words] == [
        word.text for word in parse_transcript(GENTLE.read_bytes()).words
    ]
    assert words_of(transcript)[3] == ("friend.", 1.65, 2.2)


def test_gentle_is_read_as_a_forced_alignment_too() -> None:
    assert words_of(parse_alignment(GENTLE.read_bytes())) == words_of(
        parse_transcript(GENTLE.read_bytes())
    )


def test_words_without_offsets_are_a_plain_word_list() -> None:
    document = {"transcript": "Hi you.", "words": [{"word": "Hi", "start": 0.1, "end": 0.3}]}

    assert words_of(parse_transcript(json.dumps(document))) == [("Hi", 0.1, 0.3)]


def test_a_bad_time_names_the_word() -> None:
    data = gentle("One two.", ("One", 0.0, 0.3), ("two", 0.4, 0.8)).replace("0.4", '"later"')

    with pytest.raises(ResultFormatError, match="word 2: start 'later' is not a time"):
        parse_transcript(data)
