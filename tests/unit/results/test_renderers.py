"""SRT and WebVTT to the letter, and read back by the tools people use: srt, pysrt,
webvtt-py and ffmpeg."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pysrt
import pytest
import srt
import webvtt

from gt_watch.errors import CaptionError
from gt_watch.model import Cue
from gt_watch.results.profiles import NETFLIX_EN
from gt_watch.results.segment import segment
from gt_watch.results.srt import render_srt
from gt_watch.results.vtt import render_vtt
from tests.unit.results.helpers import spoken

CUES = [
    Cue(1.0, 2.5, ("Hello there,", "general Kenobi.")),
    Cue(3600.25, 3602.0, ("-Café & crème <i>now</i>?", "-Oui --> non.")),
]
SPEECH = (
    "Good morning, everyone. Today we are going to talk about the history of the printing "
    "press and how it changed the way people shared ideas across Europe."
)


def test_srt_is_numbered_with_comma_times_and_lf_line_ends() -> None:
    assert render_srt(CUES) == (
        "1\n00:00:01,000 --> 00:00:02,500\nHello there,\ngeneral Kenobi.\n"
        "\n"
        "2\n01:00:00,250 --> 01:00:02,000\n-Café & crème <i>now</i>?\n-Oui -> non.\n"
    )


def test_vtt_has_its_header_dot_times_and_escaped_text() -> None:
    assert render_vtt(CUES) == (
        "WEBVTT\n"
        "\n"
        "00:00:01.000 --> 00:00:02.500\nHello there,\ngeneral Kenobi.\n"
        "\n"
        "01:00:00.250 --> 01:00:02.000\n-Café &amp; crème <i>now</i>?\n-Oui --&gt; non.\n"
    )


def test_no_cues_make_an_empty_srt_and_a_bare_vtt() -> None:
    assert render_srt([]) == ""
    assert render_vtt([]) == "WEBVTT\n"


@pytest.mark.parametrize("render", [render_srt, render_vtt])
def test_an_empty_cue_is_refused_with_its_number(render: object) -> None:
    with pytest.raises(CaptionError, match=r"cue 2 .* has no text"):
        render([CUES[0], Cue(5.0, 6.0, ("  ",))])  # type: ignore[operator]


@pytest.mark.parametrize("render", [render_srt, render_vtt])
def test_overlapping_cues_are_refused(render: object) -> None:
    with pytest.raises(CaptionError, match="starts before cue 1 ends"):
        render([Cue(1.0, 3.0, ("a",)), Cue(2.0, 4.0, ("b",))])  # type: ignore[operator]


@pytest.mark.parametrize("render", [render_srt, render_vtt])
def test_times_past_99_hours_are_refused(render: object) -> None:
    with pytest.raises(CaptionError, match=r"cue 1 \(359999\.000 s\): .* 99:59:59\.999"):
        render([Cue(359_999.0, 360_001.0, ("late",))])  # type: ignore[operator]


def test_a_cue_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(CaptionError, match="ends before it starts"):
        render_srt([Cue(2.0, 1.0, ("a",))])


def _engine_cues() -> list[Cue]:
    return segment(spoken(SPEECH, start=0.5), NETFLIX_EN, offset=3600.0)


def test_generated_srt_parses_with_srt_and_pysrt() -> None:
    cues = _engine_cues()
    text = render_srt(cues)
    parsed = list(srt.parse(text))
    assert [item.content.split("\n") for item in parsed] == [list(cue.lines) for cue in cues]
    assert parsed[0].start.total_seconds() == pytest.approx(cues[0].start)
    assert len(pysrt.from_string(text)) == len(cues)
    assert srt.compose(parsed) == text + "\n"  # srt's own spelling, up to the last blank line


def test_generated_vtt_parses_with_webvtt(tmp_path: Path) -> None:
    cues = _engine_cues()
    path = tmp_path / "talk.vtt"
    path.write_text(render_vtt(cues), encoding="utf-8")
    captions = webvtt.read(str(path))
    assert [caption.text for caption in captions] == [cue.text for cue in cues]
    assert captions[0].start == "01:00:00.500"


@pytest.mark.skipif(
    shutil.which("ffmpeg") is None, reason="ffmpeg is missing: scripts/test installs it"
)
@pytest.mark.parametrize(("name", "render"), [("talk.srt", render_srt), ("talk.vtt", render_vtt)])
def test_ffmpeg_converts_generated_captions_to_ass(
    tmp_path: Path, name: str, render: object
) -> None:
    source = tmp_path / name
    source.write_bytes(render(_engine_cues()).encode("utf-8"))  # type: ignore[operator]
    result = subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-i",
            str(source),
            str(tmp_path / "out.ass"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Dialogue:" in (tmp_path / "out.ass").read_text(encoding="utf-8")
