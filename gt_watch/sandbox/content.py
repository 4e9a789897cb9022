"""Deterministic sandbox text: English-like sentences, marked sample text for other
languages, "translations" and "corrections". Pure: a seed in, words out; no I/O, no timings.

The same seed always gives the same text, so a test (or a user) ordering the same media twice
sees the same transcript. Words carry their punctuation (`"there."`), like the model's `Word`.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence

Sentence = list[str]

_SUBJECTS = (
    "we", "I", "the team", "our client", "my colleague", "the committee", "everyone here",
    "the new manager", "the research group", "you", "they", "the board", "our partners",
)  # fmt: skip
_VERBS = (
    "reviewed", "discussed", "finished", "changed", "planned", "measured", "tested", "moved",
    "approved", "questioned", "described", "recorded", "shared", "improved", "compared",
)  # fmt: skip
_OBJECTS = (
    "the budget", "the first draft", "the schedule", "the interview notes", "the results",
    "the whole process", "the main idea", "the sound levels", "the design", "the contract",
    "the figures", "the next steps", "the survey data", "the story", "the delivery plan",
)  # fmt: skip
_TAILS = (
    "last week", "this morning", "before the meeting", "in much more detail", "together",
    "for the second time", "with the other groups", "after lunch", "very carefully",
    "over the summer", "on Monday", "at the end of the day", "without any trouble",
)  # fmt: skip
_OPENERS = ("So", "Well", "Honestly", "Actually", "Right", "Okay", "And then", "Of course")
_QUESTIONS = (
    "did you see the figures", "what do you think about it", "can we talk about the budget",
    "is that really the case", "how long did it take", "should we move on",
    "who recorded the interview", "where does that leave us",
)  # fmt: skip
_REPLIES = ("Yes, exactly.", "I think so.", "Not really.", "That makes sense.", "Good point.")
_FILLERS = ("um,", "uh,", "you know,", "like,")
_SYLLABLES = (
    "ka", "lo", "mi", "ne", "ta", "ru", "sa", "vo", "de", "li", "po", "re", "zu", "an", "el",
    "to", "ma", "ni", "ko", "be",
)  # fmt: skip


def seed_of(*parts: str | bytes) -> int:
    """Given strings or bytes (a content hash, a revision), return a stable integer seed."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return int.from_bytes(digest.digest()[:8], "big")


def language_label(language: str) -> str:
    """Given an API language name (`persian-farsi`), return its display name (`Persian Farsi`)."""
    return " ".join(part.capitalize() for part in language.split("-"))


def sentences(
    seed: int, word_count: int, language: str, *, full_verbatim: bool = False
) -> list[Sentence]:
    """Given a seed, a target number of words and a language, return sentences totalling at
    least `word_count` words (at least one sentence). English reads like speech; any other
    language is pseudo-words opened by its marked name (`German sample: ...`)."""
    generator = random.Random(seed)
    produced: list[Sentence] = []
    total = 0
    while total < max(1, word_count):
        if language == "english":
            sentence = _english_sentence(generator)
            if full_verbatim:
                sentence = _add_disfluency(generator, sentence)
        else:
            sentence = _sample_sentence(generator, language)
        produced.append(sentence)
        total += len(sentence)
    return produced


def _english_sentence(generator: random.Random) -> Sentence:
    shape = generator.random()
    if shape < 0.15:
        text = generator.choice(_QUESTIONS) + "?"
    elif shape < 0.22:
        text = generator.choice(_REPLIES)
    else:
        parts = [generator.choice(_SUBJECTS), generator.choice(_VERBS), generator.choice(_OBJECTS)]
        if generator.random() < 0.7:
            parts.append(generator.choice(_TAILS))
        if generator.random() < 0.3:
            parts.insert(0, generator.choice(_OPENERS) + ",")
        text = " ".join(parts) + "."
    words = text.split()
    return [_capitalized(words[0]), *words[1:]]


def _capitalized(word: str) -> str:
    return word[:1].upper() + word[1:]


def _add_disfluency(generator: random.Random, sentence: Sentence) -> Sentence:
    if generator.random() < 0.35:
        return [_capitalized(generator.choice(_FILLERS)), sentence[0].lower(), *sentence[1:]]
    if len(sentence) > 3 and generator.random() < 0.2:
        return [sentence[0], *sentence]  # a stutter: "I I think ..."
    return sentence


def _sample_sentence(generator: random.Random, language: str) -> Sentence:
    pseudo = [_pseudo_word(generator) for _ in range(generator.randint(3, 9))]
    pseudo[-1] += "."
    return [*language_label(language).split(), "sample:", *pseudo]


def _pseudo_word(generator: random.Random) -> str:
    return "".join(generator.choice(_SYLLABLES) for _ in range(generator.randint(1, 3)))


def translate(source: Sequence[Sentence], target: str, seed: int) -> list[Sentence]:
    """Given source sentences, a target language and a seed, return one deterministic
    "translated" sentence per source sentence, of similar length."""
    translated: list[Sentence] = []
    for index, sentence in enumerate(source):
        sentence_seed = seed_of(str(seed), str(index), " ".join(sentence))
        candidates = sentences(sentence_seed, len(sentence), target)
        translated.append(candidates[0])
    return translated


_SENTENCE_END = re.compile(r"[.!?]$")


def split_sentences(words: Sequence[str]) -> list[Sentence]:
    """Given words with punctuation, return them grouped into sentences (a sentence ends
    with `.`, `!` or `?`; trailing words without one form the last sentence)."""
    grouped: list[Sentence] = []
    current: Sentence = []
    for word in words:
        current.append(word)
        if _SENTENCE_END.search(word):
            grouped.append(current)
            current = []
    if current:
        grouped.append(current)
    return grouped


def proofread(words: Sequence[str], seed: int, revision: int = 1) -> list[Sentence]:
    """Given the words of a submitted transcript, return them "corrected": sentences start
    with a capital and end with punctuation. A later revision (after a quality check) also
    changes a few words deterministically, so that re-delivered files really differ."""
    corrected = [
        [_capitalized(sentence[0]), *sentence[1:-1], _closed(sentence[-1])]
        if len(sentence) > 1
        else [_closed(_capitalized(sentence[0]))]
        for sentence in split_sentences(words)
    ]
    return revise(corrected, seed, revision)


def _closed(word: str) -> str:
    return word if _SENTENCE_END.search(word) else word.rstrip(",;:") + "."


_CORRECTIONS = {
    "the": "this", "a": "one", "we": "they", "is": "was", "very": "really", "last": "previous",
}  # fmt: skip


def revise(text: list[Sentence], seed: int, revision: int) -> list[Sentence]:
    """Given sentences and a revision number, return revision 1 unchanged and any later
    revision with a few words replaced (a deterministic "fix" found by a quality check)."""
    if revision <= 1:
        return text
    generator = random.Random(seed_of(str(seed), "revision", str(revision)))
    revised: list[Sentence] = []
    for sentence in text:
        changed = list(sentence)
        for position, word in enumerate(changed):
            replacement = _CORRECTIONS.get(word)
            if replacement and generator.random() < 0.5:
                changed[position] = replacement
        revised.append(changed)
    if revised == text:
        # Nothing replaceable: the "fix" is the punctuation of the first sentence.
        last = revised[0][-1]
        revised[0][-1] = last.rstrip(".!?") + ("." if last.endswith("!") else "!")
    return revised
