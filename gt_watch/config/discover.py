"""Finding and reading the rules files under a local watch root. The I/O half of RuleBook.

Walks the folder tree once (not following symbolic links, skipping hidden folders such as
gt-watch's own `.gt-watch/` state), reads every `.gt-watch.yaml`, and hands the texts to a
pure `RuleBook`. A file that cannot be read disables its folder like a broken one. Must not
interpret the rules.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from gt_watch.config.loader import read_text
from gt_watch.config.resolve import RuleDefaults
from gt_watch.config.rulebook import RuleBook
from gt_watch.config.rules_schema import RULES_FILE_NAME
from gt_watch.errors import ConfigError, Problem

# Names people give a rules file by mistake; silently ignoring one would order by the
# parent folder's rules instead, so such a folder is disabled until the file is renamed.
MISNAMED_RULES_FILES = (".gt-watch.yml", "gt-watch.yaml", "gt-watch.yml")


@dataclass
class FoundRules:
    """The rules files under a watch root: the text of each by folder relative to the root,
    the error of each that cannot be read or is misnamed, and the (size, mtime_ns) each
    regular file had just before it was read, by path (what a watcher compares with)."""

    texts: dict[str, str] = field(default_factory=dict)
    broken: dict[str, ConfigError] = field(default_factory=dict)
    versions: dict[str, tuple[int, int]] = field(default_factory=dict)


def find_rules_files(root: Path, *, recursive: bool = True, under: str = "") -> FoundRules:
    """Given a watch root, read every rules file under it and return what was found. With
    `under`, only that folder's tree is walked, plus the rules files of its ancestors."""
    found = FoundRules()
    parts = [part for part in under.split("/") if part]
    for depth in range(len(parts)):
        folder = "/".join(parts[:depth])
        _read_folder(root, folder, set(_names_in(root / folder)), found)
    for folder_path, folder_names, file_names in os.walk(root / under):
        folder_names[:] = sorted(name for name in folder_names if not name.startswith("."))
        folder = Path(folder_path).relative_to(root).as_posix()
        _read_folder(root, "" if folder == "." else folder, set(file_names), found)
        if not recursive:
            break
    return found


def read_rules_files(
    root: Path, *, recursive: bool = True, under: str = ""
) -> tuple[dict[str, str], dict[str, ConfigError]]:
    """Given a watch root, return the text of every rules file by folder relative to the
    root, and the error of every rules file that cannot be read or is misnamed. With
    `under`, only that folder's tree is walked, plus the rules files of its ancestors."""
    found = find_rules_files(root, recursive=recursive, under=under)
    return found.texts, found.broken


def _names_in(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _read_folder(root: Path, folder: str, names: set[str], found: FoundRules) -> None:
    if RULES_FILE_NAME in names:
        path = root / folder / RULES_FILE_NAME
        _note_version(path, found)  # before reading: a later change then shows as one
        try:
            found.texts[folder] = read_text(path, what="rules file")
        except ConfigError as error:
            found.broken[folder] = error
    for misnamed in MISNAMED_RULES_FILES:
        if misnamed in names:
            found.broken[folder] = ConfigError([_misnamed_problem(root / folder / misnamed)])


def _note_version(path: Path, found: FoundRules) -> None:
    try:
        info = os.stat(path, follow_symlinks=False)
    except OSError:
        return  # reading it fails too, and says why
    if stat.S_ISREG(info.st_mode):
        found.versions[str(path)] = (info.st_size, info.st_mtime_ns)


def _misnamed_problem(path: Path) -> Problem:
    return Problem(
        f"gt-watch reads rules only from files named {RULES_FILE_NAME}: rename this file "
        "(the folder is not ordered from until then)",
        path=str(path),
    )


def load_rule_book(
    root: Path, defaults: RuleDefaults | None = None, *, recursive: bool = True, under: str = ""
) -> RuleBook:
    """Given a local watch root, read its rules files (with `under`: only those of that
    folder's tree and of its ancestors) and return the RuleBook of that watch."""
    texts, broken = read_rules_files(root, recursive=recursive, under=under)
    return RuleBook(str(root), texts, defaults, unreadable=broken)
