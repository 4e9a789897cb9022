"""Files dropped into watched folders come back as sidecars, as each folder's rules ask."""

from __future__ import annotations

import shutil

import pytest

from tests.e2e.pipeline.conftest import Pipeline
from tests.support.media import write_wav
from tests.support.sidecars import check_sidecar

pytestmark = pytest.mark.slow  # starts the daemon, the sandbox and moto_server

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


SAME_ORDER_OTHER_NAME = """\
inherit: false
orders:
  - name: english
    kind: captions
    language: english
    outputs: [srt, txt]
"""


def test_a_file_copied_under_other_names_and_folders_is_ordered_once_with_sidecars_by_every_copy(
    pipeline: Pipeline,
) -> None:
    pipeline.rules(".", ENGLISH_CAPTIONS)
    # Another folder, its own rules file, the same order under another name.
    pipeline.rules("archive", SAME_ORDER_OTHER_NAME)
    media = pipeline.media
    original = write_wav(media / "day1/interview.wav", 4.0, seed=14)
    shutil.copy(original, media / "day1/interview-take2.wav")

    pipeline.daemon.start()
    pipeline.wait_for_files(
        *(
            media / f"day1/{stem}.en.{ext}"
            for stem in ("interview", "interview-take2")
            for ext in SIDECARS
        )
    )
    pipeline.wait_for_states(
        {"day1/interview.wav": "delivered", "day1/interview-take2.wav": "delivered"}
    )
    shutil.copy(original, media / "archive/interview.wav")
    pipeline.wait_for_files(media / "archive/interview.en.srt", media / "archive/interview.en.txt")
    rows = pipeline.wait_for_states(
        {
            "day1/interview.wav": "delivered",
            "day1/interview-take2.wav": "delivered",
            "archive/interview.wav": "delivered",
        }
    )
    assert pipeline.daemon.stop() == 0

    [order] = pipeline.orders()
    assert {row["order_id"] for row in rows} == {order["id"]}
    assert len({row["job"] for row in rows}) == 1
    first = (media / "day1/interview.en.srt").read_bytes()
    assert (media / "day1/interview-take2.en.srt").read_bytes() == first
    assert (media / "archive/interview.en.srt").read_bytes() == first
    assert not (media / "archive/interview.en.vtt").exists()
