"""Placing words on the audio's time line: sentences in, a timed `Transcript` out. Pure.

Words get durations by their length, short gaps between words, longer pauses between
sentences and longer still at a change of speaker; the whole is then scaled so that speech
spans exactly the billed part of the media (a short lead-in and tail stay silent).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from gt_watch.model import Segment, Transcript, Word
from gt_watch.sandbox.content import Sentence

WORDS_PER_SECOND = (2.2, 2.8)


@dataclass(frozen=True, slots=True)
class Turn:
    """Consecutive sentences spoken by one speaker (`S1`, `S2`, ...)."""

    speaker: str
    sentences: tuple[Sentence, ...]


def word_budget(seed: int, seconds: float) -> int:
    """Given a seed and seconds of speech, return a plausible number of words for them."""
    return max(1, round(seconds * random.Random(seed).uniform(*WORDS_PER_SECOND)))


def speaker_count(number_of_speakers: str | None, seed: int, seconds: float) -> int:
    """Given the order's `number_of_speakers` (`1_or_2`, `3_or_more`), return how many
    people talk: 3 for `3_or_more`, else 1 or 2 (one for very short media)."""
    if number_of_speakers == "3_or_more":
        return 3
    if seconds < 10:
        return 1
    return random.Random(seed).choice((1, 2, 2))


def turns(text: Sequence[Sentence], speakers: int, seed: int) -> list[Turn]:
    """Given sentences and a number of speakers, return them grouped into speaker turns
    (one speaker: paragraphs of a few sentences; several: alternating turns, in which every
    speaker gets a word in if there are sentences enough)."""
    generator = random.Random(seed)
    grouped: list[Turn] = []
    position, previous = 0, 0
    longest_turn = max(1, min(4, len(text) // speakers))
    while position < len(text):
        size = generator.randint(2, 5) if speakers == 1 else generator.randint(1, longest_turn)
        choices = [n for n in range(1, speakers + 1) if n != previous] or [1]
        if len(grouped) < speakers:
            speaker = len(grouped) + 1  # introduce S1, S2, S3 in order
        else:
            speaker = choices[0] if speakers <= 2 else generator.choice(choices)
        grouped.append(Turn(f"S{speaker}", tuple(text[position : position + size])))
        position, previous = position + size, speaker
    return grouped


def place(
    spoken: Sequence[Turn], start: float, end: float, seed: int, language: str | None
) -> Transcript:
    """Given speaker turns and the time span [start, end] of speech, return a transcript
    whose word timings are ordered, inside the span, with pauses between sentences and turns."""
    generator = random.Random(seed)
    raw = _raw_layout(spoken, generator)
    total = sum(length for _, length in raw)
    scale = (end - start) / total if total else 0.0
    moments = iter(raw)
    clock = start + next(moments)[1] * scale  # the silent lead-in
    segments: list[Segment] = []
    for turn in spoken:
        words: list[Word] = []
        for sentence in turn.sentences:
            for text in sentence:
                kind, length = next(moments)
                assert kind == "word"
                word_end = min(end, clock + length * scale)
                confidence = round(generator.uniform(0.82, 0.99), 2)
                words.append(
                    Word(text, round(clock, 3), round(word_end, 3), turn.speaker, confidence)
                )
                clock = word_end + next(moments)[1] * scale
        segments.append(
            Segment(
                start=words[0].start,
                end=words[-1].end,
                text=" ".join(word.text for word in words),
                speaker=turn.speaker,
                words=tuple(words),
            )
        )
    return Transcript(tuple(segments), language)


def _raw_layout(spoken: Sequence[Turn], generator: random.Random) -> list[tuple[str, float]]:
    """Unscaled durations: lead-in, then each word followed by the silence after it."""
    layout: list[tuple[str, float]] = [("lead", generator.uniform(0.1, 0.5))]
    for turn_index, turn in enumerate(spoken):
        for sentence_index, sentence in enumerate(turn.sentences):
            for word_index, text in enumerate(sentence):
                letters = sum(character.isalnum() for character in text)
                layout.append(("word", 0.14 + 0.06 * letters))
                layout.append(
                    (
                        "gap",
                        _silence_after(generator, spoken, turn_index, sentence_index, word_index),
                    )
                )
    return layout


def _silence_after(
    generator: random.Random, spoken: Sequence[Turn], turn: int, sentence: int, word: int
) -> float:
    sentences = spoken[turn].sentences
    if word < len(sentences[sentence]) - 1:
        return generator.uniform(0.02, 0.09)
    if sentence < len(sentences) - 1:
        return generator.uniform(0.3, 0.8)
    if turn < len(spoken) - 1:
        return generator.uniform(0.6, 1.3)
    return generator.uniform(0.1, 0.5)  # the silent tail
