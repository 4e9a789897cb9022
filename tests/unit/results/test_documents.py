"""TXT, DOCX and word-JSON from one transcript model."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import docx
import pytest

from gt_watch.errors import CaptionError
from gt_watch.model import Segment, Transcript, Word
from gt_watch.results.docx import render_docx
from gt_watch.results.txt import render_txt
from gt_watch.results.wordjson import render_word_json

TRANSCRIPT = Transcript(
    (
        Segment(
            0.0, 2.0, "Welcome  to the show.", "Anna", (Word("Welcome", 0.0, 0.4, "Anna", 0.98),)
        ),
        Segment(2.5, 4.0, "Glad to be here.", "Ben"),
        Segment(
            4.5, 7.0, "", "Ben", (Word("Really", 4.5, 5.0, "Ben"), Word("glad.", 5.0, 5.5, "Ben"))
        ),
        Segment(61.0, 62.0, "   ", "Anna"),
    ),
    language="english",
)


def test_txt_has_a_paragraph_per_turn_and_names_each_new_speaker() -> None:
    assert render_txt(TRANSCRIPT) == (
        "Anna: Welcome to the show.\n\nBen: Glad to be here.\n\nReally glad.\n"
    )


def test_txt_timestamps_are_optional() -> None:
    assert render_txt(TRANSCRIPT, timestamps=True).splitlines()[2] == (
        "[00:00:02] Ben: Glad to be here."
    )


def test_txt_without_speakers_has_no_labels() -> None:
    plain = Transcript((Segment(0.0, 1.0, "Just text."),))
    assert render_txt(plain) == "Just text.\n"


def test_txt_refuses_a_timestamp_past_99_hours() -> None:
    late = Transcript((Segment(360_000.0, 360_001.0, "Late."),))
    with pytest.raises(CaptionError, match="99:59:59"):
        render_txt(late, timestamps=True)


def _document(timestamps: bool = True) -> docx.document.Document:
    data = render_docx(
        TRANSCRIPT,
        title="Episode 12",
        source_name="episode12.mp4",
        date=datetime.date(2024, 5, 17),
        timestamps=timestamps,
    )
    return docx.Document(io.BytesIO(data))


def test_docx_opens_with_title_source_date_and_speakers() -> None:
    document = _document()
    assert document.paragraphs[0].text == "Episode 12"
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[1].text == (
        "Source: episode12.mp4\nDate: 2024-05-17\nSpeakers: Anna, Ben"
    )
    assert document.core_properties.title == "Episode 12"


def test_docx_has_a_paragraph_per_turn_with_bold_speaker_and_timestamps() -> None:
    body = _document().paragraphs[2:]
    assert [paragraph.text for paragraph in body] == [
        "[00:00:00] Anna: Welcome to the show.",
        "[00:00:02] Ben: Glad to be here.",
        "[00:00:04] Really glad.",
    ]
    assert [run.bold for run in body[0].runs] == [None, True, None]


def test_docx_timestamps_can_be_left_out() -> None:
    assert _document(timestamps=False).paragraphs[2].text == "Anna: Welcome to the show."


def test_docx_bytes_depend_on_the_transcript_and_its_date_not_on_the_clock() -> None:
    # Rendering again after a crash must give the same bytes, or gt-watch would take its
    # own sidecar for someone else's.
    date = datetime.date(2024, 5, 17)
    data = render_docx(TRANSCRIPT, title="Episode 12", source_name="episode12.mp4", date=date)
    members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert {member.date_time for member in members} == {(2024, 5, 17, 0, 0, 0)}
    assert "word/document.xml" in {member.filename for member in members}


def test_word_json_keeps_every_word_with_times_speaker_and_confidence() -> None:
    document = json.loads(render_word_json(TRANSCRIPT))
    assert document["format"] == "gt-watch-words"
    assert document["language"] == "english"
    assert document["segments"][0]["words"] == [
        {"text": "Welcome", "start": 0.0, "end": 0.4, "speaker": "Anna", "confidence": 0.98}
    ]
    assert [len(segment["words"]) for segment in document["segments"]] == [1, 0, 2, 0]


def test_word_json_is_utf8_text_not_ascii_escapes() -> None:
    text = render_word_json(Transcript((Segment(0, 1, "Café", None, (Word("Café", 0, 1),)),)))
    assert "Café" in text
