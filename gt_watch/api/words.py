"""Words of a transcript being parsed: punctuation, missing times, grouping into segments.
Pure; knows no vendor shape (the shape readers in `transcript_json` and `alignment_json` do).

Every reader turns its source into `Token`s (text, optional times, speaker, confidence) and
lets this module make model `Word`s and `Segment`s of them, so that all shapes share one
answer to the same questions: where does a comma go, what if a word has no time, where does
a paragraph end.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from gt_watch.model import Segment, Word

# ASSUMPTION: in a flat list of words, a paragraph ends where the speaker changes, or where a
# sentence ends and the next word starts this many seconds later. Vendors that deliver flat
# lists (AWS, Deepgram, forced alignment) have no paragraphs of their own.
PARAGRAPH_PAUSE = 2.0

_OPENING_MARKS = frozenset("¿¡")
_SENTENCE_END = frozenset(".?!…。？！")


@dataclass(frozen=True, slots=True)
class Token:
    """A word as read from a source: times in seconds when known, `punctuation` when the
    source itself says the token is punctuation (Rev `punct`, AWS `punctuation`)."""

    text: str
    start: float | None = None
    end: float | None = None
    speaker: str | None = None
    confidence: float | None = None
    punctuation: bool = False


def is_punctuation(text: str) -> bool:
    """Given a token's text, return True if it is made of punctuation marks only."""
    stripped = text.strip()
    return bool(stripped) and all(unicodedata.category(c).startswith("P") for c in stripped)


def _opens(mark: str, quote_open: bool) -> bool:
    """A straight quote opens unless one is open already; other marks say it themselves."""
    first = mark[0]
    if first == '"':
        return not quote_open
    return first in _OPENING_MARKS or unicodedata.category(first) in ("Ps", "Pi")


def attach_punctuation(tokens: Iterable[Token]) -> list[Token]:
    """Given tokens, return them with punctuation joined to its word: closing marks to the
    word before, opening marks (`(`, `¿`, an opening `"`) to the word after. Whitespace-only
    tokens are dropped; punctuation with no word at all is dropped too."""
    words: list[Token] = []
    prefix, quote_open = "", False
    for token in tokens:
        text = token.text.strip()
        if not text:
            continue
        if not (token.punctuation or is_punctuation(text)):
            joined = prefix + text
            words.append(token if joined == token.text else replace(token, text=joined))
            prefix = ""
            continue
        opening = _opens(text, quote_open)
        if text[0] == '"':
            quote_open = opening
        if opening or not words:
            prefix += text
        else:
            words[-1] = replace(words[-1], text=words[-1].text + text)
    if prefix and words:
        words[-1] = replace(words[-1], text=words[-1].text + prefix)
    return words


def _spread(texts: Sequence[str], start: float, end: float) -> list[tuple[float, float]]:
    """ASSUMPTION: words without times share the known time span in proportion to their
    length in characters, which is how long they roughly take to say."""
    weights = [max(1, len(text)) for text in texts]
    total, spans, elapsed = sum(weights), [], 0
    for weight in weights:
        begin = start + (end - start) * elapsed / total
        elapsed += weight
        spans.append((round(begin, 3), round(start + (end - start) * elapsed / total, 3)))
    return spans


def _normalised(token: Token) -> Token:
    """A token with only one time, or an end before its start, lasts no time at all."""
    start = token.start if token.start is not None else token.end
    end = token.end if token.end is not None else start
    if start is not None and end is not None and end < start:
        end = start
    if (start, end) == (token.start, token.end):
        return token
    return replace(token, start=start, end=end)


def _split_phrases(tokens: Iterable[Token]) -> list[Token]:
    """A token with spaces in it (an aligned phrase) becomes one token per word, sharing
    the phrase's time span."""
    result: list[Token] = []
    for token in tokens:
        pieces = token.text.split()
        if len(pieces) < 2:
            result.append(token)
        elif token.start is None or token.end is None:
            result.extend(replace(token, text=piece) for piece in pieces)
        else:
            spans = _spread(pieces, token.start, token.end)
            result.extend(
                replace(token, text=piece, start=begin, end=finish)
                for piece, (begin, finish) in zip(pieces, spans, strict=True)
            )
    return result


def timed_words(
    tokens: Iterable[Token], span_start: float | None = None, span_end: float | None = None
) -> tuple[Word, ...] | None:
    """Given tokens (some or all without times) and the time span of their segment, return
    them as timed words: each run of untimed tokens shares the gap between its timed
    neighbours (or the span's edges). Return None if no time at all anchors them."""
    prepared = _split_phrases(_normalised(token) for token in attach_punctuation(tokens))
    anchored = any(token.start is not None for token in prepared)
    if prepared and not anchored and (span_start is None or span_end is None):
        return None
    words: list[Word] = []
    untimed: list[Token] = []
    previous_end = span_start
    for token in prepared:
        if token.start is None or token.end is None:
            untimed.append(token)
            continue
        words.extend(_spread_words(untimed, previous_end, token.start))
        words.append(Word(token.text, token.start, token.end, token.speaker, token.confidence))
        untimed, previous_end = [], token.end
    words.extend(_spread_words(untimed, previous_end, span_end))
    return tuple(words)


