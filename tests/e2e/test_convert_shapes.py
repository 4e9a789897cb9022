"""`gt-watch convert` on the word-timed JSON other speech tools write: a real subprocess,
the sample files of tests/data/results, the SubRip read back with the `srt` library.

Every sample holds the same dialogue: "Hello there, my friend. How are you?" from 0.5 s to
3.7 s, then "I'm fine, thanks. It's been 25 years!" from 4.5 s to 7.7 s.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
import srt

from tests.support.processes import run_gt_watch

RESULTS = Path(__file__).resolve().parents[1] / "data" / "results"
FIRST = "Hello there, my friend. How are you?"
SECOND = "I'm fine, thanks. It's been 25 years!"


def seconds(delta: datetime.timedelta) -> float:
    return delta.total_seconds()


def converted(tmp_path: Path, sample: str) -> list[srt.Subtitle]:
    source = tmp_path / sample
    shutil.copyfile(RESULTS / sample, source)
    result = run_gt_watch("convert", str(source), "--to", "srt", "--profile", "netflix-en")
    assert result.returncode == 0, result.stderr
    return list(srt.parse(source.with_suffix(".srt").read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "sample",
    [
        "transcript_assemblyai.json",  # milliseconds, not declared
        "transcript_google.json",  # "0.500s", diarised words repeated in a last result
        "transcript_azure.json",  # ticks; display text over lexical words
        "transcript_speechmatics.json",  # punctuation as items of its own
    ],
)
def test_cloud_transcripts_convert_to_captions_with_their_times_and_punctuation(
    tmp_path: Path, sample: str
) -> None:
    subtitles = converted(tmp_path, sample)

    texts = [" ".join(item.content.split()) for item in subtitles]
    assert " ".join(texts) == f"{FIRST} {SECOND}"
    assert seconds(subtitles[0].start) == 0.5
    second_turn = next(item for item in subtitles if item.content.startswith("I'm"))
    assert seconds(second_turn.start) == 4.5
    assert 7.7 <= seconds(subtitles[-1].end) <= 8.5  # the last word ends at 7.7 s


def test_gentle_alignment_converts_with_the_transcripts_punctuation(tmp_path: Path) -> None:
    subtitles = converted(tmp_path, "alignment_gentle.json")

    text = " ".join(" ".join(item.content.split()) for item in subtitles)
    assert text == f"{FIRST} \"I'm fine, thanks.\" It's been twenty-five years!"
    assert seconds(subtitles[0].start) == 0.5
    assert 7.7 <= seconds(subtitles[-1].end) <= 8.5
