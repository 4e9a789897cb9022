"""The result files of an order: which text it gets and how each file is rendered. Pure.

A `Recipe` is everything that determines an order's text (media hash, language, span,
submitted words, revision); equal recipes give byte-equal files, which is what makes the
sandbox deterministic and lets it rebuild files after a restart instead of storing them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from gt_watch.model import OrderKind, Segment, Transcript
from gt_watch.sandbox import content, documents, timeline
from gt_watch.sandbox.orders import OrderRecord
from gt_watch.sandbox.settings import TranscriptShape

# What each result file is: a transcript document, SubRip captions, or alignment JSON.
TRANSCRIPT, CAPTIONS, ALIGNMENT = "transcript", "captions", "alignment"
FILE_KINDS = {
    "transcription": TRANSCRIPT,
    "proofread_transcription": TRANSCRIPT,
    "translation": TRANSCRIPT,
    "captions": CAPTIONS,
    "proofread_captions": CAPTIONS,
    "subtitles": CAPTIONS,
    "forced_alignment": ALIGNMENT,
}


@dataclass(frozen=True, slots=True)
class Recipe:
    """Everything that decides an order's text and timings."""

    kind: OrderKind
    media_sha256: str
    language: str
    span: tuple[float, float]
    duration: float
    number_of_speakers: str | None = None
    full_verbatim: bool = False
    source_words: tuple[str, ...] = ()
    translate_from: str = ""
    revision: int = 1


def recipe_of(order: OrderRecord) -> Recipe:
    """Given an order record, return the recipe of its result files."""
    params = order.params
    return Recipe(
        kind=order.kind,
        media_sha256=order.media_sha256,
        language=params.get("translate_to") or params.get("language") or "english",
        span=order.span,
        duration=order.duration,
        number_of_speakers=params.get("number_of_speakers"),
        full_verbatim=params.get("text_format") == "full_verbatim",
        source_words=tuple(order.source_words or ()),
        translate_from=params.get("translate_from", ""),
        revision=order.revision,
    )


@functools.lru_cache(maxsize=64)
def transcript_of(recipe: Recipe) -> Transcript:
    """Given a recipe, return the order's transcript (words timed across its span; a
    translation has no timings)."""
    seed = content.seed_of(recipe.media_sha256)
    start, end = recipe.span
    if recipe.kind is OrderKind.TRANSLATION:
        source = content.split_sentences(recipe.source_words)
        translated = content.revise(
            content.translate(source, recipe.language, seed), seed, recipe.revision
        )
        return Transcript(
            tuple(Segment(0.0, 0.0, " ".join(s)) for s in translated), recipe.language
        )
    sentences = _spoken_sentences(recipe, seed)
    speakers = (
        1
        if recipe.kind is OrderKind.FORCED_ALIGNMENT
        else timeline.speaker_count(recipe.number_of_speakers, seed, end - start)
    )
    spoken = timeline.turns(sentences, speakers, seed)
    return timeline.place(spoken, start, end, seed, recipe.language)


def _spoken_sentences(recipe: Recipe, seed: int) -> list[content.Sentence]:
    if recipe.kind is OrderKind.PROOFREADING:
        return content.proofread(recipe.source_words, seed, recipe.revision)
    if recipe.kind is OrderKind.FORCED_ALIGNMENT:
        return content.split_sentences(recipe.source_words)
    start, end = recipe.span
    budget = timeline.word_budget(seed, end - start)
    if recipe.kind is OrderKind.SUBTITLES:
        source = content.sentences(seed, budget, recipe.translate_from)
        spoken = content.translate(source, recipe.language, seed)
    else:
        spoken = content.sentences(
            seed, budget, recipe.language, full_verbatim=recipe.full_verbatim
        )
    return content.revise(spoken, seed, recipe.revision)


def render(
    recipe: Recipe,
    name: str,
    result_format: str | None,
    *,
    shape: TranscriptShape,
    title: str,
    timestamping: str | None = None,
) -> tuple[bytes, str, str]:
    """Given a recipe, a file name (`captions`, `transcription`, ...) and the requested
    `format`, return (bytes, media type, file extension). Raise ValueError with a message
    for people if the format cannot be produced."""
    transcript = transcript_of(recipe)
    file_kind = FILE_KINDS[name]
    if file_kind == CAPTIONS:
        return documents.render_subrip(transcript), "application/x-subrip; charset=utf-8", "srt"
    if file_kind == ALIGNMENT:
        return documents.render_alignment(transcript), "application/json", "json"
    chosen = result_format or "docx"
    if chosen in documents.UNPRODUCIBLE_FORMATS:
        raise ValueError(
            f"format '{chosen}' cannot be produced by the sandbox; ask for docx, text, html or json"
        )
    if chosen not in documents.TRANSCRIPT_FORMATS:
        raise ValueError(f"format '{chosen}' is unknown; use docx, doc, pdf, text, html or json")
    body, media_type = documents.render_transcript(
        transcript,
        chosen,
        title=title,
        duration=recipe.duration,
        shape=shape,
        timestamping=timestamping,
    )
    return body, media_type, "txt" if chosen == "text" else chosen
