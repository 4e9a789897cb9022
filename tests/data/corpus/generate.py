"""Generate the caption benchmark corpus: realistic word-timed English transcripts.

Deterministic (fixed seeds): `python tests/data/corpus/generate.py` rewrites the same
`*.json.gz` files byte for byte. Each file is gt-watch's word-timing JSON (segments with
speaker, text and words with start/end in seconds), gzip-compressed.

What makes it realistic for captioning: speaking rates per style (lectures about 13 cps,
interviews 15, fast dialogue 17.5, with runs of words
spoken at 20 to 28 cps), word durations from word length,
words that abut as forced alignment delivers them, pauses at commas and sentence ends,
thinking pauses of seconds, overlapping speaker turns, fillers and false starts, names with
titles, places, numbers with units, one-word answers, and the odd very long token (a URL).
"""

from __future__ import annotations

import gzip
import json
import random
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Sarah John Maria David Aisha Tom Priya Michael Elena James Fatima Robert Grace Daniel "
    "Hannah Kenji Laura Omar Sofia Peter Chloe Marcus Ingrid Luis"
)
LAST_NAMES = _words(
    "Mitchell Okafor Lindqvist Chen Hernandez Walsh Novak Patel Brennan Kowalski Dubois "
    "Nakamura Fischer O'Neill Rossi Adeyemi Larsen Moreau"
)
TITLES = ("Dr.", "Professor", "Mr.", "Mrs.", "Ms.")
PLACES = (
    "New York",
    "San Francisco",
    "London",
    "Berlin",
    "Lagos",
    "the Midwest",
    "Tokyo",
    "Buenos Aires",
    "the north of England",
    "Nairobi",
)
NOUNS = _words(
    "project team company data report market problem system school village community "
    "study experiment engine bridge policy budget government decision question answer "
    "interview museum library theory model result process network river harbour factory "
    "hospital farm camera film story book painting festival contract meeting archive"
)
ADJECTIVES = _words(
    "new old small large important difficult simple strange early local national "
    "different interesting expensive beautiful careful whole real social"
)
VERBS = (  # base, past, -ing
    ("build", "built", "building"),
    ("change", "changed", "changing"),
    ("find", "found", "finding"),
    ("study", "studied", "studying"),
    ("start", "started", "starting"),
    ("lose", "lost", "losing"),
    ("explain", "explained", "explaining"),
    ("write", "wrote", "writing"),
    ("run", "ran", "running"),
    ("fund", "funded", "funding"),
    ("test", "tested", "testing"),
    ("move", "moved", "moving"),
    ("sell", "sold", "selling"),
    ("record", "recorded", "recording"),
    ("measure", "measured", "measuring"),
)
PREPOSITIONS = _words("in on at with from for about through during after before under")
CONJUNCTIONS = ("and", "but", "because", "so", "although", "while", "when", "which means")
FILLERS = ("um,", "uh,", "you know,", "I mean,", "like,", "well,", "so,")
ANSWERS = (
    "Yes.",
    "No.",
    "Right.",
    "Exactly.",
    "Sure.",
    "Okay.",
    "Absolutely.",
    "Mm-hmm.",
    "Not really.",
    "I don't know.",
    "Really?",
    "Wait, what?",
    "Oh, wow.",
    "That's true.",
    "Go on.",
    "Yeah, yeah.",
    "No, no, no.",
)
UNITS = ("percent", "million dollars", "kilometres", "years", "people", "hours", "euros")


def _name(rng: random.Random) -> str:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    roll = rng.random()
    if roll < 0.25:
        return f"{rng.choice(TITLES)} {last}"
    if roll < 0.7:
        return f"{first} {last}"
    return first


