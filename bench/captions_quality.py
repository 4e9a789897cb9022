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


def _shown_text(cue: Cue) -> str:
    """The cue's characters without spaces, line breaks or two-speaker dashes."""
    lines = cue.lines
    if len(lines) == 2 and all(line.startswith("-") for line in lines):
        lines = tuple(line.removeprefix("-") for line in lines)
    return "".join(lines).replace(" ", "")


def word_sync(words: list[Word], cues: list[Cue], profile: StyleProfile) -> tuple[int, int]:
    """What a checker holding the words would see: how many cues do not start on the frame
    of their first word (more than half a frame and a millisecond away), and how many stay
    up longer than the profile's extension after their last word ends. Cues are matched to
    words by their characters, so this does not trust the engine's own bookkeeping."""
    start_tolerance = 0.5 / profile.frame_rate + 0.001
    word_starts, word_ends = [], []
    position = 0
    for word in words:
        word_starts.append(position)
        position += len(word.text.replace(" ", ""))
        word_ends.append(position)
    off_start = held_long = 0
    shown = 0
    index = 0
    for cue in cues:
        begin, shown = shown, shown + len(_shown_text(cue))
        while index < len(words) and word_ends[index] <= begin:
            index += 1
        if index < len(words) and word_starts[index] == begin:
            off_start += abs(cue.start - words[index].start) > start_tolerance
        last = index
        while last < len(words) and word_ends[last] < shown:
            last += 1
        if last < len(words) and word_ends[last] == shown:
            held_long += cue.end - words[last].end > profile.max_extension + 0.0005
    return off_start, held_long


def snapped(cues: list[Cue], frame_rate: float) -> list[Cue]:
    """The cues as an editor's timeline holds them: every time on its nearest frame."""
    return [
        Cue(
            round(cue.start * frame_rate) / frame_rate,
            round(cue.end * frame_rate) / frame_rate,
            cue.lines,
        )
        for cue in cues
    ]


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
        cues = segment(words, profile)
        engine = check(cues, profile)
        off_start, held_long = word_sync(words, cues, profile)
        on_frames = check(snapped(cues, profile.frame_rate), profile).conforming_cues
        totals.update(off_start=off_start, held_long=held_long, on_frames=on_frames)
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
    print(
        f"gt-watch conforming with every time snapped to {profile.frame_rate:g} fps frames: "
        f"{_share(totals['on_frames'], totals['engine'])}"
    )
    print(
        f"gt-watch cues not starting on the frame of their first word: {totals['off_start']}; "
        f"held more than {profile.max_extension:g} s after their last word: {totals['held_long']}"
    )


def _row(name: str, words: int, engine: QcReport, baseline: QcReport) -> str:
    return (
        f"{name:<22} {words:>6} {engine.cues:>6} {engine.conforming_share:>9.2%}"
        f" {baseline.cues:>6} {baseline.conforming_share:>8.2%}"
    )


if __name__ == "__main__":
    main()
