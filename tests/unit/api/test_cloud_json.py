"""Cloud speech services' JSON (Google, Azure, Speechmatics) becomes the same timed words.

The samples under tests/data/results hold one dialogue, as each service writes it:
  Speaker 1: "Hello there, my friend. How are you?"      0.5 s to 3.7 s
  Speaker 2: "I'm fine, thanks. It's been 25 years!"     4.5 s to 7.7 s
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from gt_watch.api.formats import parse_transcript
from gt_watch.errors import ResultFormatError
from gt_watch.model import Transcript

RESULTS = Path(__file__).resolve().parents[2] / "data" / "results"
DIALOGUE = [
    ("Speaker 1", "Hello there, my friend. How are you?"),
    ("Speaker 2", "I'm fine, thanks. It's been 25 years!"),
]


def sample(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((RESULTS / name).read_text(encoding="utf-8"))
    return loaded


def turns(transcript: Transcript) -> list[tuple[str | None, str]]:
    return [(segment.speaker, segment.text) for segment in transcript.segments]


def words_of(transcript: Transcript) -> list[tuple[str, float, float]]:
    return [(word.text, word.start, word.end) for word in transcript.words]


# Google Speech-to-Text ---------------------------------------------------------------------


def test_google_long_running_answer_reads_once_with_speakers_from_the_diarised_result() -> None:
    transcript = parse_transcript((RESULTS / "transcript_google.json").read_bytes())

    assert turns(transcript) == DIALOGUE  # the repeated, tagged last result is not doubled
    assert words_of(transcript)[:2] == [("Hello", 0.5, 0.9), ("there,", 0.95, 1.3)]
    assert words_of(transcript)[-1] == ("years!", 7.15, 7.7)
    assert transcript.language == "english"


def test_google_results_without_diarisation_are_read_one_after_another() -> None:
    response = sample("transcript_google.json")["response"]
    assert isinstance(response, dict)
    document = {"results": response["results"][:2]}

    transcript = parse_transcript(json.dumps(document))

    assert " ".join(w.text for w in transcript.words) == " ".join(text for _, text in DIALOGUE)
    assert {segment.speaker for segment in transcript.segments} == {None}
    assert [segment.text for segment in transcript.segments] == [text for _, text in DIALOGUE]


def test_google_older_clients_spell_times_as_seconds_and_nanos() -> None:
    document = {
        "results": [
            {
                "alternatives": [
                    {
                        "transcript": "Good morning.",
                        "words": [
                            {
                                "start_time": {"nanos": 400_000_000},
                                "end_time": {"seconds": "1", "nanos": 100_000_000},
                                "word": "Good",
                                "speaker_tag": 2,
                            },
                            {
                                "start_time": {"seconds": 1, "nanos": 200_000_000},
                                "end_time": {"seconds": 1, "nanos": 800_000_000},
                                "word": "morning.",
                                "speaker_tag": 2,
                            },
                        ],
                    }
                ]
            }
        ]
    }

    transcript = parse_transcript(json.dumps(document))

    assert words_of(transcript) == [("Good", 0.4, 1.1), ("morning.", 1.2, 1.8)]
    assert transcript.segments[0].speaker == "Speaker 2"  # Google counts speakers from 1


def test_google_v2_offsets_and_speaker_labels_are_read() -> None:
    words = [
        {"startOffset": "0.200s", "endOffset": "0.600s", "word": "Bonjour", "speakerLabel": "1"},
        {"startOffset": "0.700s", "endOffset": "0.800s", "word": "à", "speakerLabel": "1"},
        {"startOffset": "0.900s", "endOffset": "1.300s", "word": "tous.", "speakerLabel": "1"},
    ]
    document = {"results": [{"alternatives": [{"transcript": "x", "words": words}]}]}

    transcript = parse_transcript(json.dumps(document))

    assert words_of(transcript) == [("Bonjour", 0.2, 0.6), ("à", 0.7, 0.8), ("tous.", 0.9, 1.3)]
    assert transcript.segments[0].speaker == "Speaker 1"


def test_google_without_word_times_spreads_each_result_up_to_its_end_time() -> None:
    document = [
        {"alternatives": [{"transcript": "First part."}], "resultEndTime": "2s"},
        {"alternatives": [{"transcript": " Second part."}], "resultEndTime": "5.5s"},
    ]

    transcript = parse_transcript(json.dumps(document))

    assert [(s.start, s.end, s.text) for s in transcript.segments] == [
        (0.0, 2.0, "First part."),
        (2.0, 5.5, "Second part."),
    ]
    assert transcript.words[-1].end == 5.5


def test_google_keeps_the_first_channel_of_multichannel_audio() -> None:
    document = {
        "results": [
            {"alternatives": [{"transcript": "Left."}], "resultEndTime": "1s", "channelTag": 1},
            {"alternatives": [{"transcript": "Right."}], "resultEndTime": "1s", "channelTag": 2},
        ]
    }

    assert parse_transcript(json.dumps(document)).text == "Left."


def test_a_google_word_time_that_is_no_duration_names_its_result_and_word() -> None:
    document = {"results": [{"alternatives": [{"words": [{"word": "a", "startTime": "soon"}]}]}]}

    with pytest.raises(ResultFormatError, match="result 1, word 1: startTime 'soon' is not a time"):
        parse_transcript(json.dumps(document))


# Azure Speech batch transcription ----------------------------------------------------------


def test_azure_display_text_keeps_punctuation_and_numbers_timed_by_spoken_words() -> None:
    transcript = parse_transcript((RESULTS / "transcript_azure.json").read_bytes())

    assert turns(transcript) == DIALOGUE
    assert words_of(transcript)[:2] == [("Hello", 0.5, 0.9), ("there,", 0.95, 1.3)]
    # "25" was spoken as "twenty five": it takes the time of both words.
    assert ("25", 6.45, 7.1) in words_of(transcript)
    assert transcript.language == "english"


def test_azure_iso_8601_offsets_serve_when_ticks_are_missing() -> None:
    document = sample("transcript_azure.json")
    for phrase in document["recognizedPhrases"]:  # type: ignore[attr-defined]
        del phrase["offsetInTicks"], phrase["durationInTicks"]
        for word in phrase["nBest"][0]["words"]:
            del word["offsetInTicks"], word["durationInTicks"]

    assert words_of(parse_transcript(json.dumps(document))) == words_of(
        parse_transcript((RESULTS / "transcript_azure.json").read_bytes())
    )


def test_azure_display_words_are_used_as_they_are_when_present() -> None:
    phrase = {
        "offsetInTicks": 10_000_000,
        "durationInTicks": 10_000_000,
        "nBest": [
            {
                "display": "Hi, Bob.",
                "displayWords": [
                    {"displayText": "Hi,", "offsetInTicks": 10_000_000, "durationInTicks": 3e6},
                    {"displayText": "Bob.", "offsetInTicks": 14_000_000, "durationInTicks": 6e6},
                ],
            }
        ],
    }

    transcript = parse_transcript(json.dumps({"recognizedPhrases": [phrase]}))

    assert words_of(transcript) == [("Hi,", 1.0, 1.3), ("Bob.", 1.4, 2.0)]


def test_azure_phrases_without_words_spread_their_display_text_over_the_phrase() -> None:
    document = sample("transcript_azure.json")
    for phrase in document["recognizedPhrases"]:  # type: ignore[attr-defined]
        del phrase["nBest"][0]["words"]

    transcript = parse_transcript(json.dumps(document))

    assert turns(transcript) == DIALOGUE
    assert (transcript.words[0].start, transcript.words[6].end) == (0.5, 3.7)


def test_azure_phrases_are_put_in_time_order_and_failed_ones_are_passed_over() -> None:
    document = sample("transcript_azure.json")
    phrases = document["recognizedPhrases"]
    assert isinstance(phrases, list)
    document["recognizedPhrases"] = [
        phrases[1],
        {"recognitionStatus": "NoMatch", "offsetInTicks": 0, "durationInTicks": 1},
        phrases[0],
    ]

    assert turns(parse_transcript(json.dumps(document))) == DIALOGUE


def test_an_azure_offset_that_is_no_time_names_its_phrase() -> None:
    document = {"recognizedPhrases": [{"offset": "soon", "nBest": [{"display": "x"}]}]}

    with pytest.raises(ResultFormatError, match="recognized phrase 1: offset 'soon' is not a time"):
        parse_transcript(json.dumps(document))


def test_azure_fast_transcription_phrases_in_milliseconds_are_read() -> None:
    document = {
        "durationMilliseconds": 3000,
        "combinedPhrases": [{"text": "Good afternoon."}],
        "phrases": [
            {
                "offsetMilliseconds": 960,
                "durationMilliseconds": 640,
                "text": "Good afternoon.",
                "words": [
                    {"text": "Good", "offsetMilliseconds": 960, "durationMilliseconds": 240},
                    {"text": "afternoon", "offsetMilliseconds": 1200, "durationMilliseconds": 400},
                ],
                "locale": "en-US",
                "speaker": 0,
            }
        ],
    }

    transcript = parse_transcript(json.dumps(document))

    assert words_of(transcript) == [("Good", 0.96, 1.2), ("afternoon.", 1.2, 1.6)]
    assert transcript.segments[0].speaker == "Speaker 1"  # numbered from 0 here


# Speechmatics ------------------------------------------------------------------------------


def test_speechmatics_punctuation_joins_its_word_and_entities_count_as_words() -> None:
    transcript = parse_transcript((RESULTS / "transcript_speechmatics.json").read_bytes())

    assert turns(transcript) == DIALOGUE  # S1, S2 count from one
    assert words_of(transcript)[1] == ("there,", 0.95, 1.3)
    assert ("25", 6.45, 7.1) in words_of(transcript)
    assert transcript.language == "english"


def test_speechmatics_unknown_speakers_and_new_item_types_are_passed_over() -> None:
    document = sample("transcript_speechmatics.json")
    results = copy.deepcopy(document["results"])
    assert isinstance(results, list)
    for item in results:
        item["alternatives"][0]["speaker"] = "UU"
    results.insert(0, {"type": "speaker_change", "start_time": 0.0, "end_time": 0.0})

    transcript = parse_transcript(json.dumps({"results": results}))

    assert {segment.speaker for segment in transcript.segments} == {None}
    assert transcript.words[0].text == "Hello"


def test_speechmatics_channels_are_speakers_when_channels_were_transcribed_apart() -> None:
    results = [
        {"type": "word", "channel": "channel_1", "start_time": 0.1, "end_time": 0.4,
         "alternatives": [{"content": "Hello"}]},
        {"type": "word", "channel": "channel_2", "start_time": 1.0, "end_time": 1.3,
         "alternatives": [{"content": "Hi"}]},
    ]  # fmt: skip

    transcript = parse_transcript(json.dumps({"results": results}))

    assert turns(transcript) == [("Channel 1", "Hello"), ("Channel 2", "Hi")]


# IBM Watson -------------------------------------------------------------------------------


def test_watson_timestamps_take_speakers_from_labels_and_drop_hesitations() -> None:
    document = {
        "result_index": 0,
        "results": [
            {
                "final": True,
                "alternatives": [
                    {
                        "transcript": "hello %HESITATION there ",
                        "confidence": 0.91,
                        "timestamps": [["hello", 0.5, 0.9], ["%HESITATION", 0.9, 1.1],
                                       ["there", 1.1, 1.4]],
                    }
                ],
            },
            {"final": True,
             "alternatives": [{"transcript": "hi ", "timestamps": [["hi", 2.0, 2.3]]}]},
        ],
        "speaker_labels": [
            {"from": 0.5, "to": 0.9, "speaker": 0, "confidence": 0.6, "final": True},
            {"from": 1.1, "to": 1.4, "speaker": 0, "confidence": 0.6, "final": True},
            {"from": 2.0, "to": 2.3, "speaker": 1, "confidence": 0.5, "final": True},
        ],
    }  # fmt: skip

    transcript = parse_transcript(json.dumps(document))

    assert turns(transcript) == [("Speaker 1", "hello there"), ("Speaker 2", "hi")]
    assert words_of(transcript)[1] == ("there", 1.1, 1.4)


def test_a_watson_timestamp_that_is_no_triple_is_named() -> None:
    document = {"results": [{"alternatives": [{"timestamps": [["hello", 0.5]]}]}]}

    with pytest.raises(ResultFormatError, match=r"result 1, timestamp 1: expected \[word, start"):
        parse_transcript(json.dumps(document))


# What is not any of them -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "found"),
    [
        ({"results": [{"score": 1}]}, "neither Speechmatics items"),
        ({"results": {"summary": "x"}}, "no 'items' or 'transcripts' (AWS Transcribe)"),
        ({"recognizedPhrases": "none"}, "an object with keys 'recognizedPhrases'"),
    ],
)
def test_results_of_no_known_service_are_refused_saying_what_was_looked_for(
    document: dict[str, object], found: str
) -> None:
    with pytest.raises(ResultFormatError) as caught:
        parse_transcript(json.dumps(document))

    assert "expected transcript JSON" in caught.value.message
    assert found in caught.value.message
