"""Caption engine speed on a 3-hour transcript (about 30,000 words): segmentation plus SRT,
WebVTT and TXT rendering (target under 0.5 s), and DOCX (target under 2.5 s) next to
python-docx's own time for the same paragraphs, measured in the same run.

    python bench/captions_speed.py [--words 30000] [--repeat 5]

The transcript is the benchmark corpus (tests/data/corpus) laid end to end. Each figure is
the best of `--repeat` runs (the machine's noise only ever adds time), the median follows,
then the best CPU time (what the work costs when the machine is shared).
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import io
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import docx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from gt_watch.model import Segment, Transcript, Word  # noqa: E402
from gt_watch.results.docx import render_docx  # noqa: E402
from gt_watch.results.paragraphs import paragraphs  # noqa: E402
from gt_watch.results.profiles import NETFLIX_EN  # noqa: E402
from gt_watch.results.segment import segment  # noqa: E402
from gt_watch.results.srt import render_srt  # noqa: E402
from gt_watch.results.txt import render_txt  # noqa: E402
from gt_watch.results.vtt import render_vtt  # noqa: E402

CORPUS = REPO / "tests" / "data" / "corpus"


def _segments(path: Path, shift: float) -> list[Segment]:
    document = json.loads(gzip.decompress(path.read_bytes()))
    return [
        Segment(
            item["start"] + shift,
            item["end"] + shift,
            item["text"],
            item["speaker"],
            tuple(
                Word(w["text"], w["start"] + shift, w["end"] + shift, w.get("speaker"))
                for w in item["words"]
            ),
        )
        for item in document["segments"]
    ]


def long_transcript(word_count: int) -> Transcript:
    """The corpus files end to end (repeated if needed), cut after `word_count` words."""
    segments: list[Segment] = []
    words = 0
    shift = 0.0
    files = sorted(CORPUS.glob("*.json.gz"))
    while words < word_count:
        for path in files:
            for item in _segments(path, shift):
                if words >= word_count:
                    break
                segments.append(item)
                words += len(item.words)
            shift = segments[-1].end + 2.0
    return Transcript(tuple(segments), "english")


def timed(action: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Best and median wall time and best CPU time of `repeat` runs of `action`, in seconds.
    CPU time leaves out the time this process waited for a core that others were using."""
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return min(wall), statistics.median(wall), min(cpu)


def captions(transcript: Transcript) -> None:
    cues = segment(transcript.words, NETFLIX_EN)
    render_srt(cues)
    render_vtt(cues)
    render_txt(transcript)


def gt_watch_docx(transcript: Transcript) -> None:
    render_docx(
        transcript, title="Benchmark", source_name="bench.wav", date=datetime.date(2024, 1, 1)
    )


def plain_python_docx(transcript: Transcript) -> None:
    """python-docx alone: the same paragraphs, one run each, default styles."""
    document = docx.Document()
    for item in paragraphs(transcript):
        document.add_paragraph(item.text)
    document.save(io.BytesIO())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    transcript = long_transcript(arguments.words)
    cues = segment(transcript.words, NETFLIX_EN)
    print(
        f"transcript: {len(transcript.words)} words, {transcript.duration / 3600:.2f} h, "
        f"{len(transcript.segments)} paragraphs, {len(cues)} cues"
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs, load average {load} (other work slows every row)")
    rows = [
        ("segment + SRT + VTT + TXT", lambda: captions(transcript), 0.5),
        ("  of which segment", lambda: segment(transcript.words, NETFLIX_EN), None),
        ("DOCX (gt-watch)", lambda: gt_watch_docx(transcript), 2.5),
        ("DOCX (python-docx alone)", lambda: plain_python_docx(transcript), None),
    ]
    print(f"{'step':<28} {'best s':>8} {'median s':>9} {'best cpu s':>11} {'target s':>9}")
    for label, action, target in rows:
        best, median, cpu = timed(action, arguments.repeat)
        print(f"{label:<28} {best:>8.3f} {median:>9.3f} {cpu:>11.3f} {target or '':>9}")


if __name__ == "__main__":
    main()
