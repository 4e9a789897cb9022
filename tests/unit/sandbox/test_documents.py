"""Rendering results: SubRip cues, DOCX, HTML, alignment JSON and the three JSON shapes."""

from __future__ import annotations

import io
import itertools
import json

import docx
import pytest
import srt

from gt_watch.model import Transcript
from gt_watch.sandbox import content, documents, timeline
from gt_watch.sandbox.shapes import aws_shape, rev_shape, segments_shape


def _transcript(seconds: float = 60.0) -> Transcript:
    spoken = timeline.turns(content.sentences(9, timeline.word_budget(9, seconds), "english"), 2, 9)
    return timeline.place(spoken, 0.0, seconds, 9, "english")


def test_subrip_cues_are_ordered_short_and_cover_every_word() -> None:
    transcript = _transcript()
    cues = list(srt.parse(documents.render_subrip(transcript).decode()))
    assert [cue.index for cue in cues] == list(range(1, len(cues) + 1))
    for cue in cues:
        lines = cue.content.split("\n")
        assert 1 <= len(lines) <= 2
        assert all(len(line) <= documents.MAX_LINE for line in lines)
        assert (cue.end - cue.start).total_seconds() <= documents.MAX_CUE_SECONDS
    for earlier, later in itertools.pairwise(cues):
        assert earlier.end <= later.start
    assert " ".join(c.content.replace("\n", " ") for c in cues).split() == [
        w.text for w in transcript.words
    ]


def test_docx_holds_a_title_and_a_paragraph_per_turn() -> None:
    transcript = _transcript()
    document = docx.Document(io.BytesIO(documents.render_docx(transcript, "Order 3")))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[0] == "Order 3"
    assert texts[1].startswith("Speaker 1: ")
    assert len(texts) == 1 + len(transcript.segments)


@pytest.mark.parametrize(
    ("timestamping", "mark"),
    [
        ("every_10_seconds", "[00:00:10]"),
        ("change_of_speaker", "[00:00:0"),
        ("every_30_seconds", "[00:00:30]"),
    ],
)
def test_timestamping_puts_time_marks_in_the_text(timestamping: str, mark: str) -> None:
    text = documents.render_text(_transcript(), timestamping).decode()
    assert mark in text
    assert "[00:00:" not in documents.render_text(_transcript(), "not_required").decode()


def test_html_escapes_text_and_is_a_whole_page() -> None:
    page = documents.render_html(_transcript(5.0), "A <b> title").decode()
    assert page.startswith("<!DOCTYPE html>")
    assert "A &lt;b&gt; title" in page


def test_alignment_is_an_array_of_words_with_begin_and_end() -> None:
    transcript = _transcript()
    segments = json.loads(documents.render_alignment(transcript))
    assert len(segments) == len(transcript.words)
    assert set(segments[0]) == {"word", "begin", "end"}
    assert all(s["word"] and s["word"][-1] not in ".,?!" for s in segments)
    assert all(s["begin"] < s["end"] for s in segments)


def test_default_json_shape_has_speakers_segments_and_timed_words() -> None:
    data = segments_shape(_transcript(), 60.0)
    assert data["language"] == "english"
    assert data["duration"] == 60.0
    assert data["speakers"] == [
        {"id": "S1", "name": "Speaker 1"},
        {"id": "S2", "name": "Speaker 2"},
    ]
    segment = data["segments"][0]  # type: ignore[index]
    assert set(segment) == {"speaker", "start", "end", "text", "words"}
    assert set(segment["words"][0]) == {"text", "start", "end", "confidence"}


def test_rev_shape_splits_punctuation_into_its_own_elements() -> None:
    data = rev_shape(_transcript(), 60.0)
    elements = data["monologues"][0]["elements"]  # type: ignore[index]
    assert {e["type"] for e in elements} == {"text", "punct"}
    assert all("ts" in e and "end_ts" in e for e in elements if e["type"] == "text")


def test_aws_shape_writes_times_as_strings() -> None:
    items = aws_shape(_transcript(), 60.0)["results"]["items"]  # type: ignore[index]
    spoken = [item for item in items if item["type"] == "pronunciation"]
    assert isinstance(spoken[0]["start_time"], str)
    assert float(spoken[0]["end_time"]) > float(spoken[0]["start_time"])
    assert any(item["type"] == "punctuation" for item in items)
