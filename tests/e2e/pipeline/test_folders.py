"""Files dropped into watched folders come back as sidecars, as each folder's rules ask."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import srt
import webvtt

from tests.e2e.pipeline.conftest import Pipeline
from tests.support.media import write_wav

ENGLISH_CAPTIONS = """\
orders:
  - name: captions
    kind: captions
    language: english
    outputs: [srt, vtt, docx, txt]
"""
GERMAN_CAPTIONS = """\
orders:
  - name: captions
    kind: captions
    language: german
    outputs: [srt, vtt, docx, txt]
"""
PLUS_AI_TRANSCRIPT = """\
orders:
  - name: machine
    kind: ai_transcription
    language: english
    outputs: [txt, srt]
    naming: "{stem}.machine.{lang}.{ext}"
"""
SIDECARS = ("srt", "vtt", "docx", "txt")


def check_sidecar(path: Path) -> None:
    """Parse a sidecar with the library an editor's tooling would use; text is UTF-8
    without BOM."""
    data = path.read_bytes()
    if path.suffix == ".docx":
        document = docx.Document(io.BytesIO(data))
        assert any(paragraph.text.strip() for paragraph in document.paragraphs)
        return
    assert not data.startswith(b"\xef\xbb\xbf"), f"{path.name} starts with a BOM"
    text = data.decode("utf-8")
    if path.suffix == ".srt":
        assert list(srt.parse(text, ignore_errors=False))
    elif path.suffix == ".vtt":
        assert webvtt.from_string(text).captions
    else:
        assert text.strip()


def test_files_in_nested_folders_get_exactly_the_sidecars_their_folders_rules_ask_for(
    pipeline: Pipeline,
) -> None:
    pipeline.rules(".", ENGLISH_CAPTIONS)
    pipeline.rules("german", GERMAN_CAPTIONS)
    pipeline.rules("lectures", PLUS_AI_TRANSCRIPT)
    media = pipeline.media
    write_wav(media / "interview.wav", 4.0, seed=11)
    write_wav(media / "german/day1/gespraech.wav", 4.0, seed=12)
    write_wav(media / "lectures/physics.wav", 4.0, seed=13)
    expected = {
        *(f"interview.en.{ext}" for ext in SIDECARS),
        *(f"german/day1/gespraech.de.{ext}" for ext in SIDECARS),
        *(f"lectures/physics.en.{ext}" for ext in SIDECARS),
        "lectures/physics.machine.en.txt",
        "lectures/physics.machine.en.srt",
    }

    pipeline.daemon.start()
    pipeline.wait_for_files(*(media / name for name in expected))
    rows = pipeline.wait_for_states(
        {
            "interview.wav": "delivered",
            "german/day1/gespraech.wav": "delivered",
            "lectures/physics.wav": "delivered",
        }
    )
    assert pipeline.daemon.stop() == 0

    inputs = {
        ".gt-watch.yaml",
        "german/.gt-watch.yaml",
        "lectures/.gt-watch.yaml",
        "interview.wav",
        "german/day1/gespraech.wav",
        "lectures/physics.wav",
    }
    assert pipeline.media_tree() == inputs | expected
    for name in expected:
        check_sidecar(media / name)
    bought = sorted((order["kind"], order["language"]) for order in pipeline.orders())
    assert bought == [
        ("automatic_transcriptions", "english"),
        ("captions", "english"),
        ("captions", "english"),
        ("captions", "german"),
    ]
    assert {(pipeline.relative(row["file"]), row["rule"]) for row in rows} == {
        ("interview.wav", "captions"),
        ("german/day1/gespraech.wav", "captions"),
        ("lectures/physics.wav", "captions"),
        ("lectures/physics.wav", "machine"),
    }
