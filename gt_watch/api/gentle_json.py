"""The Gentle forced aligner's JSON into a `Transcript`. Pure; no I/O. Which reader reads a
document is decided in `transcript_json` and `alignment_json`, not here.

Gentle writes the text it aligned (`transcript`) and its words without punctuation, each
with its character span in that text (`startOffset`, `endOffset`) and, when it heard it, its
time (`start`, `end`, seconds). Captions need the text as written, so the text is read from
`transcript` piece by piece (runs between whitespace) and each piece takes the time of the
words inside it: `"Well,` keeps its quote and comma. Words Gentle could not place
(`case: not-found-in-audio`) and pieces without any word share the time between their
neighbours; words it heard but that are not in the text (`not-found-in-transcript`) are
left out, as the text is what is captioned. Offsets that do not point at their own words
are not trusted; the words are then matched to the text by their letters (`respelled`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from gt_watch.api.json_fields import END_KEYS, START_KEYS, objects, read_language, read_time
from gt_watch.api.values import as_int
from gt_watch.api.words import Token, flat_segments, letters_of, respelled
from gt_watch.model import Transcript

JsonObject = Mapping[str, object]

_NOT_IN_TRANSCRIPT = "not-found-in-transcript"
_PIECE = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class _Placed:
    """One aligned word: its text and time (if heard), and its character span in the
    transcript as Gentle gives it."""

    token: Token
    begin: int | None
    end: int | None


def is_gentle(document: JsonObject) -> bool:
    """Given a JSON object, return True if it is Gentle's: `transcript` text and `words`
    that carry character offsets."""
    words = document.get("words")
    return (
        isinstance(document.get("transcript"), str)
        and isinstance(words, list)
        and any(isinstance(word, dict) and "startOffset" in word for word in words)
    )


def read_gentle(document: JsonObject, scale: float) -> Transcript:
    """Given Gentle's JSON (see is_gentle) and how many of its time values make a second,
    return the transcript's text as written, timed by the aligned words. Offsets that do
    not point at their words (a file edited by hand) are not trusted: the words are then
    matched to the text by their letters. Raise ResultFormatError naming a word with a bad
    time."""
    text = document["transcript"]
    assert isinstance(text, str)
    placed = _placed_words(objects(document["words"], "word"), scale)
    if all(_points_at_its_word(word, text) for word in placed):
        tokens = _pieces_by_offset(text, placed)
    else:
        tokens = respelled(text.split(), [word.token for word in placed])
    return Transcript(flat_segments(tokens, None), read_language(document))


def _placed_words(words: list[JsonObject], scale: float) -> list[_Placed]:
    placed = []
    for index, word in enumerate(words, 1):
        if word.get("case") == _NOT_IN_TRANSCRIPT:
            continue
        where = f"word {index}"
        token = Token(
            str(word.get("word", "")),
            read_time(word, START_KEYS, scale, where),
            read_time(word, END_KEYS, scale, where),
        )
        begin, end = as_int(word.get("startOffset")), as_int(word.get("endOffset"))
        placed.append(_Placed(token, begin, end))
    return placed


def _points_at_its_word(word: _Placed, text: str) -> bool:
    if word.begin is None or word.end is None or not 0 <= word.begin < word.end <= len(text):
        return False
    return letters_of(text[word.begin : word.end]) == letters_of(word.token.text)


def _pieces_by_offset(text: str, placed: list[_Placed]) -> list[Token]:
    """Each run of the text between whitespace, timed by the words whose offsets lie in it."""
    ordered = sorted(placed, key=lambda word: word.begin or 0)
    tokens, position = [], 0
    for piece in _PIECE.finditer(text):
        inside = []
        while position < len(ordered) and (ordered[position].begin or 0) < piece.end():
            inside.append(ordered[position].token)
            position += 1
        starts = [token.start for token in inside if token.start is not None]
        ends = [token.end for token in inside if token.end is not None]
        tokens.append(Token(piece.group(), min(starts, default=None), max(ends, default=None)))
    return tokens
