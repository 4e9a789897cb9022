"""`gt-watch convert` and `gt-watch qc` as a user runs them: a real subprocess, real files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import srt
import webvtt

from tests.support.processes import run_gt_watch

SPEECH = [
    ("Interviewer", "Welcome to the programme. How did the project start?"),
    ("Guest", "It started with a small grant from the city, and a lot of patience."),
    ("Interviewer", "Really?"),
    ("Guest", "Yes. We spent three years talking to people in every village along the river."),
]


def _transcript_json() -> str:
    """Transcript JSON in the segments-with-words shape, about 14 characters per second."""
    segments = []
    clock = 0.5
    for speaker, text in SPEECH:
        words = []
        for word in text.split():
            duration = 0.07 * (len(word) + 1)
            words.append(
                {"text": word, "start": round(clock, 3), "end": round(clock + duration, 3)}
            )
            clock += duration
        segments.append(
            {
                "speaker": speaker,
                "start": words[0]["start"],
                "end": words[-1]["end"],
                "text": text,
                "words": words,
            }
        )
        clock += 0.6
    return json.dumps({"language": "english", "segments": segments})


def _source(tmp_path: Path) -> Path:
    path = tmp_path / "interview.json"
    path.write_text(_transcript_json(), encoding="utf-8")
    return path


def test_convert_writes_srt_next_to_the_input_that_passes_qc(tmp_path: Path) -> None:
    source = _source(tmp_path)
    result = run_gt_watch("convert", str(source), "--to", "srt", "--profile", "netflix-en")
    assert result.returncode == 0, result.stderr
    output = tmp_path / "interview.srt"
    assert f"wrote {output}" in result.stderr
    data = output.read_bytes()
    assert data.startswith(b"1\n00:00:00,500 --> ")  # UTF-8 without BOM, LF line ends
    assert b"\r" not in data
    subtitles = list(srt.parse(output.read_text(encoding="utf-8")))
    assert " ".join(item.content.replace("\n", " ") for item in subtitles).replace("-", "") == (
        " ".join(text for _, text in SPEECH)
    )
    checked = run_gt_watch("qc", str(output), "--profile", "netflix-en")
    assert checked.returncode == 0, checked.stdout
    assert "conforming cues: " in checked.stdout
    assert "(100.00%)" in checked.stdout


def test_convert_applies_a_resolve_timecode_offset(tmp_path: Path) -> None:
    source = _source(tmp_path)
    result = run_gt_watch("convert", str(source), "--to", "vtt", "--offset", "01:00:00:00")
    assert result.returncode == 0, result.stderr
    captions = webvtt.read(str(tmp_path / "interview.vtt"))
    assert captions[0].start == "01:00:00.500"


def test_convert_makes_txt_docx_and_word_json(tmp_path: Path) -> None:
    source = _source(tmp_path)
    for target in ("txt", "docx"):
        result = run_gt_watch("convert", str(source), "--to", target)
        assert result.returncode == 0, result.stderr
    words = tmp_path / "interview.words.json"
    assert run_gt_watch("convert", str(source), "--to", "json", "-o", str(words)).returncode == 0
    text = (tmp_path / "interview.txt").read_text(encoding="utf-8")
    assert text.startswith("Interviewer: Welcome to the programme.")
    document = docx.Document(io.BytesIO((tmp_path / "interview.docx").read_bytes()))
    assert document.paragraphs[0].text == "interview"
    assert document.paragraphs[3].text.startswith("[00:00:04] Guest: It started")
    document_words = json.loads(words.read_text(encoding="utf-8"))["segments"][0]["words"]
    assert document_words[0] == {
        "text": "Welcome",
        "start": 0.5,
        "end": 1.06,
        "speaker": "Interviewer",
    }


def test_json_output_never_replaces_its_own_input(tmp_path: Path) -> None:
    source = _source(tmp_path)
    before = source.read_bytes()
    result = run_gt_watch("convert", str(source), "--to", "json", "--force")
    assert result.returncode == 2
    assert "is the input file" in result.stderr
    assert source.read_bytes() == before


def test_word_json_converts_back_into_the_same_captions(tmp_path: Path) -> None:
    source = _source(tmp_path)
    words = tmp_path / "words.json"
    assert run_gt_watch("convert", str(source), "--to", "json", "-o", str(words)).returncode == 0
    first = run_gt_watch("convert", str(source), "--to", "srt", "-o", "-")
    second = run_gt_watch("convert", str(words), "--to", "srt", "-o", "-")
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout


def test_convert_turns_srt_into_vtt_keeping_the_cues(tmp_path: Path) -> None:
    source = tmp_path / "film.srt"
    source.write_text("1\n00:00:01,000 --> 00:00:02,500\nHello & bye\n", encoding="utf-8")
    result = run_gt_watch("convert", str(source), "--to", "vtt", "-o", "-")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHello &amp; bye\n"


def test_convert_never_replaces_an_existing_file_without_force(tmp_path: Path) -> None:
    source = _source(tmp_path)
    existing = tmp_path / "interview.srt"
    existing.write_text("my own edit\n", encoding="utf-8")
    result = run_gt_watch("convert", str(source), "--to", "srt")
    assert result.returncode == 1
    assert "exists; use --force" in result.stderr
    assert existing.read_text(encoding="utf-8") == "my own edit\n"
    assert run_gt_watch("convert", str(source), "--to", "srt", "--force").returncode == 0
    assert existing.read_text(encoding="utf-8").startswith("1\n")


def test_convert_of_an_unreadable_input_says_what_was_expected_and_writes_nothing(
    tmp_path: Path,
) -> None:
    source = tmp_path / "notes.json"
    source.write_text('{"hello": "world"}', encoding="utf-8")
    result = run_gt_watch("convert", str(source), "--to", "srt")
    assert result.returncode == 1
    assert "not a transcript" in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.json"]


def test_convert_refuses_times_past_99_hours_and_writes_nothing(tmp_path: Path) -> None:
    source = _source(tmp_path)
    result = run_gt_watch("convert", str(source), "--to", "srt", "--offset", "99:59:59:00")
    assert result.returncode == 1
    assert "past 99:59:59.999" in result.stderr
    assert not (tmp_path / "interview.srt").exists()


def test_convert_refuses_a_malformed_offset(tmp_path: Path) -> None:
    result = run_gt_watch("convert", str(_source(tmp_path)), "--to", "srt", "--offset", "soon")
    assert result.returncode == 1
    assert "HH:MM:SS:FF" in result.stderr


def test_qc_lists_each_violation_with_cue_and_time_and_exits_non_zero(tmp_path: Path) -> None:
    bad = tmp_path / "bad.srt"
    bad.write_bytes(
        b"\xef\xbb\xbf1\r\n00:00:01,000 --> 00:00:01,400\r\nToo quick.\r\n\r\n"
        b"2\r\n00:00:01,450 --> 00:00:04,000\r\n" + b"x" * 45 + b"\r\n"
    )
    result = run_gt_watch("qc", str(bad))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "file: format: the file starts with a byte order mark (BOM)" in lines
    assert "cue 1 at 00:00:01,000: too-short: shown 0.400 s, at least 0.833 s" in lines
    assert "cue 1 at 00:00:01,000: gap-too-small: 1.20 frames to the next cue, at least 2" in lines
    assert "cue 2 at 00:00:01,450: line-too-long: line 1 has 45 characters, at most 42" in lines
    assert "conforming cues: 0 of 2 (0.00%)" in lines


def test_qc_of_a_file_without_captions_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.srt"
    empty.write_text("nothing here\n", encoding="utf-8")
    result = run_gt_watch("qc", str(empty))
    assert result.returncode == 1
    assert "found no timing line" in result.stderr


def test_help_explains_both_commands() -> None:
    result = run_gt_watch("--help")
    assert "convert" in result.stdout
    assert "qc" in result.stdout
    assert "Resolve" in run_gt_watch("convert", "--help").stdout


def test_convert_in_a_script_writes_the_file_and_prints_the_captions(tmp_path: Path) -> None:
    source = _source(tmp_path)
    first = run_gt_watch("convert", str(source), "--to", "srt", "--profile", "netflix-en")
    again = run_gt_watch("convert", str(source), "--to", "srt", "--profile", "netflix-en")
    assert first.returncode == again.returncode == 0, again.stderr
    assert first.stdout == (tmp_path / "interview.srt").read_text(encoding="utf-8")
    assert again.stdout == first.stdout


REV = {
    "monologues": [
        {
            "speaker": 0,
            "elements": [
                {"type": "text", "value": "Hello", "ts": 0.5, "end_ts": 0.9},
                {"type": "punct", "value": ","},
                {"type": "punct", "value": " "},
                {"type": "text", "value": "everyone", "ts": 1.0, "end_ts": 1.6},
                {"type": "punct", "value": "."},
            ],
        }
    ]
}
AWS = {
    "results": {
        "items": [
            {
                "type": "pronunciation",
                "start_time": "0.5",
                "end_time": "0.9",
                "alternatives": [{"content": "Hello"}],
            },
            {"type": "punctuation", "alternatives": [{"content": ","}]},
            {
                "type": "pronunciation",
                "start_time": "1.0",
                "end_time": "1.6",
                "alternatives": [{"content": "everyone"}],
            },
            {"type": "punctuation", "alternatives": [{"content": "."}]},
        ]
    }
}
ALIGNMENT = [
    {"word": "Hello,", "begin": "0.500", "end": "0.900"},
    {"word": "everyone.", "begin": "1.000", "end": "1.600"},
]


def test_convert_reads_vendor_transcripts_and_forced_alignment(tmp_path: Path) -> None:
    for name, document in (("rev", REV), ("aws", AWS), ("alignment", ALIGNMENT)):
        source = tmp_path / f"{name}.json"
        source.write_text(json.dumps(document), encoding="utf-8")
        result = run_gt_watch("convert", str(source), "--to", "srt", "-o", "-")
        assert result.returncode == 0, result.stderr
        # Frames at 24 fps: the end is the frame nearest to 1.6 s.
        assert result.stdout == "1\n00:00:00,500 --> 00:00:01,583\nHello, everyone.\n", name
