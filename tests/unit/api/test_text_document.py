"""Plain-text transcripts: paragraphs and speaker labels, never times."""

from __future__ import annotations

import pytest

from gt_watch.api.formats import parse_text_document
from gt_watch.errors import ResultFormatError


def test_speaker_labels_start_paragraphs_even_without_blank_lines() -> None:
    text = (
        "Speaker 1: Hello there.\nHow are you?\nDr. Ann Lee: Fine, thanks.\r\n"
        "\r\nA new thought\nwrapped here.\n"
    )

    transcript = parse_text_document(text)

    assert [(s.speaker, s.text) for s in transcript.segments] == [
        ("Speaker 1", "Hello there. How are you?"),
        ("Dr. Ann Lee", "Fine, thanks."),
        (None, "A new thought wrapped here."),
    ]


def test_plain_text_has_no_times_and_no_words() -> None:
    transcript = parse_text_document(b"\xef\xbb\xbfInterviewer: Welcome.")

    segment = transcript.segments[0]
    assert (segment.start, segment.end, segment.words) == (0.0, 0.0, ())
    assert segment.speaker == "Interviewer"


def test_a_colon_inside_a_sentence_is_not_a_speaker_label() -> None:
    transcript = parse_text_document("The point was clear: we go.")

    assert transcript.segments[0].speaker is None
    assert transcript.segments[0].text == "The point was clear: we go."


@pytest.mark.parametrize("text", ["", " \n\n\t\n", b""])
def test_an_empty_document_is_refused(text: str | bytes) -> None:
    with pytest.raises(ResultFormatError, match="expected a plain-text transcript"):
        parse_text_document(text)


def test_bytes_that_are_not_utf8_are_refused() -> None:
    with pytest.raises(ResultFormatError, match="not UTF-8"):
        parse_text_document(b"caf\xe9")
