"""DOCX transcripts (python-docx): a title, the source file and date, the speakers, then one
paragraph per speaker turn with optional timestamps, in styles that read well on screen and
on paper. Pure: returns the document's bytes; the caller writes them.
"""

from __future__ import annotations

import datetime
import io
import zipfile

import docx
from docx.shared import Pt, RGBColor

from gt_watch.model import Transcript
from gt_watch.results.paragraphs import Paragraph, paragraphs
from gt_watch.results.timecode import format_clock

_GREY = RGBColor(0x6B, 0x6B, 0x6B)
_STAMP_SIZE = Pt(9)


def _set_up_styles(document: docx.document.Document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = 1.15


def _speakers(items: list[Paragraph]) -> list[str]:
    return list(dict.fromkeys(item.speaker for item in items if item.speaker))


def _header(
    document: docx.document.Document,
    title: str,
    source_name: str,
    date: datetime.date,
    speakers: list[str],
) -> None:
    document.add_paragraph(title, style="Title")
    details = document.add_paragraph(style="Subtitle")
    details.add_run(f"Source: {source_name}\nDate: {date.isoformat()}")
    if speakers:
        details.add_run("\nSpeakers: " + ", ".join(speakers))


def render_docx(
    transcript: Transcript,
    *,
    title: str,
    source_name: str,
    date: datetime.date,
    timestamps: bool = True,
) -> bytes:
    """Given a transcript, a title, the source media's file name and the transcript's date,
    return a DOCX document: one paragraph per turn, the speaker's name in bold at the start
    of each turn, and `[HH:MM:SS]` before each paragraph unless `timestamps` is false.
    Raise CaptionError if a timestamp is past 99:59:59."""
    items = paragraphs(transcript)
    document = docx.Document()
    properties = document.core_properties
    properties.title = title
    properties.subject = source_name
    properties.created = properties.modified = datetime.datetime.combine(date, datetime.time())
    _set_up_styles(document)
    _header(document, title, source_name, date, _speakers(items))
    for item in items:
        paragraph = document.add_paragraph()
        # Direct run formatting: python-docx looks a named style up in the whole style
        # table on every run, which made long transcripts twenty times slower.
        if timestamps:
            stamp = paragraph.add_run(f"[{format_clock(item.start)}] ")
            stamp.font.color.rgb = _GREY
            stamp.font.size = _STAMP_SIZE
        if item.new_speaker:
            paragraph.add_run(f"{item.speaker}: ").bold = True
        paragraph.add_run(item.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return _dated_members(buffer.getvalue(), date)


def _dated_members(package: bytes, date: datetime.date) -> bytes:
    """Given a DOCX package, return it with every zip member dated `date` at midnight.

    python-docx stamps each member with the wall clock, so the same transcript rendered
    twice gave different bytes: a sidecar written just before a crash then looked edited by
    someone else on restart, and an unchanged re-delivery rewrote it (with a backup).
    """
    moment = (max(date.year, 1980), date.month, date.day, 0, 0, 0)
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            dated = zipfile.ZipInfo(member.filename, date_time=moment)
            dated.compress_type = member.compress_type
            dated.external_attr = member.external_attr
            target.writestr(dated, source.read(member))
    return output.getvalue()
