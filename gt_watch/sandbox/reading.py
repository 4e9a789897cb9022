"""Reading the words of a submitted document: the transcript a proofreading or forced
alignment order points at, or the document a translation order points at. Pure: bytes in,
words out. Accepts DOCX, JSON (the transcript shapes the sandbox writes, or any JSON with
text fields), HTML, SubRip and plain text.
"""

from __future__ import annotations

import html.parser
import io
import json
import re
import zipfile

import docx
import srt

from gt_watch.errors import MediaError

# Speaker labels and time marks that the sandbox's own documents carry: not spoken words.
_LABEL = re.compile(r"^\s*(?:\[\d\d:\d\d:\d\d\]\s*)?(?:Speaker \d+|S\d+):\s*")
_TIME_MARK = re.compile(r"\[\d\d:\d\d:\d\d\]")
_TEXT_KEYS = ("text", "value", "content", "transcript", "word")


def document_words(body: bytes, url: str) -> list[str]:
    """Given a document's bytes, return its spoken words (punctuation attached).
    Raise MediaError (naming `url`) if it is not a readable text document or has no words."""
    lines = _document_lines(body, url)
    words = [word for line in lines for word in _TIME_MARK.sub(" ", _LABEL.sub("", line)).split()]
    if not words:
        raise MediaError(f"the document at {url} contains no words")
    return words


def _document_lines(body: bytes, url: str) -> list[str]:
    if body.startswith(b"PK"):
        return _docx_lines(body, url)
    text = _decoded(body, url)
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            return _json_lines(json.loads(text))
        except json.JSONDecodeError:
            pass  # text that merely starts with a bracket
    if stripped[:100].lower().startswith(("<!doctype html", "<html", "<p", "<body", "<div")):
        return _html_lines(text)
    if re.match(r"\s*1\s*\r?\n\d\d:\d\d:\d\d,\d{3} --> ", text):
        return [subtitle.content for subtitle in srt.parse(text)]
    return text.splitlines()


def _decoded(body: bytes, url: str) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise MediaError(
            f"the document at {url} is not UTF-8 text, DOCX, HTML, JSON or SubRip"
        ) from error


def _docx_lines(body: bytes, url: str) -> list[str]:
    try:
        document = docx.Document(io.BytesIO(body))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise MediaError(f"the document at {url} looks like a ZIP file but is not DOCX") from error
    # The sandbox's own DOCX starts with a title heading that nobody spoke.
    return [p.text for p in document.paragraphs if not _is_heading(p.style)]


def _is_heading(style: object) -> bool:
    return str(getattr(style, "name", "")).startswith("Heading")


def _json_lines(data: object) -> list[str]:
    if isinstance(data, dict):
        if isinstance(data.get("segments"), list):
            return [str(s.get("text", "")) for s in data["segments"] if isinstance(s, dict)]
        results = data.get("results")
        if isinstance(results, dict) and isinstance(results.get("transcripts"), list):
            transcripts = results["transcripts"]
            return [str(t.get("transcript", "")) for t in transcripts if isinstance(t, dict)]
        if isinstance(data.get("monologues"), list):
            return [_monologue_text(m) for m in data["monologues"] if isinstance(m, dict)]
    return list(_json_strings(data))


def _monologue_text(monologue: dict[str, object]) -> str:
    elements = monologue.get("elements")
    if not isinstance(elements, list):
        return ""
    return "".join(str(e.get("value", "")) for e in elements if isinstance(e, dict))


def _json_strings(data: object) -> list[str]:
    """Every string under a text-like key, depth first (alignment arrays, other vendors)."""
    if isinstance(data, list):
        return [text for item in data for text in _json_strings(item)]
    if isinstance(data, dict):
        found: list[str] = []
        for key, value in data.items():
            if key in _TEXT_KEYS and isinstance(value, str):
                found.append(value)
            elif isinstance(value, dict | list):
                found.extend(_json_strings(value))
        return found
    return []


class _TextCollector(html.parser.HTMLParser):
    _SKIPPED = ("script", "style", "title", "head")

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = [""]
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIPPED:
            self._skipping += 1
        elif tag in ("p", "br", "div", "li", "h1", "h2", "h3", "tr"):
            self.lines.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIPPED:
            self._skipping = max(0, self._skipping - 1)

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.lines[-1] += data


def _html_lines(text: str) -> list[str]:
    collector = _TextCollector()
    collector.feed(text)
    collector.close()
    return collector.lines
