"""`gt-watch qc` and `gt-watch convert`: caption checks and offline conversion. Argument
parsing, reading and writing files, and human output only; the work is done by
gt_watch.api.formats (reading) and gt_watch.results (cutting, rendering, checking).
"""

from __future__ import annotations

import datetime
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import click

from gt_watch.api.formats import parse_alignment, parse_captions, parse_transcript
from gt_watch.errors import GtWatchError, ResultFormatError
from gt_watch.model import Cue, StyleProfile, Transcript
from gt_watch.results.captionfile import format_problems
from gt_watch.results.convert import FORMATS, render
from gt_watch.results.profiles import DEFAULT_PROFILE, PROFILES
from gt_watch.results.qc import KINDS, QcReport, Violation, check
from gt_watch.results.timecode import format_srt_time, parse_offset, seconds_to_ms

_PROFILE_HELP = "Caption style profile (docs/captions.md lists their rules)."


def _profile(name: str | None) -> StyleProfile | None:
    return PROFILES[name] if name else None


def read_source(data: bytes) -> Transcript | list[Cue]:
    """Given an input file's bytes, return its transcript (transcript or forced-alignment
    JSON) or its cues (SRT or WebVTT). Raise ResultFormatError saying what each reader
    expected if none can read it."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head not in (b"{", b"["):
        return parse_captions(data)
    try:
        return parse_transcript(data)
    except ResultFormatError as transcript_error:
        try:
            return parse_alignment(data)
        except ResultFormatError as alignment_error:
            raise ResultFormatError(
                f"not a transcript ({transcript_error}) and not a forced alignment "
                f"({alignment_error})"
            ) from None


def write_atomically(path: Path, data: bytes, *, overwrite: bool) -> None:
    """Write `data` to `path` through a temporary file in the same folder, so that the file
    is either complete or absent. A file that already holds exactly `data` is left alone.
    Raise GtWatchError if it holds something else and `overwrite` is false."""
    if path.exists() and not overwrite:
        if path.is_file() and path.read_bytes() == data:
            return
        raise GtWatchError(f"{path} exists; use --force to replace it, or --output elsewhere")
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _output_path(source: Path, target: str, output: str | None) -> Path | None:
    """None means standard output."""
    if output == "-":
        return None
    path = Path(output) if output else source.with_suffix(f".{target}")
    if path.resolve() == source.resolve():
        raise click.UsageError(f"{path} is the input file; give another --output")
    return path


@click.command(
    "convert", short_help="Convert a transcript or captions to SRT, VTT, TXT, DOCX or JSON."
)
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--to", "target", type=click.Choice(FORMATS), required=True, help="Output format.")
@click.option(
    "--profile",
    type=click.Choice(sorted(PROFILES)),
    help=_PROFILE_HELP
    + f" Transcripts are cut under {DEFAULT_PROFILE.name} unless another is named; SRT/VTT "
    "input keeps its cues unless a profile or --max-lines is given.",
)
@click.option(
    "--offset",
    help="Timecode added to caption times: 01:00:00:00 (frames at the profile's frame "
    "rate; Resolve timelines start there), 01:00:00.000, or seconds.",
)
@click.option(
    "--max-lines", type=click.IntRange(1, 9), help="Lines per cue (overrides the profile)."
)
@click.option(
    "--timestamps/--no-timestamps",
    default=None,
    help="Timestamps in TXT (off by default) and DOCX (on by default).",
)
@click.option("--title", help="DOCX title (default: the input's name).")
@click.option(
    "-o",
    "--output",
    help="Output file, '-' for standard output only (default: the input's name with the new "
    "suffix; text formats are then also copied to standard output when it is not a terminal).",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def convert(
    source: Path,
    target: str,
    profile: str | None,
    offset: str | None,
    max_lines: int | None,
    timestamps: bool | None,
    title: str | None,
    output: str | None,
    force: bool,
) -> None:
    """Convert SOURCE offline: transcript JSON (GoTranscript, Rev, AWS, Deepgram and other
    shapes), forced-alignment JSON, or SRT/WebVTT captions, into SRT, WebVTT, TXT, DOCX or
    gt-watch's word-timing JSON. Captions are cut from word timings under a style profile.

    Example:  gt-watch convert interview.json --to srt --profile netflix-en
    """
    chosen = _profile(profile)
    frame_rate = (chosen or DEFAULT_PROFILE).frame_rate
    data = render(
        target,
        read_source(source.read_bytes()),
        profile=chosen,
        max_lines=max_lines,
        offset=parse_offset(offset, frame_rate) if offset else 0.0,
        timestamps=timestamps,
        title=title or source.stem,
        source_name=source.name,
        date=datetime.date.fromtimestamp(source.stat().st_mtime),
    )
    path = _output_path(source, target, output)
    if path is not None:
        write_atomically(path, data, overwrite=force)
        click.echo(f"wrote {path}", err=True)
    # Scripts and pipes get text results on standard output too, whatever they expect.
    if path is None or (output is None and target != "docx" and not sys.stdout.isatty()):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def _where(violation: Violation) -> str:
    if violation.cue is None:
        return "file"
    if violation.start is None:
        return f"cue {violation.cue}"
    return f"cue {violation.cue} at {format_srt_time(max(0, seconds_to_ms(violation.start)))}"


def _summary(report: QcReport) -> list[str]:
    lines = [
        f"checked {report.cues} cues against {report.profile}: "
        f"{len(report.violations)} violations in {report.failing_cues} cues"
    ]
    lines += [f"  {kind}: {count} ({KINDS[kind]})" for kind, count in report.by_kind.items()]
    lines.append(
        f"conforming cues: {report.conforming_cues} of {report.cues} "
        f"({report.conforming_share:.2%})"
    )
    return lines


def _report(file: Path, profile: StyleProfile, max_lines: int | None) -> QcReport:
    data = file.read_bytes()
    cues: Sequence[Cue] = parse_captions(data)
    report = check(cues, profile, max_lines=max_lines)
    claimed = {".vtt": True, ".srt": False}.get(file.suffix.lower())
    problems = tuple(format_problems(data, vtt=claimed))
    return QcReport(report.profile, report.cues, problems + report.violations)


@click.command("qc", short_help="Check an SRT or VTT file against a caption style.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--profile",
    type=click.Choice(sorted(PROFILES)),
    default=DEFAULT_PROFILE.name,
    show_default=True,
    help=_PROFILE_HELP,
)
@click.option(
    "--max-lines", type=click.IntRange(1, 9), help="Lines per cue (overrides the profile)."
)
def qc(file: Path, profile: str, max_lines: int | None) -> None:
    """Check an SRT or WebVTT FILE against a caption style profile and the format rules:
    each violation with its cue number and time, then a summary. Exits with status 1 when
    any violation is found, 0 when the file conforms.

    Example:  gt-watch qc interview.en.srt --profile netflix-en
    """
    report = _report(file, PROFILES[profile], max_lines)
    for violation in report.violations:
        click.echo(f"{_where(violation)}: {violation.kind}: {violation.detail}")
    for line in _summary(report):
        click.echo(line)
    if not report.passed:
        raise click.exceptions.Exit(1)
