"""Transcript JSON in every shape we know becomes the same model, with timed words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gt_watch.api.formats import parse_transcript
from gt_watch.errors import ResultFormatError
from gt_watch.model import Transcript

RESULTS = Path(__file__).resolve().parents[2] / "data" / "results"


def words_of(transcript: Transcript) -> list[tuple[str, float, float]]:
    return [(word.text, word.start, word.end) for word in transcript.words]


def test_sandbox_segments_resolve_speaker_ids_and_keep_word_timings() -> None:
    transcript = parse_transcript((RESULTS / "transcript_segments.json").read_bytes())

    assert transcript.language == "english"
    assert [s.speaker for s in transcript.segments] == ["Speaker 1", "Dr. Ann Lee", "Speaker 1"]
    first = transcript.segments[0]
    assert (first.start, first.end, first.text) == (0.0, 4.2, "Hello there.")
    assert [(w.text, w.start, w.end, w.confidence) for w in first.words] == [
        ("Hello", 0.0, 0.41, 0.98),
        ("there.", 0.5, 0.93, 0.95),
    ]
    assert all(word.speaker == "Speaker 1" for word in first.words)


def test_segment_times_and_words_given_as_text_and_under_word_are_read() -> None:
    transcript = parse_transcript((RESULTS / "transcript_segments.json").read_bytes())

    third = transcript.segments[2]
    assert (third.start, third.end) == (8.0, 12.3)
    assert [(w.text, w.start, w.end) for w in third.words] == [
        ("Shall", 8.0, 8.4),
        ("we", 8.5, 8.7),
        ("start?", 8.8, 9.6),
    ]
    assert third.words[2].confidence == 0.91


def test_segment_without_words_gets_words_spread_over_its_time_by_length() -> None:
    transcript = parse_transcript((RESULTS / "transcript_segments.json").read_bytes())

    second = transcript.segments[1]
    assert [w.text for w in second.words] == ["Good", "to", "see", "you."]
    assert second.words[0].start == 5.0
    assert second.words[-1].end == 7.0
    durations = [w.end - w.start for w in second.words]
    assert durations[0] > durations[1]  # "Good" is longer than "to"
    assert all(a.end == b.start for a, b in zip(second.words, second.words[1:], strict=False))


def test_rev_monologues_attach_punctuation_and_name_numbered_speakers() -> None:
    transcript = parse_transcript((RESULTS / "transcript_rev.json").read_bytes())

    interviewer, guest = transcript.segments
    assert interviewer.speaker == "Interviewer"
    assert [w.text for w in interviewer.words] == ['"Well,', 'hello".']
    assert (interviewer.start, interviewer.end) == (0.25, 0.9)
    assert guest.speaker == "Speaker 2"  # Rev numbers speakers from 0
    assert words_of(transcript)[-1] == ("Hi!", 1.5, 1.8)


def test_aws_items_take_speakers_from_speaker_labels_and_split_paragraphs() -> None:
    transcript = parse_transcript((RESULTS / "transcript_aws.json").read_bytes())

    assert [(s.speaker, s.text) for s in transcript.segments] == [
        ("Speaker 1", "Hello there."),
        ("Speaker 2", "How are you?"),
    ]
    assert words_of(transcript)[0] == ("Hello", 0.04, 0.5)


def test_aws_without_items_falls_back_to_the_untimed_transcript_text() -> None:
    document = {"results": {"transcripts": [{"transcript": "Only text."}], "items": []}}

    transcript = parse_transcript(json.dumps(document))

    assert transcript.text == "Only text."
    assert transcript.words == ()


def test_deepgram_prefers_punctuated_words_and_breaks_at_pauses_and_speakers() -> None:
    transcript = parse_transcript((RESULTS / "transcript_deepgram.json").read_bytes())

    assert [(s.speaker, s.text) for s in transcript.segments] == [
        ("Speaker 1", "Hello there."),
        ("Speaker 1", "How"),
        ("Speaker 2", "are you?"),
    ]


def test_flat_words_with_text_key_and_string_times_are_read() -> None:
    document = {"words": [{"text": "Hi", "start": "0.5", "end": "0.9", "speaker": "A"}]}

    transcript = parse_transcript(json.dumps(document))

    assert words_of(transcript) == [("Hi", 0.5, 0.9)]
    assert transcript.segments[0].speaker == "A"


def test_top_level_list_of_words_is_a_transcript() -> None:
    document = [{"word": "One", "start": 0, "end": 0.4}, {"word": "two.", "start": 0.5, "end": 1}]

    assert words_of(parse_transcript(json.dumps(document))) == [
        ("One", 0.0, 0.4),
        ("two.", 0.5, 1.0),
    ]


def test_top_level_list_of_segments_with_words_is_read_as_segments() -> None:
    document = [{"speaker": "Ann", "start": 1, "end": 2, "text": "Yes.", "words": []}]

    transcript = parse_transcript(json.dumps(document))

    assert transcript.segments[0].speaker == "Ann"
    assert words_of(transcript) == [("Yes.", 1.0, 2.0)]


@pytest.mark.parametrize(
    "declaration", [{"time_unit": "ms"}, {"units": "milliseconds"}, {"time_unit": "MS"}]
)
def test_milliseconds_are_used_only_when_the_document_declares_them(
    declaration: dict[str, str],
) -> None:
    document = {**declaration, "words": [{"text": "Hi", "start": 1500, "end": 2250}]}

    assert words_of(parse_transcript(json.dumps(document))) == [("Hi", 1.5, 2.25)]


def test_assemblyai_words_in_undeclared_milliseconds_are_read_as_seconds() -> None:
    transcript = parse_transcript((RESULTS / "transcript_assemblyai.json").read_bytes())

    assert words_of(transcript)[:2] == [("Hello", 0.5, 0.9), ("there,", 0.95, 1.3)]
    assert [(s.speaker, s.start, s.end) for s in transcript.segments] == [
        ("A", 0.5, 3.7),
        ("B", 4.5, 7.7),
    ]
    assert transcript.language == "english"  # from "language_code": "en_us"


def test_long_whole_second_times_without_a_declared_unit_stay_seconds() -> None:
    document = {"words": [{"text": "Hi", "start": 7200, "end": 7201}]}

    assert words_of(parse_transcript(json.dumps(document))) == [("Hi", 7200.0, 7201.0)]


def test_declared_seconds_are_kept_however_long_the_words_last() -> None:
    document = {"time_unit": "s", "words": [{"text": "Hi", "start": 1500, "end": 2250}]}

    assert words_of(parse_transcript(json.dumps(document))) == [("Hi", 1500.0, 2250.0)]


def test_keys_ending_in_ms_are_milliseconds() -> None:
    document = {"segments": [{"start_ms": 1000, "end_ms": 3000, "text": "Two words"}]}

    transcript = parse_transcript(json.dumps(document))

    assert (transcript.segments[0].start, transcript.segments[0].end) == (1.0, 3.0)
    assert transcript.words[-1].end == 3.0


def test_clock_times_are_read_as_seconds() -> None:
    document = {"words": [{"text": "Late", "start": "01:00:02.5", "end": "01:00:03,25"}]}

    assert words_of(parse_transcript(json.dumps(document))) == [("Late", 3602.5, 3603.25)]


def test_openai_whisper_segments_with_words_are_read() -> None:
    transcript = parse_transcript((RESULTS / "transcript_whisper.json").read_bytes())

    assert [s.text for s in transcript.segments] == [
        "Hello there, my friend. How are you?",
        "I'm fine, thanks. It's been 25 years!",
    ]
    assert words_of(transcript)[0] == ("Hello", 0.5, 0.9)  # Whisper's leading space is dropped
    assert transcript.language == "english"  # Whisper says "en"


def test_whisperx_words_it_could_not_align_share_the_gap_and_speakers_count_from_one() -> None:
    transcript = parse_transcript((RESULTS / "transcript_whisperx.json").read_bytes())

    assert [s.speaker for s in transcript.segments] == ["Speaker 1", "Speaker 2"]
    assert ("25", 6.4, 7.15) in words_of(transcript)  # between "been" and "years!"


def test_vosk_result_words_are_read() -> None:
    transcript = parse_transcript((RESULTS / "transcript_vosk.json").read_bytes())

    assert words_of(transcript)[:2] == [("hello", 0.5, 0.9), ("there", 0.95, 1.3)]
    assert len(transcript.words) == 15


def test_a_list_of_vosk_utterances_is_one_transcript() -> None:
    utterances = [
        {"result": [{"conf": 1.0, "start": 0.2, "end": 0.5, "word": "one"}], "text": "one"},
        {"text": ""},
        {"result": [{"conf": 0.9, "start": 3.0, "end": 3.4, "word": "two"}], "text": "two"},
    ]

    assert words_of(parse_transcript(json.dumps(utterances))) == [
        ("one", 0.2, 0.5),
        ("two", 3.0, 3.4),
    ]


def test_a_top_level_list_of_google_results_is_read_as_google() -> None:
    results = [{"alternatives": [{"transcript": "Hi.", "words": [
        {"word": "Hi.", "startTime": "1s", "endTime": "1.500s"}]}]}]  # fmt: skip

    assert words_of(parse_transcript(json.dumps(results))) == [("Hi.", 1.0, 1.5)]


def test_assemblyai_paragraphs_export_is_read_like_segments_in_milliseconds() -> None:
    document = {
        "paragraphs": [
            {"text": "Hello there.", "start": 500, "end": 1300, "confidence": 0.98,
             "words": [{"text": "Hello", "start": 500, "end": 900, "speaker": "A"},
                       {"text": "there.", "start": 950, "end": 1300, "speaker": "A"}]},
        ],
        "id": "5551722-f677", "confidence": 0.98, "audio_duration": 2,
    }  # fmt: skip

    assert words_of(parse_transcript(json.dumps(document))) == [
        ("Hello", 0.5, 0.9),
        ("there.", 0.95, 1.3),
    ]


def test_gladia_utterances_are_found_inside_result_and_transcription() -> None:
    document = {
        "id": "45463597-20b7", "status": "done", "file": {"filename": "talk.mp3"},
        "result": {
            "metadata": {"audio_duration": 4.2},
            "transcription": {
                "full_transcript": "Hello there.",
                "languages": ["en"],
                "utterances": [
                    {"start": 0.5, "end": 1.3, "text": "Hello there.", "speaker": 0,
                     "language": "en", "words": [
                        {"word": " Hello", "start": 0.5, "end": 0.9, "confidence": 0.9},
                        {"word": " there.", "start": 0.95, "end": 1.3, "confidence": 0.9}]},
                ],
            },
        },
    }  # fmt: skip

    transcript = parse_transcript(json.dumps(document))

    assert words_of(transcript) == [("Hello", 0.5, 0.9), ("there.", 0.95, 1.3)]
    assert transcript.segments[0].speaker == "Speaker 1"


def test_an_empty_result_list_is_an_empty_transcript() -> None:
    assert parse_transcript('{"results": []}').segments == ()


@pytest.mark.parametrize(
    ("spelled", "name"),
    [("english", "english"), ("en", "english"), ("de-DE", "german"), ("pt_BR", "portuguese"),
     ("tlh", "tlh")],
)  # fmt: skip
def test_languages_are_given_as_api_names_whatever_code_the_source_uses(
    spelled: str, name: str
) -> None:
    document = {"language": spelled, "words": [{"text": "x", "start": 0, "end": 1}]}

    assert parse_transcript(json.dumps(document)).language == name


def test_one_wrapper_object_around_a_known_shape_is_removed() -> None:
    document = {
        "data": {"language": "german", "segments": [{"text": "Hallo", "start": 0, "end": 1}]}
    }

    transcript = parse_transcript(json.dumps(document))

    assert transcript.language == "german"
    assert transcript.text == "Hallo"


def test_segments_without_any_times_keep_their_text_and_have_no_words() -> None:
    document = {"segments": [{"speaker": "Ann", "text": "No times here."}]}

    transcript = parse_transcript(json.dumps(document))

    assert transcript.segments[0].text == "No times here."
    assert transcript.segments[0].speaker == "Ann"
    assert transcript.words == ()
    assert transcript.duration == 0.0


def test_a_word_without_times_shares_the_gap_between_its_neighbours() -> None:
    document = {
        "words": [
            {"text": "one", "start": 0.0, "end": 1.0},
            {"text": "two"},
            {"text": "three", "start": 2.0, "end": 3.0},
        ]
    }

    assert words_of(parse_transcript(json.dumps(document)))[1] == ("two", 1.0, 2.0)


def test_utf8_bom_and_right_to_left_text_are_kept() -> None:
    document = {"words": [{"text": "שלום", "start": 0, "end": 1}]}

    transcript = parse_transcript(b"\xef\xbb\xbf" + json.dumps(document).encode())

    assert transcript.text == "שלום"


def test_an_empty_segment_list_is_an_empty_transcript() -> None:
    assert parse_transcript('{"segments": []}').segments == ()


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (b"", "empty document"),
        (b"   \n", "empty document"),
        (b"<html><body>Bad gateway</body></html>", "not JSON (line 1, column 1"),
        (b"\xff\xfe\xfa", "not UTF-8"),
        (b'{"status": "processing"}', "an object with keys 'status'"),
        (b'{"text": ""}', "an object with keys 'text'"),
        (b'"just text"', "a JSON str"),
    ],
)
def test_garbage_is_refused_with_what_was_expected(data: bytes, found: str) -> None:
    with pytest.raises(ResultFormatError) as caught:
        parse_transcript(data)

    assert "expected transcript JSON" in caught.value.message
    assert found in caught.value.message


def test_an_unreadable_time_names_the_segment_and_word() -> None:
    document = {"segments": [{"text": "x", "words": [{"text": "x", "start": "soon"}]}]}

    with pytest.raises(ResultFormatError, match=r"segment 1, word 1: start 'soon' is not a time"):
        parse_transcript(json.dumps(document))


def test_an_unknown_declared_time_unit_is_refused() -> None:
    with pytest.raises(ResultFormatError, match="declares time_unit 'frames'"):
        parse_transcript('{"time_unit": "frames", "words": []}')


def test_a_segment_that_is_not_an_object_is_named() -> None:
    with pytest.raises(ResultFormatError, match="segment 2: expected an object"):
        parse_transcript('{"segments": [{"text": "a"}, 5]}')
