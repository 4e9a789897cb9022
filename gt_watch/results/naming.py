"""Sidecar file names, pure: the one place that turns a naming template, a media stem, a
language and an output into a file name. Used by `config` (to find collisions before anything
is ordered) and by the pipeline (to write the files)."""

from __future__ import annotations

from collections.abc import Mapping

from gt_watch import catalog

DEFAULT_NAMING = "{stem}.{lang}.{ext}"

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


def sidecar_name(
    template: str, *, stem: str, language: str | None, output: str, rule: str, kind: str
) -> str:
    """Given a naming template, a media file's stem, the API language name of the results,
    an output (`srt`, `vendor-docx`, ...), the rule's name and the order kind's name, return
    the sidecar's file name (`interview.en.srt`). Without a language the tag is `und`."""
    return template.format(
        stem=stem,
        lang=catalog.sidecar_tag(language) if language else "und",
        iso=catalog.iso_code(language) if language else "und",
        ext=OUTPUT_EXTENSIONS[output],
        rule=rule,
        kind=kind,
    )
