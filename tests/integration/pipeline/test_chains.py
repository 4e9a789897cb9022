"""Chained orders: once an order has finished, the orders its rule puts after it are placed
with its results (an AI transcript to proofread, a transcript to translate), and forced
alignment of a media file with its same-stem script."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from gt_watch.model import JobState, OrderKind
from tests.integration.pipeline.harness import Harness
from tests.support.media import SCRIPT

AI_THEN_PROOFREADING = """\
mode: live
orders:
  - name: ai
    kind: ai_transcription
    language: english
    then:
      - name: proofread
        kind: proofreading
"""
TRANSCRIPT_THEN_TRANSLATIONS = """\
mode: live
orders:
  - name: transcript
    kind: transcription
    language: english
    then:
      - name: german
        kind: translation
        translate_to: german
      - name: spanish-subtitles
        kind: subtitles
        translate_to: spanish
"""
ALIGNMENT = """\
mode: live
orders:
  - name: words
    kind: forced_alignment
    language: english
    script: "{stem}.txt"
"""


def _words_of_json(text: str) -> list[str]:
    document = json.loads(text)
    return [word["text"] for segment in document["segments"] for word in segment["words"]]


def test_an_ai_transcript_is_proofread_and_only_the_proofread_sidecars_are_written(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(AI_THEN_PROOFREADING)
    media = pipeline.drop("talk.wav")

    pipeline.run()

    ai, proofread = pipeline.job(media, "ai"), pipeline.job(media, "proofread")
    assert ai.state is JobState.DELIVERED and proofread.state is JobState.DELIVERED
    assert proofread.kind is OrderKind.PROOFREADING and proofread.parent_id == ai.id
    intent = pipeline.store.intents.get(proofread.id)
    assert intent is not None
    given = urlsplit(intent.request["transcription_url"])
    assert given.path == f"/api/v4/orders/{ai.order_id}/transcription"
    assert parse_qs(given.query)["format"] == ["text"]
    assert pipeline.files() == {"talk.wav", "talk.en.docx", "talk.en.txt"}
    assert pipeline.store.sidecars.for_file(pipeline.file(media).id) == [
        str(pipeline.folder / "talk.en.docx"),
        str(pipeline.folder / "talk.en.txt"),
    ]
    assert [order["kind"] for order in pipeline.orders()] == [
        "automatic_transcriptions",
        "transcription_proofreading",
    ]


def test_a_transcript_is_translated_and_subtitled_into_files_named_for_their_languages(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(TRANSCRIPT_THEN_TRANSLATIONS)
    media = pipeline.drop("talk.wav")

    pipeline.run()

    for rule in ("transcript", "german", "spanish-subtitles"):
        assert pipeline.job(media, rule).state is JobState.DELIVERED
    assert pipeline.files() == {
        "talk.wav",
        "talk.en.docx",
        "talk.en.txt",
        "talk.de.docx",
        "talk.de.txt",
        "talk.es.srt",
        "talk.es.vtt",
    }
    assert "German sample:" in (pipeline.folder / "talk.de.txt").read_text()
    assert "Spanish sample:" in (pipeline.folder / "talk.es.srt").read_text()
    translation = pipeline.store.intents.get(pipeline.job(media, "german").id)
    assert translation is not None
    transcript_order = pipeline.job(media, "transcript").order_id
    assert urlsplit(translation.request["url"]).path == (
        f"/api/v4/orders/{transcript_order}/transcription"
    )
    assert len(pipeline.orders()) == 3


def test_a_media_file_is_aligned_with_its_same_stem_script(pipeline: Harness) -> None:
    pipeline.write_rules(ALIGNMENT)
    (pipeline.folder / "talk.txt").write_text(SCRIPT + "\n", encoding="utf-8")
    media = pipeline.drop("talk.wav", seconds=6.0)

    pipeline.run()

    assert pipeline.job(media).state is JobState.DELIVERED
    assert pipeline.files() == {
        "talk.wav",
        "talk.txt",
        "talk.en.json",
        "talk.en.srt",
        "talk.en.vtt",
    }
    words = _words_of_json((pipeline.folder / "talk.en.json").read_text())
    assert [word.strip(".,").lower() for word in words] == SCRIPT.replace(".", "").split()


def test_a_missing_script_waits_for_a_person_and_adding_it_then_retry_completes(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(ALIGNMENT)
    media = pipeline.drop("talk.wav", seconds=6.0)
    pipeline.run()

    job = pipeline.job(media)
    assert job.state is JobState.NEEDS_ATTENTION
    assert job.error is not None
    assert "talk.txt is missing" in job.error and f"`gt-watch retry {job.id}`" in job.error
    assert pipeline.orders() == []

    (pipeline.folder / "talk.txt").write_text(SCRIPT + "\n", encoding="utf-8")
    pipeline.retry(job.id)
    pipeline.run()

    assert pipeline.job(media).state is JobState.DELIVERED
    words = _words_of_json((pipeline.folder / "talk.en.json").read_text())
    assert [word.strip(".,").lower() for word in words] == SCRIPT.replace(".", "").split()
    assert len(pipeline.orders()) == 1
