"""Word timings: inside the span, ordered, with pauses between sentences and speaker turns."""

from __future__ import annotations

import itertools

from gt_watch.model import Transcript
from gt_watch.sandbox import content, timeline


def _transcript(seconds: float, speakers: int, seed: int = 42, start: float = 0.0) -> Transcript:
    budget = timeline.word_budget(seed, seconds)
    spoken = timeline.turns(content.sentences(seed, budget, "english"), speakers, seed)
    return timeline.place(spoken, start, start + seconds, seed, "english")


def test_word_timings_lie_inside_the_span_and_are_ordered() -> None:
    transcript = _transcript(95.0, speakers=2, start=10.0)
    words = transcript.words
    assert words[0].start >= 10.0
    assert words[-1].end <= 105.0
    for word in words:
        assert word.start < word.end
    for earlier, later in itertools.pairwise(words):
        assert earlier.end <= later.start


def test_speech_spans_nearly_the_whole_media() -> None:
    transcript = _transcript(60.0, speakers=1)
    assert transcript.words[0].start < 1.0
    assert transcript.words[-1].end > 59.0


def test_pauses_between_sentences_are_longer_than_between_words() -> None:
    words = _transcript(120.0, speakers=1).words
    inside, after_sentence = [], []
    for earlier, later in itertools.pairwise(words):
        gap = later.start - earlier.end
        (after_sentence if earlier.text[-1] in ".?!" else inside).append(gap)
    assert min(after_sentence) > max(inside)


def test_two_speakers_take_turns() -> None:
    transcript = _transcript(120.0, speakers=2)
    speakers = [segment.speaker for segment in transcript.segments]
    assert set(speakers) == {"S1", "S2"}
    assert all(a != b for a, b in itertools.pairwise(speakers))


def test_three_or_more_speakers_means_three_voices() -> None:
    assert timeline.speaker_count("3_or_more", 1, 100.0) == 3
    transcript = _transcript(200.0, speakers=3)
    assert {segment.speaker for segment in transcript.segments} == {"S1", "S2", "S3"}


def test_short_media_has_one_speaker() -> None:
    assert timeline.speaker_count("1_or_2", 99, 3.0) == 1


def test_word_budget_follows_a_speaking_rate() -> None:
    assert 2.2 * 60 - 1 <= timeline.word_budget(5, 60.0) <= 2.8 * 60 + 1


def test_segments_carry_their_words_text_and_bounds() -> None:
    for segment in _transcript(40.0, speakers=2).segments:
        assert segment.text == " ".join(word.text for word in segment.words)
        assert segment.start == segment.words[0].start
        assert segment.end == segment.words[-1].end
