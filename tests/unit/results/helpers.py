"""Word streams for caption tests: text spoken at a steady pace, turns of several speakers."""

from __future__ import annotations

from gt_watch.model import Cue, Word


def spoken(
    text: str,
    *,
    start: float = 0.0,
    seconds_per_char: float = 0.07,
    gap: float = 0.0,
    speaker: str | None = None,
) -> list[Word]:
    """Given text, return its words spoken one after another: each word lasts
    `seconds_per_char` per character (about 14 characters per second with the space), with
    `gap` seconds of silence between words."""
    words = []
    clock = start
    for text_of_word in text.split():
        duration = seconds_per_char * (len(text_of_word) + 1)
        words.append(Word(text_of_word, round(clock, 3), round(clock + duration, 3), speaker))
        clock += duration + gap
    return words


def turns(
    *parts: tuple[str, str], pause: float = 0.4, seconds_per_char: float = 0.07
) -> list[Word]:
    """Given (speaker, text) turns, return their words, each turn after a pause."""
    words: list[Word] = []
    clock = 0.0
    for speaker, text in parts:
        said = spoken(text, start=clock, seconds_per_char=seconds_per_char, speaker=speaker)
        words += said
        clock = said[-1].end + pause
    return words


def texts(cues: list[Cue]) -> list[str]:
    """Each cue's lines joined by ' / ', for readable assertions."""
    return [" / ".join(cue.lines) for cue in cues]


def all_words(cues: list[Cue], dash: str = "") -> list[str]:
    """The words shown by the cues, in order, dialogue dashes removed."""
    shown = []
    for cue in cues:
        for line in cue.lines:
            shown += (line.removeprefix(dash) if dash else line).split()
    return shown