def _spread_words(tokens: list[Token], low: float | None, high: float | None) -> list[Word]:
    if not tokens:
        return []
    bounds = [bound for bound in (low, high) if bound is not None]  # never empty: anchored
    start, end = bounds[0], max(bounds)
    spans = _spread([token.text for token in tokens], start, end)
    return [
        Word(token.text, begin, finish, token.speaker, token.confidence)
        for token, (begin, finish) in zip(tokens, spans, strict=True)
    ]


def respelled(
    written: Sequence[str], spoken: Sequence[Token], speaker: str | None = None
) -> list[Token]:
    """Given the words of a passage as it is written (capitals, punctuation, `25`) and its
    spoken words with their times (`twenty`, `five`), return the written words as tokens
    with the times of the spoken words they stand for, matched in order by their letters
    and digits. Written words that replace other spoken words share those words' time;
    written words with nothing spoken under them have no time (and `speaker`); spoken words
    with nothing written over them are left out."""
    # Autojunk (frequent words anchor no match, but matches extend over them) keeps a
    # three-hour transcript to a fraction of a second.
    matcher = difflib.SequenceMatcher(
        None, [letters_of(text) for text in written], [letters_of(t.text) for t in spoken]
    )
    tokens: list[Token] = []
    for tag, written_from, written_to, spoken_from, spoken_to in matcher.get_opcodes():
        texts, under = written[written_from:written_to], spoken[spoken_from:spoken_to]
        if tag == "insert":  # spoken, but nobody wrote it down
            continue
        if tag == "delete":  # written, but nothing was heard under it
            tokens.extend(Token(text, speaker=speaker) for text in texts)
        elif len(texts) == len(under):
            tokens.extend(replace(t, text=text) for text, t in zip(texts, under, strict=True))
        else:
            tokens.append(_spanning(" ".join(texts), under))
    return tokens


def letters_of(text: str) -> str:
    """Given a word, return its letters and digits in lower case: what two spellings of the
    same word share (`"Well,` and `well`)."""
    return "".join(character for character in text.casefold() if character.isalnum())


def _spanning(text: str, under: Sequence[Token]) -> Token:
    """One token (a phrase, split later) over the time of the spoken tokens under it."""
    starts = [token.start for token in under if token.start is not None]
    ends = [token.end for token in under if token.end is not None]
    return replace(
        under[0],
        text=text,
        start=min(starts) if starts else None,
        end=max(ends) if ends else None,
    )


def segment_from_tokens(
    tokens: list[Token],
    text: str | None,
    start: float | None,
    end: float | None,
    speaker: str | None,
) -> Segment | None:
    """Given a paragraph's tokens and/or its text, its times if known and its speaker,
    return it as a segment: with timed words when any time anchors them, without words (its
    text only) when none does. Return None if it holds no text at all."""
    if not tokens and text:
        tokens = [Token(piece, speaker=speaker) for piece in text.split()]
    words = timed_words(tokens, start, end)
    if words is None:
        text = text or " ".join(token.text for token in attach_punctuation(tokens))
        start = start if start is not None else end
        return Segment(start or 0.0, max(end or 0.0, start or 0.0), text, speaker)
    if not words:
        return None
    first = start if start is not None else words[0].start
    last = max(end if end is not None else 0.0, max(word.end for word in words))
    return Segment(first, last, text or " ".join(w.text for w in words), speaker, words)


def flat_segments(tokens: Sequence[Token], fallback_text: str | None) -> tuple[Segment, ...]:
    """Given a flat list of tokens (no paragraphs of its own), return paragraphs of its
    timed words (see group_segments); speaker turns of plain text when no token has a
    time; `fallback_text` as one untimed paragraph when there are no tokens at all."""
    words = timed_words(tokens)
    if words:
        return group_segments(words)
    if words is None:
        return _untimed_turns(attach_punctuation(tokens))
    return (Segment(0.0, 0.0, fallback_text),) if fallback_text else ()


def _untimed_turns(tokens: list[Token]) -> tuple[Segment, ...]:
    turns: list[list[Token]] = []
    for token in tokens:
        if not turns or turns[-1][-1].speaker != token.speaker:
            turns.append([])
        turns[-1].append(token)
    return tuple(
        Segment(0.0, 0.0, " ".join(token.text for token in turn), turn[0].speaker) for turn in turns
    )


def segment_of(words: Sequence[Word], speaker: str | None, text: str | None = None) -> Segment:
    """Given a non-empty run of timed words, return their segment; `text` overrides the
    joined words (a source's own paragraph text keeps its spelling)."""
    return Segment(
        start=words[0].start,
        end=max(word.end for word in words),
        text=text or " ".join(word.text for word in words),
        speaker=speaker,
        words=tuple(words),
    )


def group_segments(words: Sequence[Word]) -> tuple[Segment, ...]:
    """Given a flat list of timed words, return paragraphs: a new one at each change of
    speaker, or after a sentence's end followed by a pause of PARAGRAPH_PAUSE seconds."""
    segments: list[Segment] = []
    current: list[Word] = []
    for word in words:
        if current and _breaks(current[-1], word):
            segments.append(segment_of(current, current[0].speaker))
            current = []
        current.append(word)
    if current:
        segments.append(segment_of(current, current[0].speaker))
    return tuple(segments)


def _breaks(previous: Word, word: Word) -> bool:
    if word.speaker != previous.speaker:
        return True
    ends_sentence = previous.text.rstrip("\"')]»”’")[-1:] in _SENTENCE_END
    return ends_sentence and word.start - previous.end >= PARAGRAPH_PAUSE
