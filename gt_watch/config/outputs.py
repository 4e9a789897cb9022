"""Which sidecar outputs each order kind can produce, and how sidecar names are templated.

Pure data and pure functions. The table says what a kind's results contain: a translation
is a document without timings, so it cannot become an SRT; a forced alignment has word
timings but no vendor document. Must not touch files: writing sidecars is `results`' job.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from gt_watch import catalog
from gt_watch.config.problems import suggest
from gt_watch.model import OrderKind, OrderRule

# Output name -> the extension it is written with ({ext} in a naming template). The vendor's
# own files carry `vendor.` so that they never collide with the rendered ones by default.
OUTPUT_EXTENSIONS: Mapping[str, str] = {
    "srt": "srt",
    "vtt": "vtt",
    "txt": "txt",
    "docx": "docx",
    "json": "json",
    "vendor-docx": "vendor.docx",
    "vendor-captions": "vendor.srt",  # ASSUMPTION: captions_url serves SubRip (api-notes.md)
}

_RENDERED_TIMED = ("srt", "vtt", "txt", "docx", "json")

KIND_OUTPUTS: Mapping[OrderKind, tuple[str, ...]] = {
    OrderKind.TRANSCRIPTION: (*_RENDERED_TIMED, "vendor-docx"),
    OrderKind.AI_TRANSCRIPTION: (*_RENDERED_TIMED, "vendor-docx", "vendor-captions"),
    OrderKind.PROOFREADING: (*_RENDERED_TIMED, "vendor-docx", "vendor-captions"),
    OrderKind.FORCED_ALIGNMENT: ("srt", "vtt", "txt", "docx", "json"),
    OrderKind.TRANSLATION: ("txt", "docx", "vendor-docx"),
    OrderKind.CAPTIONS: (*_RENDERED_TIMED, "vendor-docx", "vendor-captions"),
    OrderKind.SUBTITLES: ("srt", "vtt", "txt", "docx", "vendor-captions"),
}

DEFAULT_OUTPUTS: Mapping[OrderKind, tuple[str, ...]] = {
    OrderKind.TRANSCRIPTION: ("docx", "txt"),
    OrderKind.AI_TRANSCRIPTION: ("srt", "vtt", "docx", "txt"),
    OrderKind.PROOFREADING: ("docx", "txt"),
    OrderKind.FORCED_ALIGNMENT: ("json", "srt", "vtt"),
    OrderKind.TRANSLATION: ("docx", "txt"),
    OrderKind.CAPTIONS: ("srt", "vtt", "docx", "txt"),
    OrderKind.SUBTITLES: ("srt", "vtt"),
}

_WHY_NOT: Mapping[OrderKind, str] = {
    OrderKind.TRANSLATION: "a translation is a document without timings",
    OrderKind.FORCED_ALIGNMENT: "a forced alignment returns word timings, no vendor document",
    OrderKind.SUBTITLES: "subtitles come as a subtitle file, without word timings",
}

DEFAULT_NAMING = "{stem}.{lang}.{ext}"
NAMING_KEYS = ("stem", "lang", "iso", "ext", "rule", "kind")
SCRIPT_KEYS = ("stem",)


def output_problem(kind: OrderKind, output: str, params: Mapping[str, str]) -> str | None:
    """Given an order kind, one of its outputs and its parameters, return why that output
    cannot be produced, or None if it can."""
    if output not in OUTPUT_EXTENSIONS:
        known = ", ".join(OUTPUT_EXTENSIONS)
        return f"'{output}' is not an output{suggest(output, OUTPUT_EXTENSIONS)}; known: {known}"
    allowed = KIND_OUTPUTS[kind]
    if output not in allowed:
        why = _WHY_NOT.get(kind, "its results do not contain it")
        title = catalog.KINDS[kind].title
        return f"{title} orders cannot produce '{output}' ({why}); they can: {', '.join(allowed)}"
    proofread_captions = params.get("captions") in ("true", "1")
    if kind is OrderKind.PROOFREADING and output == "vendor-captions" and not proofread_captions:
        return "'vendor-captions' from proofreading needs `captions: true` on the order"
    return None


def template_problem(template: str, keys: tuple[str, ...]) -> str | None:
    """Given a name template and the keys it may use, return what is wrong with it, or None.
    A template must name {stem} (else every media file would write the same file) and stay
    in the media's folder."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as error:
        return f"{template!r} is not a valid template ({error}); write keys as {{stem}}"
    fields = [field for _, field, _, _ in parsed if field is not None]
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in keys:
            usable = ", ".join("{" + key + "}" for key in keys)
            return f"{{{field}}} is not a template key; use: {usable}"
        if spec or conversion:
            return f"{{{field}}} takes no format spec or conversion"
    if "stem" not in fields:
        return "the template must contain {stem}, or every media file would write the same file"
    if "/" in template or "\\" in template or template.startswith("."):
        return "the name must stay in the media's folder: no '/' and no leading '.'"
    return None


def sidecar_name(template: str, *, stem: str, rule: OrderRule, output: str) -> str:
    """Given a naming template, a media file's stem, the rule and one of its outputs, return
    the sidecar's file name (`interview.en.srt`)."""
    language = rule.result_language
    return template.format(
        stem=stem,
        lang=catalog.sidecar_tag(language) if language else "und",
        iso=catalog.iso_code(language) if language else "und",
        ext=OUTPUT_EXTENSIONS[output],
        rule=rule.name,
        kind=rule.kind.name.lower(),
    )


def script_name(template: str, *, stem: str) -> str:
    """Given a script template (`{stem}.txt`) and a media file's stem, return its file name."""
    return template.format(stem=stem)
