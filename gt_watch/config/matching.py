"""Which files a folder's rules apply to: `match`/`ignore` globs, anchored and compiled. Pure.

Globs follow .gitignore habits: a pattern without a slash (`*.wav`, `drafts/`) matches a
name at any depth below the folder of the rules file that wrote it; a pattern with a slash
inside (`drafts/**`, `/intro.mp4`) is anchored at that folder; a trailing slash means
"everything inside". `**` spans folders, `*` and `?` stay within one name. Matching ignores case, so
`*.wav` takes `TAKE1.WAV`. All paths are POSIX paths relative to the watch root.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from gt_watch.model import FolderRules

DEFAULT_MATCH: tuple[str, ...] = tuple(
    f"*.{extension}"
    for extension in (
        "wav", "mp3", "mp4", "m4a", "mov", "flac", "ogg", "webm", "mkv",
        "aac", "aif", "aiff", "opus", "wma", "m4v", "avi", "mxf", "mts",
    )
)  # fmt: skip


def anchor_glob(pattern: str, folder: str) -> str:
    """Given a glob as written in the rules file of `folder` (relative to the watch root),
    return it anchored at the watch root: `*.wav` in `a` -> `a/**/*.wav`."""
    pattern = pattern.strip().removeprefix("./")
    inside = pattern.endswith("/")
    pattern = pattern.rstrip("/")
    if pattern.startswith("/"):
        pattern = pattern.lstrip("/")
    elif "/" not in pattern:
        pattern = f"**/{pattern}"
    if inside:
        pattern += "/**"
    return f"{folder}/{pattern}" if folder else pattern


def glob_problem(pattern: str) -> str | None:
    """Given a glob from a rules file, return why it can never match, or None."""
    parts = pattern.strip().strip("/").split("/")
    if not pattern.strip():
        return "a pattern must not be empty"
    if ".." in parts:
        return "a pattern must not climb out of its folder with '..'"
    return None


def matches(rules: FolderRules, relative_path: str) -> bool:
    """Given a folder's effective rules and a file's path relative to the watch root, return
    whether the rules take that file: it matches a `match` glob and no `ignore` glob."""
    path = relative_path.replace("\\", "/").lstrip("/")
    return _compiled(rules.match).fullmatch(path) is not None and (
        not rules.ignore or _compiled(rules.ignore).fullmatch(path) is None
    )


@functools.lru_cache(maxsize=512)
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str]:
    if not patterns:
        return re.compile(r"(?!)")  # nothing matches
    return re.compile("|".join(f"(?:{translate(pattern)})" for pattern in patterns), re.IGNORECASE)


def translate(pattern: str) -> str:
    """Given an anchored glob, return a regular expression for whole relative paths."""
    segments = pattern.split("/")
    out: list[str] = []
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "**":
            out.append(".*" if last else "(?:[^/]*/)*")
        else:
            out.append(_translate_segment(segment) + ("" if last else "/"))
    return "".join(out)


def _translate_segment(segment: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(segment):
        char = segment[index]
        index += 1
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and _class_end(segment, index) != -1:
            closing = _class_end(segment, index)
            out.append(_character_class(segment[index:closing]))
            index = closing + 1
        else:
            out.append(re.escape(char))
    return "".join(out)


def _class_end(segment: str, start: int) -> int:
    """Where the `[...]` opened just before `start` closes (a `]` first inside is literal)."""
    position = start + 1 if segment[start : start + 1] == "!" else start
    position += 1 if segment[position : position + 1] == "]" else 0
    return segment.find("]", position)


def _character_class(body: str) -> str:
    negated = body.startswith("!")
    body = body.removeprefix("!").replace("\\", "\\\\")
    if body.startswith("^"):
        body = "\\" + body
    return f"[^/{body}]" if negated else f"[{body}]"


def anchored(patterns: Iterable[str], folder: str) -> tuple[str, ...]:
    """Given the globs of one rules file and its folder, return them anchored at the root."""
    return tuple(anchor_glob(pattern, folder) for pattern in patterns)
