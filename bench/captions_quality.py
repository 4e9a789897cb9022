"""Caption quality on the benchmark corpus: the share of cues that pass gt-watch's own QC
under a profile (netflix-en by default), for gt-watch's engine and, in the same run on the
same words, for a greedy whisper-style line filler (42 characters, 2 lines).

    python bench/captions_quality.py [--profile netflix-en]

The corpus is tests/data/corpus/*.json.gz (regenerate with tests/data/corpus/generate.py).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from gt_watch.model import Cue, StyleProfile, Word  # noqa: E402
from gt_watch.results.profiles import PROFILES  # noqa: E402
from gt_watch.results.qc import QcReport, check  # noqa: E402
from gt_watch.results.segment import segment  # noqa: E402

CORPUS = REPO / "tests" / "data" / "corpus"


def load_words(path: Path) -> list[Word]:
    """Given a corpus file, return its words in order."""
    document = json.loads(gzip.decompress(path.read_bytes()))
    return [
        Word(word["text"], word["start"], word["end"], word.get("speaker"))
        for segment in document["segments"]
        for word in segment["words"]
    ]


def greedy_baseline(words: list[Word], max_chars: int = 42, max_lines: int = 2) -> list[Cue]:
    """Whisper-style captions: fill each line greedily, start a new cue when the lines are
    full; a cue shows from its first word's start to its last word's end."""
    cues: list[Cue] = []
    lines: list[str] = []
    first: Word | None = None
    last: Word | None = None
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word.text) <= max_chars:
            lines[-1] += " " + word.text
        elif len(lines) < max_lines:
            lines.append(word.text)
        else:
            assert first is not None
            assert last is not None
            cues.append(Cue(first.start, max(last.end, first.start + 0.001), tuple(lines)))
            lines, first = [word.text], None
        first = first or word
        last = word
    if lines and first and last:
        cues.append(Cue(first.start, max(last.end, first.start + 0.001), tuple(lines)))
    return cues


def _share(conforming: int, total: int) -> str:
    return f"{conforming / total:.2%}" if total else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="netflix-en", choices=sorted(PROFILES))
    profile: StyleProfile = PROFILES[parser.parse_args().profile]
    print(f"profile {profile.name}; corpus {CORPUS.relative_to(REPO)}")
    print(f"{'file':<22} {'words':>6} {'cues':>6} {'gt-watch':>9} {'cues':>6} {'greedy':>8}")
    totals: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    hours = 0.0
    for path in sorted(CORPUS.glob("*.json.gz")):
        words = load_words(path)
        hours += (words[-1].end - words[0].start) / 3600
        engine = check(segment(words, profile), profile)
        baseline = check(
            greedy_baseline(words, profile.max_chars_per_line, profile.max_lines), profile
        )
        kinds.update(engine.by_kind)
        totals.update(
            words=len(words),
            engine=engine.cues,
            engine_ok=engine.conforming_cues,
            baseline=baseline.cues,
            baseline_ok=baseline.conforming_cues,
        )
        print(_row(path.name.removesuffix(".json.gz"), len(words), engine, baseline))
    print(
        f"{f'all ({hours:.1f} h)':<22} {totals['words']:>6} {totals['engine']:>6}"
        f" {_share(totals['engine_ok'], totals['engine']):>9} {totals['baseline']:>6}"
        f" {_share(totals['baseline_ok'], totals['baseline']):>8}"
    )
    print("gt-watch violations by kind:", dict(kinds) or "none")


def _row(name: str, words: int, engine: QcReport, baseline: QcReport) -> str:
    return (
        f"{name:<22} {words:>6} {engine.cues:>6} {engine.conforming_share:>9.2%}"
        f" {baseline.cues:>6} {baseline.conforming_share:>8.2%}"
    )


if __name__ == "__main__":
    main()
