"""How long parsing a three-hour transcript takes in each shape `gt-watch convert` reads,
next to the baseline measured in the same run: the same words in GoTranscript's own
`segments` shape, seconds declared (no unit inferred, nothing respelled).

    python bench/transcript_shapes.py [--hours 3] [--repeat 3]

Each figure is the best of `--repeat` runs of `parse_transcript` on the whole document.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from gt_watch.api.formats import parse_transcript  # noqa: E402

VOCABULARY = ("the", "a", "and", "of", "to", "we", "it", "was", "said", "that", "river", "people")

Words = list[tuple[str, float, float]]


def speech(hours: float) -> Words:
    """Words of 0.3 s with 0.1 s between them, a sentence every twelve words."""
    words, clock, index = [], 0.0, 0
    while clock < hours * 3600:
        text = VOCABULARY[(index * 7) % len(VOCABULARY)] + ("." if index % 12 == 11 else "")
        words.append((text, round(clock, 3), round(clock + 0.3, 3)))
        clock, index = clock + 0.4, index + 1
    return words


def segments_shape(words: Words) -> object:
    return {
        "time_unit": "s",
        "segments": [
            {
                "start": words[n][1],
                "end": words[min(n + 99, len(words) - 1)][2],
                "words": [{"text": t, "start": s, "end": e} for t, s, e in words[n : n + 100]],
            }
            for n in range(0, len(words), 100)
        ],
    }


def assemblyai(words: Words) -> object:
    return {
        "words": [
            {"text": t, "start": round(s * 1000), "end": round(e * 1000), "speaker": "A"}
            for t, s, e in words
        ]
    }


def google(words: Words) -> object:
    return {
        "results": [
            {
                "alternatives": [
                    {
                        "words": [
                            {"word": t, "startTime": f"{s:.3f}s", "endTime": f"{e:.3f}s"}
                            for t, s, e in words
                        ]
                    }
                ]
            }
        ]
    }


def azure(words: Words) -> object:
    phrases = []
    for n in range(0, len(words), 12):
        chunk = words[n : n + 12]
        phrases.append(
            {
                "offsetInTicks": chunk[0][1] * 1e7,
                "durationInTicks": (chunk[-1][2] - chunk[0][1]) * 1e7,
                "nBest": [
                    {
                        "display": " ".join(t.capitalize() for t, _, _ in chunk),
                        "words": [
                            {
                                "word": t.rstrip("."),
                                "offsetInTicks": s * 1e7,
                                "durationInTicks": (e - s) * 1e7,
                            }
                            for t, s, e in chunk
                        ],
                    }
                ],
            }
        )
    return {"recognizedPhrases": phrases}


def gentle(words: Words, *, offsets_right: bool = True) -> object:
    text, entries, cursor = "", [], 0
    for t, s, e in words:
        bare = t.rstrip(".")
        begin = cursor if offsets_right else 0
        entries.append(
            {
                "word": bare,
                "case": "success",
                "start": s,
                "end": e,
                "startOffset": begin,
                "endOffset": begin + len(bare),
            }
        )
        text += t + " "
        cursor += len(t) + 1
    return {"transcript": text, "words": entries}


SHAPES: dict[str, Callable[[Words], object]] = {
    "AssemblyAI (milliseconds inferred)": assemblyai,
    "Google Speech-to-Text": google,
    "Azure (display respelled per phrase)": azure,
    "Gentle (offsets)": gentle,
    "Gentle (offsets wrong: matched by letters)": lambda w: gentle(w, offsets_right=False),
}


def best_of(repeat: int, data: str) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        parse_transcript(data)
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=3.0)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    words = speech(options.hours)
    baseline = best_of(options.repeat, json.dumps(segments_shape(words)))
    print(f"{len(words)} words, {options.hours:g} h; best of {options.repeat}")
    print(f"{'baseline: segments, seconds declared':45} {baseline:7.2f} s")
    for name, build in SHAPES.items():
        seconds = best_of(options.repeat, json.dumps(build(words)))
        print(f"{name:45} {seconds:7.2f} s  ({seconds / baseline:.1f}x)")


if __name__ == "__main__":
    main()