def _noun_phrase(rng: random.Random) -> str:
    roll = rng.random()
    noun = rng.choice(NOUNS)
    if roll < 0.12:
        return _name(rng)
    if roll < 0.2:
        return rng.choice(PLACES)
    if roll < 0.45:
        return f"the {rng.choice(ADJECTIVES)} {noun}"
    if roll < 0.6:
        return f"{rng.choice(['our', 'their', 'my', 'your', 'this', 'that'])} {noun}"
    if roll < 0.7:
        amount = rng.choice(["20", "3", "150", "40", "two", "five", "12.5", "1,000"])
        return f"{amount} {rng.choice(UNITS)}"
    if roll < 0.8:
        adjective = rng.choice(ADJECTIVES)
        return f"{'an' if adjective[0] in 'aeiou' else 'a'} {adjective} {noun}"
    return f"the {noun}"


def _subject(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return rng.choice(["I", "we", "they", "she", "he", "you", "it"])
    return _noun_phrase(rng)


def _clause(rng: random.Random, depth: int = 0) -> str:
    base, past, ing = rng.choice(VERBS)
    subject = _subject(rng)
    form = rng.random()
    if form < 0.3:
        verb = past
    elif form < 0.5:
        verb = f"{rng.choice(['will', 'would', 'could', 'should', 'might'])} {base}"
    elif form < 0.65:
        plural = subject in ("we", "they", "you")
        verb = f"{rng.choice(['were', 'are'] if plural else ['was', 'is'])} {ing}"
    elif form < 0.8:
        negation = rng.choice(["did not", "didn't", "don't", "never"])
        verb = f"{negation} {base}"
    else:
        verb = f"had {past}"
    words = [subject, verb, _noun_phrase(rng)]
    if rng.random() < 0.55:
        words += [rng.choice(PREPOSITIONS), _noun_phrase(rng)]
    if rng.random() < 0.2:
        words.append(f"in {rng.randint(1950, 2024)}")
    text = " ".join(words)
    if depth < 2 and rng.random() < 0.45:
        text += ("," if rng.random() < 0.5 else "") + f" {rng.choice(CONJUNCTIONS)} "
        text += _clause(rng, depth + 1)
    return text


def _sentence(rng: random.Random, style: str) -> str:
    roll = rng.random()
    if style == "dialogue" and roll < 0.3:
        return rng.choice(ANSWERS)
    if roll < 0.12:
        opener = rng.choice(
            ["What happened when", "Why do you think", "How did", "Do you remember when"]
        )
        return f"{opener} {_clause(rng, 1)}?"
    if roll < 0.2 and style != "lecture":
        return rng.choice(ANSWERS) + " " + _capital(_clause(rng, 1)) + "."
    prefix = ""
    if rng.random() < 0.3:
        prefix = rng.choice(
            [
                "So",
                "And",
                "But",
                "I think",
                "Honestly,",
                "In fact,",
                "The point is that",
                "If you look at the numbers,",
                "As I said,",
            ]
        )
    if style != "lecture" and rng.random() < 0.2:
        prefix = (prefix + " " + rng.choice(FILLERS)).strip()
    text = f"{prefix} {_clause(rng)}".strip()
    if rng.random() < 0.01:
        text += " at https://www.example.org/archive/2019/interviews/full-transcript-part-two"
    return _capital(text) + rng.choice([".", ".", ".", "!", "?"] if style == "dialogue" else ".")


def _capital(text: str) -> str:
    return text[0].upper() + text[1:]


@dataclass(frozen=True)
class Style:
    name: str
    speakers: tuple[str, ...]
    chars_per_second: float  # speaking rate, spaces included
    sentences_per_turn: tuple[int, int]
    burst_chance: float  # a sentence with a run of words spoken half again as fast
    minutes: float


def _word_duration(word: str, rate: float, rng: random.Random) -> float:
    spoken = sum(char.isalnum() for char in word) + 1
    return max(0.06, spoken / rate * rng.uniform(0.75, 1.25))


def _pause_after(word: str, rng: random.Random) -> float:
    if word.endswith((".", "?", "!")):
        return rng.choice([rng.uniform(0.2, 0.9), rng.uniform(0.05, 0.3)])
    if word.endswith(","):
        return rng.uniform(0.08, 0.4)
    return 0.0 if rng.random() < 0.75 else rng.uniform(0.01, 0.08)


def _turn_words(
    text: str, speaker: str, clock: float, rate: float, burst: bool, rng: random.Random
) -> tuple[list[dict[str, object]], float]:
    words: list[dict[str, object]] = []
    tokens = text.split()
    # A burst: a run of words spoken half again as fast (well over 20 cps).
    burst_from = rng.randrange(len(tokens)) if burst else len(tokens)
    burst_to = burst_from + rng.randint(3, 8)
    for index, word in enumerate(tokens):
        speed = 1.45 if burst_from <= index < burst_to else 1.0
        duration = _word_duration(word, rate * speed, rng)
        if rng.random() < 0.01:  # aligners sometimes give a word no duration at all
            duration = 0.0
        entry = {
            "text": word,
            "start": round(clock, 3),
            "end": round(clock + duration, 3),
            "speaker": speaker,
            "confidence": round(rng.uniform(0.78, 1.0), 3),
        }
        words.append(entry)
        clock += duration + _pause_after(word, rng)
        if word.endswith(".") and rng.random() < 0.04:
            clock += rng.uniform(1.2, 3.5)  # thinking
    return words, clock


def generate(style: Style, seed: int) -> dict[str, object]:
    """Given a style and a seed, return one transcript as gt-watch word-timing JSON."""
    rng = random.Random(seed)
    clock = rng.uniform(0.3, 2.0)
    segments = []
    speaker_index = 0
    while clock < style.minutes * 60:
        speaker = style.speakers[speaker_index]
        count = rng.randint(*style.sentences_per_turn)
        sentences = [_sentence(rng, style.name) for _ in range(count)]
        words: list[dict[str, object]] = []
        for sentence in sentences:
            rate = style.chars_per_second * rng.uniform(0.88, 1.12)
            burst = rng.random() < style.burst_chance
            spoken, clock = _turn_words(sentence, speaker, clock, rate, burst, rng)
            words += spoken
        segments.append(
            {
                "start": words[0]["start"],
                "end": words[-1]["end"],
                "speaker": speaker,
                "text": " ".join(sentences),
                "words": words,
            }
        )
        # The next speaker may start before this one has finished.
        clock += rng.choice([rng.uniform(-0.3, 0.1), rng.uniform(0.1, 0.8), rng.uniform(0.0, 0.3)])
        clock = max(clock, float(words[0]["start"]) + 0.1)  # type: ignore[arg-type]
        others = [index for index in range(len(style.speakers)) if index != speaker_index]
        speaker_index = rng.choice(others) if others else 0
    return {
        "format": "gt-watch-words",
        "version": 1,
        "language": "english",
        "duration": segments[-1]["end"],
        "segments": segments,
    }


STYLES = {
    "lecture": Style("lecture", ("Professor",), 13.5, (4, 12), 0.05, 45),
    "interview": Style("interview", ("Interviewer", "Guest"), 15.0, (1, 6), 0.15, 30),
    "dialogue": Style("dialogue", ("Anna", "Ben", "Carla"), 17.5, (1, 3), 0.3, 20),
}
# name -> (style, seed): about four hours in all.
CORPUS = {
    "lecture-history": ("lecture", 11),
    "lecture-science": ("lecture", 12),
    "interview-founder": ("interview", 21),
    "interview-author": ("interview", 22),
    "interview-mayor": ("interview", 23),
    "dialogue-kitchen": ("dialogue", 31),
    "dialogue-newsroom": ("dialogue", 32),
    "dialogue-panel": ("dialogue", 33),
}


def main() -> None:
    for name, (style, seed) in CORPUS.items():
        document = generate(STYLES[style], seed)
        payload = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
        target = HERE / f"{name}.json.gz"
        target.write_bytes(gzip.compress(payload, mtime=0))
        print(f"{target.name}: {len(payload) // 1024} KiB JSON")


if __name__ == "__main__":
    main()
