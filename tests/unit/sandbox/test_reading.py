"""Reading submitted transcripts and documents: DOCX, JSON, HTML, SubRip, plain text."""

from __future__ import annotations

import io
import json

import docx
import pytest

from gt_watch.errors import MediaError
from gt_watch.model import Segment, Transcript, Word
from gt_watch.sandbox import documents, reading
from gt_watch.sandbox.shapes import SHAPES

WORDS = ["Hello", "there.", "How", "are", "you?"]
TRANSCRIPT = Transcript(
    (
        Segment(
            0.0,
            2.0,
            "Hello there.",
            "S1",
            tuple(
                Word(text, i * 0.4, i * 0.4 + 0.3, "S1", 0.9) for i, text in enumerate(WORDS[:2])
            ),
        ),
        Segment(
            2.5,
            4.0,
            "How are you?",
            "S2",
            tuple(
                Word(text, 2.5 + i * 0.4, 2.8 + i * 0.4, "S2", 0.9)
                for i, text in enumerate(WORDS[2:])
            ),
        ),
    ),
    "english",
)


def test_plain_text_gives_its_words() -> None:
    assert reading.document_words(b"Hello there.\nHow are you?\n", "u") == WORDS


def test_sandbox_text_drops_speaker_labels_and_time_marks() -> None:
    body = documents.render_text(TRANSCRIPT, "change_of_speaker")
    assert b"Speaker 1" in body
    assert reading.document_words(body, "u") == WORDS


def test_sandbox_docx_gives_the_spoken_words_without_the_title() -> None:
    body = documents.render_docx(TRANSCRIPT, "Order 1: transcription")
    assert reading.document_words(body, "u") == WORDS


def test_other_docx_gives_every_paragraph() -> None:
    document = docx.Document()
    document.add_paragraph("Hello there.")
    document.add_paragraph("How are you?")
    buffer = io.BytesIO()
    document.save(buffer)
    assert reading.document_words(buffer.getvalue(), "u") == WORDS


@pytest.mark.parametrize("shape", ["segments", "rev", "aws"])
def test_each_sandbox_json_shape_gives_its_words(shape: str) -> None:
    body = json.dumps(SHAPES[shape](TRANSCRIPT, 4.0)).encode()  # type: ignore[index]
    assert reading.document_words(body, "u") == WORDS


def test_alignment_json_gives_its_words() -> None:
    body = documents.render_alignment(TRANSCRIPT)
    assert reading.document_words(body, "u") == ["Hello", "there", "How", "are", "you"]


def test_html_gives_its_text_without_title_or_script() -> None:
    body = documents.render_html(TRANSCRIPT, "A title")
    assert reading.document_words(body, "u") == WORDS
    page = b"<html><head><script>var x;</script></head><body><p>Hello there.</p></body></html>"
    assert reading.document_words(page, "u") == WORDS[:2]


def test_subrip_gives_its_caption_text() -> None:
    body = documents.render_subrip(TRANSCRIPT)
    assert reading.document_words(body, "u") == WORDS


def test_binary_that_is_not_text_is_refused_with_the_url() -> None:
    with pytest.raises(MediaError, match=r"the document at http://x/a\.bin is not UTF-8 text"):
        reading.document_words(bytes(range(256)), "http://x/a.bin")


def test_zip_that_is_not_docx_is_refused() -> None:
    with pytest.raises(MediaError, match="is not DOCX"):
        reading.document_words(b"PK\x03\x04 not really a zip", "u")


def test_document_without_words_is_refused() -> None:
    with pytest.raises(MediaError, match="contains no words"):
        reading.document_words(b"   \n\n  ", "u")
