"""Reading sidecars the way editors' and media servers' tooling does: SRT with `srt`, WebVTT
with `webvtt-py`, DOCX with python-docx; text as UTF-8 without a byte order mark."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import srt
import webvtt

BOM = b"\xef\xbb\xbf"


def check_sidecar(path: Path) -> None:
    """Fail unless the sidecar at `path` parses by its extension and holds some text."""
    data = path.read_bytes()
    if path.suffix == ".docx":
        document = docx.Document(io.BytesIO(data))
        assert any(paragraph.text.strip() for paragraph in document.paragraphs), path.name
        return
    assert not data.startswith(BOM), f"{path.name} starts with a byte order mark"
    text = data.decode("utf-8")
    if path.suffix == ".srt":
        assert list(srt.parse(text, ignore_errors=False)), path.name
    elif path.suffix == ".vtt":
        assert webvtt.from_string(text).captions, path.name
    else:
        assert text.strip(), path.name
