"""From stored results to sidecar bytes, pure: which output is made from which result, and
how. Reads the revision folder once (`load_bundle`); renders without I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import gt_watch.api.formats as formats
from gt_watch.errors import ResultFormatError
from gt_watch.model import Cue, Segment, Transcript, Word
from gt_watch.pipeline.fetching import (
    ALIGNMENT,
    CAPTIONS,
    TRANSCRIPT,
    TRANSLATION,
    VENDOR_DOCX,
    decode,
)
from gt_watch.pipeline.plan import DeliveryPlan
from gt_watch.results.docx import render_docx
from gt_watch.results.segment import segment
from gt_watch.results.srt import render_srt
from gt_watch.results.txt import render_txt
from gt_watch.results.vtt import render_vtt
from gt_watch.results.wordjson import render_word_json


@dataclass(frozen=True)
class ResultBundle:
    """The parsed results of one revision of one job."""

    transcript: Transcript | None
    vendor_cues: tuple[Cue, ...]
    raw: Mapping[str, bytes] = field(default_factory=dict)

    @property
    def timed_words(self) -> tuple[Word, ...]:
        words = self.transcript.words if self.transcript else ()
        return words if any(word.end > 0 for word in words) else ()


def load_bundle(folder: Path) -> ResultBundle:
    """Given a revision folder, parse what it holds. Raise ResultFormatError if it is empty."""
    raw = {path.name: path.read_bytes() for path in folder.iterdir() if path.name != "DIGEST"}
    transcript = None
    for name, parser in (
        (TRANSCRIPT, formats.parse_transcript),
        (ALIGNMENT, formats.parse_alignment),
        (TRANSLATION, formats.parse_text_document),
    ):
        if name in raw:
            transcript = parser(decode(raw[name], name))
            break
    cues = tuple(formats.parse_captions(decode(raw[CAPTIONS], CAPTIONS))) if CAPTIONS in raw else ()
    if transcript is None and not cues:
        raise ResultFormatError(f"no results in {folder}")
    return ResultBundle(transcript, cues, raw)


def render_output(
    output: str,
    bundle: ResultBundle,
    plan: DeliveryPlan,
    *,
    title: str,
    source_name: str,
    date: dt.date,
) -> bytes:
    """Given an output name of the rules, the results and the delivery plan, return the
    sidecar's bytes (UTF-8 without BOM for text). Raise ResultFormatError if the results
    cannot make that output (captions from a text without timings)."""
    if output in ("srt", "vtt"):
        cues = caption_cues(bundle, plan)
        return (render_srt(cues) if output == "srt" else render_vtt(cues)).encode("utf-8")
    if output == "vendor-docx":
        return _raw(bundle, VENDOR_DOCX)
    if output == "vendor-captions":
        return _raw(bundle, CAPTIONS)
    transcript = bundle.transcript or transcript_from_cues(bundle.vendor_cues)
    if output == "txt":
        return render_txt(transcript).encode("utf-8")
    if output == "docx":
        return render_docx(transcript, title=title, source_name=source_name, date=date)
    if output == "json":
        return render_word_json(transcript).encode("utf-8")
    raise ResultFormatError(f"unknown output {output!r}")


def caption_cues(bundle: ResultBundle, plan: DeliveryPlan) -> list[Cue]:
    """Cues from word timings under the folder's style profile; the vendor's own cues when
    there are no word timings (subtitles); an error when there is neither."""
    if bundle.timed_words:
        return segment(bundle.timed_words, plan.profile, offset=plan.timecode_offset)
    if bundle.vendor_cues:
        shift = plan.timecode_offset
        return [
            Cue(cue.start + shift, cue.end + shift, cue.lines, cue.speaker)
            for cue in bundle.vendor_cues
        ]
    raise ResultFormatError("these results have no timings, so no captions can be made")


def transcript_from_cues(cues: tuple[Cue, ...]) -> Transcript:
    """A transcript whose segments are the cues (for text outputs of subtitle orders)."""
    return Transcript(
        tuple(Segment(cue.start, cue.end, " ".join(cue.lines), cue.speaker) for cue in cues)
    )


def _raw(bundle: ResultBundle, name: str) -> bytes:
    try:
        return bundle.raw[name]
    except KeyError:
        raise ResultFormatError(f"the vendor did not deliver {name}") from None
