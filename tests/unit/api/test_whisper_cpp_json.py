"""whisper.cpp's JSON: segments in milliseconds, words joined from the model's tokens."""

from __future__ import annotations

import json

import pytest

from gt_watch.api.formats import parse_transcript
from gt_watch.errors import ResultFormatError


def entry(text: str, start: int, end: int, tokens: list[tuple[str, int, int]]) -> dict[str, object]:
    return {
        "timestamps": {"from": "00:00:00,000", "to": "00:00:00,000"},
        "offsets": {"from": start, "to": end},
        "text": text,
        "tokens": [
            {"text": piece, "offsets": {"from": begin, "to": finish}, "id": 1, "p": 0.9}
            for piece, begin, finish in tokens
        ],
    }


def document(*entries: dict[str, object]) -> str:
    return json.dumps(
        {
            "systeminfo": "AVX = 1 | NEON = 0",
            "model": {"type": "base", "multilingual": True},
            "params": {"model": "models/ggml-base.en.bin", "language": "en"},
            "result": {"language": "en"},
            "transcription": list(entries),
        }
    )


def test_tokens_are_joined_into_words_and_special_tokens_dropped() -> None:
    data = document(
        entry(" Hello there, friend.", 0, 2200, [
            ("[_BEG_]", 0, 0), (" Hel", 500, 700), ("lo", 700, 900), (" there", 950, 1250),
            (",", 1250, 1300), (" friend", 1650, 2100), (".", 2100, 2200),
            ("[_TT_110]", 2200, 2200),
        ]),
    )  # fmt: skip

    transcript = parse_transcript(data)

    assert [(w.text, w.start, w.end) for w in transcript.words] == [
        ("Hello", 0.5, 0.9),
        ("there,", 0.95, 1.3),
        ("friend.", 1.65, 2.2),
    ]
    assert transcript.language == "english"


def test_segments_without_tokens_share_their_time() -> None:
    data = json.loads(document(entry(" Good morning.", 1000, 3000, [])))
    for item in data["transcription"]:
        del item["tokens"]

    transcript = parse_transcript(json.dumps(data))

    assert (transcript.segments[0].start, transcript.segments[0].end) == (1.0, 3.0)
    assert [w.text for w in transcript.words] == ["Good", "morning."]


def test_a_bad_offset_names_the_entry() -> None:
    data = document(entry(" Hi", 0, 100, [])).replace('"from": 0', '"from": "soon"')

    with pytest.raises(ResultFormatError, match="transcription entry 1, offsets: from 'soon'"):
        parse_transcript(data)
