"""Fetching results of a finished order into the state folder, as revisions. No rendering.

Results are kept under `<results>/<job>/r<N>/`, token-free, so that copies of the same media
found later are delivered without another download, and a re-delivery that changed nothing
rewrites nothing. Every result is parsed once here, so a result gt-watch cannot read is
reported now, not when a sidecar is due.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import gt_watch.api.formats as formats
from gt_watch.errors import ApiError, ResultFormatError
from gt_watch.model import JobState, OrderKind
from gt_watch.pipeline.context import Context, log, try_again_later
from gt_watch.pipeline.ordering import hold
from gt_watch.pipeline.plan import DeliveryPlan
from gt_watch.results.sidecars import atomic_write
from gt_watch.store.rows import JobRecord

_S = JobState


@dataclass(frozen=True, slots=True)
class Wanted:
    """One result file: the order field holding its URL, the format asked for, the local name,
    and whether the order must have it."""

    field: str
    fmt: str | None
    name: str
    required: bool = True


TRANSCRIPT = "transcript.json"
ALIGNMENT = "alignment.json"
TRANSLATION = "translation.txt"
CAPTIONS = "captions.srt"
VENDOR_DOCX = "vendor.docx"

# What to fetch per kind. ASSUMPTION: captions files are SubRip; transcripts have `format=json`;
# translations are read as text (they carry no timings).
RESULTS: Mapping[OrderKind, tuple[Wanted, ...]] = {
    OrderKind.TRANSCRIPTION: (Wanted("transcription_url", "json", TRANSCRIPT),),
    OrderKind.AI_TRANSCRIPTION: (
        Wanted("transcription_url", "json", TRANSCRIPT),
        Wanted("captions_url", None, CAPTIONS, required=False),
    ),
    OrderKind.PROOFREADING: (
        Wanted("proofread_transcription_url", "json", TRANSCRIPT),
        Wanted("proofread_captions_url", None, CAPTIONS, required=False),
    ),
    OrderKind.FORCED_ALIGNMENT: (Wanted("forced_alignment_transcription_url", None, ALIGNMENT),),
    OrderKind.TRANSLATION: (Wanted("translation_url", "text", TRANSLATION),),
    OrderKind.CAPTIONS: (
        Wanted("transcription_url", "json", TRANSCRIPT, required=False),
        Wanted("captions_url", None, CAPTIONS),
    ),
    OrderKind.SUBTITLES: (Wanted("subtitles_url", None, CAPTIONS),),
}
_PARSERS = {
    TRANSCRIPT: formats.parse_transcript,
    ALIGNMENT: formats.parse_alignment,
    TRANSLATION: formats.parse_text_document,
    CAPTIONS: formats.parse_captions,
}


def revision_folder(results_dir: Path, job_id: str, revision: int) -> Path:
    return results_dir / job_id / f"r{revision}"


def wanted(kind: OrderKind, outputs: set[str]) -> tuple[Wanted, ...]:
    """The result files to fetch for a kind, plus the vendor's DOCX if a folder asks for it."""
    files = RESULTS[kind]
    if "vendor-docx" in outputs:
        files = (*files, Wanted(files[0].field, "docx", VENDOR_DOCX))
    return files


def fetch(ctx: Context, job: JobRecord) -> JobRecord:
    """Download and check the results of a `finished` job; store them as a new revision if
    they differ from the last one. `finished` -> `fetched` (or back to `delivered` when a
    re-delivery changed nothing)."""
    assert job.order_id is not None
    outputs = {
        output
        for delivery in ctx.store.deliveries.for_job(job.id)
        for output in DeliveryPlan.from_json(delivery.rule).outputs
    }
    try:
        info = ctx.api.order(job.order_id, job.mode)
        downloaded = _download(ctx, info.result_urls, wanted(job.kind, outputs))
    except ApiError as error:
        return try_again_later(ctx, job.id, f"cannot fetch results yet: {error}")
    except ResultFormatError as error:
        return hold(ctx, job, f"the results of order {job.order_id} are unreadable: {error}")
    if job.revision and _digest(downloaded) == _stored_digest(ctx, job):
        delivered = not ctx.store.deliveries.pending(job.id)
        target = _S.DELIVERED if delivered else _S.FETCHED
        return ctx.store.jobs.transition(
            job.id, target, expect={_S.FINISHED}, note="results unchanged", error=None
        )
    revision = job.revision + 1
    folder = revision_folder(ctx.settings.results_dir, job.id, revision)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in downloaded.items():
        atomic_write(folder / name, data)
    atomic_write(folder / "DIGEST", _digest(downloaded).encode())
    ctx.store.deliveries.reopen(job.id)
    log.info("fetched results (revision %d)", revision, extra={"job": job.id})
    return ctx.store.jobs.transition(
        job.id,
        _S.FETCHED,
        expect={_S.FINISHED},
        note=f"results fetched (revision {revision})",
        revision=revision,
        error=None,
        next_check_at=None,
    )


def _download(ctx: Context, urls: Mapping[str, str], files: tuple[Wanted, ...]) -> dict[str, bytes]:
    downloaded: dict[str, bytes] = {}
    for item in files:
        url = urls.get(item.field)
        if not url:
            if item.required:
                raise ResultFormatError(f"the finished order has no {item.field}")
            continue
        data = ctx.api.download(url, item.fmt)
        parser = _PARSERS.get(item.name)
        if parser is not None:
            parser(decode(data, item.name))
        downloaded[item.name] = data
    return downloaded


def decode(data: bytes, name: str) -> str:
    """A text result as str. Raise ResultFormatError if it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ResultFormatError(f"{name} is not UTF-8 text ({error.reason})") from error


def _digest(files: Mapping[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return digest.hexdigest()


def _stored_digest(ctx: Context, job: JobRecord) -> str | None:
    path = revision_folder(ctx.settings.results_dir, job.id, job.revision) / "DIGEST"
    try:
        return path.read_text()
    except FileNotFoundError:
        return None
