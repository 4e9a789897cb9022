"""Words as the caption engine reads them: display tokens with millisecond times.

Owns the clean-up of what parsers hand over (stray whitespace, punctuation delivered as its
own "word", times out of order, speakers missing on some words, words longer than a line).
Knows nothing of breaking, layout or timing rules. Pure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from gt_watch.errors import CaptionError
from gt_watch.model import Word

_CLOSING = ".,!?;:…%)]}\"'»”’"
_OPENING = "([{\"'«“‘¿¡"
_DASHES = frozenset({"-", "--", "–", "—"})


class Token(NamedTuple):
    """One unbreakable piece of caption text and its span in milliseconds.

    `piece` is true when the token continues the previous token's word: a word longer than a
    line is cut into pieces that go on separate lines.
    """

    text: str
    start: int
    end: int
    speaker: str | None
    piece: bool = False


def _broken_time(index: int, word: Word) -> CaptionError:
    bad = word.start if not math.isfinite(word.start) else word.end
    return CaptionError(
        f"word {index + 1} ({word.text!r}) has the time {bad}, which is not a number of "
        "seconds; the word timings are broken"
    )


def _kind(text: str) -> str:
    if text[0].isalnum() or text[-1].isalnum():
        return "word"
    if text in _DASHES:
        return "dash"
    if not text.strip(_CLOSING):
        return "closing"
    if not text.strip(_OPENING):
        return "opening"
    return "word"


def _timed(words: Sequence[Word]) -> list[Token]:
    """Whitespace collapsed, empty words dropped, times monotonic, speakers carried forward.
    (Plain comparisons, not max(): this runs once per word of hours of speech.)"""
    tokens: list[Token] = []
    last_start = 0
    speaker: str | None = None
    for index, word in enumerate(words):
        text = " ".join(word.text.split())
        if not text:
            continue
        try:
            start, end = round(word.start * 1000), round(word.end * 1000)
        except (OverflowError, ValueError):  # infinite or not a number
            raise _broken_time(index, word) from None
        if start < last_start:
            start = last_start
        if end < start:
            end = start
        if word.speaker is not None:
            speaker = word.speaker
        tokens.append(Token(text, start, end, speaker))
        last_start = start
    return tokens


def _attach_punctuation(tokens: list[Token]) -> list[Token]:
    """Punctuation delivered as a word of its own joins its neighbour: `word ,` -> `word,`."""
    joined: list[Token] = []
    opening = ""
    for token in tokens:
        kind = _kind(token.text)
        previous = joined[-1] if joined and not opening else None
        if kind == "opening":
            opening += token.text
        elif kind in ("closing", "dash") and previous is not None:
            glue = " " if kind == "dash" else ""
            joined[-1] = Token(
                previous.text + glue + token.text,
                previous.start,
                max(previous.end, token.end),
                previous.speaker,
            )
        elif opening:
            joined.append(token._replace(text=opening + token.text))
            opening = ""
        else:
            joined.append(token)
    if opening:
        joined.append(Token(opening, tokens[-1].start, tokens[-1].end, tokens[-1].speaker))
    return joined


def _pieces(token: Token, max_chars: int) -> list[Token]:
    """A word longer than a line, cut into even pieces with time shared by length.

    Even pieces of a word that needs `p` of them are each longer than half a line, so two
    pieces never fit on one line together and each lands on its own line.
    """
    count = math.ceil(len(token.text) / max_chars)
    size, extra = divmod(len(token.text), count)
    duration = token.end - token.start
    pieces: list[Token] = []
    offset = 0
    for number in range(count):
        length = size + (1 if number < extra else 0)
        start = token.start + duration * offset // len(token.text)
        offset += length
        end = token.start + duration * offset // len(token.text)
        text = token.text[offset - length : offset]
        pieces.append(Token(text, start, end, token.speaker, piece=number > 0))
    return pieces


def prepare_tokens(words: Sequence[Word], max_chars: int) -> list[Token]:
    """Given words as a parser produced them, return the display tokens of the captions.

    Raise CaptionError if a word's time is not a finite number. Every character of every word
    is kept, in order: punctuation-only words join a neighbour, words longer than `max_chars`
    are cut into pieces, negative times become 0 and a start earlier than the previous word's
    start is moved up to it.
    """
    tokens = _attach_punctuation(_timed(words))
    if all(len(token.text) <= max_chars for token in tokens):
        return tokens
    return [
        piece
        for token in tokens
        for piece in (_pieces(token, max_chars) if len(token.text) > max_chars else (token,))
    ]
