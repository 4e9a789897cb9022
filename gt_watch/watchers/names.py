"""Which names a folder watcher hands on, reports as rules, or ignores. Pure: no I/O.

Ignored are names that mark a file (or folder) as unfinished or not for us: partial downloads
and copies (`*.part`, `*.crdownload`, `*.tmp`, `*.partial`, `*.download`, `*.filepart`),
Office lock files (`~$*`), and every dot-name. Dot-names cover rsync's temporaries
(`.name.XXXXXX`), gt-watch's own atomic-write temp files and its state folder. The rule is the
same for every component of the path below the watched root, so `a/.cache/b.wav` and Safari's
`film.mp4.download/` bundles are ignored as a whole. Matching media globs and recognising
gt-watch's sidecars is not done here: that is the pipeline's job, with the folder's rules.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

RULES_FILE_NAME = ".gt-watch.yaml"
# Names people give rules files by mistake (as `config.discover` knows them): a bucket watch
# says so, since no folder walk of its own finds them.
MISNAMED_RULES_FILES = (".gt-watch.yml", "gt-watch.yaml", "gt-watch.yml")

PARTIAL_SUFFIXES = (".part", ".crdownload", ".tmp", ".partial", ".download", ".filepart")


class NameKind(enum.Enum):
    """What a path below a watched root is to the watcher."""

    CANDIDATE = "candidate"
    RULES = "rules"
    IGNORED = "ignored"


def is_ignored_name(name: str) -> bool:
    """Given one file or folder name, return True if the watcher must never hand it on."""
    if not name or name.startswith((".", "~$")):
        return True
    return name.lower().endswith(PARTIAL_SUFFIXES)


def classify(relative_parts: Sequence[str]) -> NameKind:
    """Given the components of a path below a watched root, say what the path is.

    A rules file counts only where its folder is not itself ignored.
    """
    if not relative_parts:
        return NameKind.IGNORED
    *folders, name = relative_parts
    if any(is_ignored_name(folder) for folder in folders):
        return NameKind.IGNORED
    return classify_file_name(name)


def classify_file_name(name: str) -> NameKind:
    """Given the name of a file in a folder that is not ignored, say what the file is."""
    if name == RULES_FILE_NAME:
        return NameKind.RULES
    return NameKind.IGNORED if is_ignored_name(name) else NameKind.CANDIDATE
