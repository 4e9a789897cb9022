"""The format rules of caption files, checked on the bytes: UTF-8 without BOM, LF line ends,
SRT sequence numbers and `HH:MM:SS,mmm` times, the WebVTT header and `HH:MM:SS.mmm` times,
no cue without text. Reading the cues themselves is the parsers' job (api.formats); this
module only says where a file departs from the format. Pure.
"""

from __future__ import annotations

import re

from gt_watch.results.qc import Violation

_SRT_TIMING = re.compile(r"^\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}$")
_VTT_TIME = r"(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}"
_VTT_TIMING = re.compile(rf"^{_VTT_TIME} --> {_VTT_TIME}(?:[ \t]+\S.*)?$")
_VTT_HEADER = re.compile(r"^WEBVTT(?:[ \t].*)?$")
_VTT_BLOCKS = ("NOTE", "STYLE", "REGION")


def _file_problem(message: str) -> Violation:
    return Violation(None, None, "format", message)


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines, each with the 1-based number of its first line."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not current:
                blocks.append((number, current))
            current.append(line)
        else:
            current = []
    return blocks


def _srt_problems(text: str) -> list[Violation]:
    problems = []
    for cue, (line, block) in enumerate(_blocks(text), 1):
        if block[0].strip() != str(cue):
            problems.append(
                Violation(cue, None, "format", f"line {line}: sequence number {cue} expected")
            )
        if len(block) < 2 or not _SRT_TIMING.match(block[1]):
            where = f"line {line + 1}: " if len(block) > 1 else f"line {line}: "
            problems.append(
                Violation(
                    cue, None, "format", where + "timing must read HH:MM:SS,mmm --> HH:MM:SS,mmm"
                )
            )
        elif len(block) < 3:
            problems.append(Violation(cue, None, "format", f"line {line + 1}: cue without text"))
    return problems


def _vtt_problems(text: str) -> list[Violation]:
    blocks = _blocks(text)
    if not blocks or not _VTT_HEADER.match(blocks[0][1][0]):
        return [_file_problem("line 1: a WebVTT file starts with 'WEBVTT'")]
    problems = []
    cue = 0
    for line, block in blocks[1:]:
        if block[0].split(maxsplit=1)[0] in _VTT_BLOCKS:
            continue
        cue += 1
        timing = 1 if len(block) > 1 and "-->" in block[1] else 0
        if not _VTT_TIMING.match(block[timing]):
            detail = f"line {line + timing}: timing must read HH:MM:SS.mmm --> HH:MM:SS.mmm"
            problems.append(Violation(cue, None, "format", detail))
        elif len(block) <= timing + 1:
            problems.append(Violation(cue, None, "format", f"line {line}: cue without text"))
    return problems


def format_problems(data: bytes, *, vtt: bool | None = None) -> list[Violation]:
    """Given the bytes of an SRT or WebVTT file, return every way it departs from the format
    as gt-watch writes it. `vtt` says which format the file claims to be (its suffix);
    None: WebVTT if it starts with `WEBVTT`, else SRT."""
    problems = []
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append(_file_problem("the file starts with a byte order mark (BOM)"))
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return [*problems, _file_problem(f"byte {error.start} is not UTF-8")]
    if "\r" in text:
        problems.append(_file_problem("CR line ends (Windows style); LF only is expected"))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if vtt or (vtt is None and text.lstrip().startswith("WEBVTT")):
        return problems + _vtt_problems(text)
    return problems + _srt_problems(text)
