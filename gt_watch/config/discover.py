"""Finding and reading the rules files under a local watch root. The I/O half of RuleBook.

Walks the folder tree once (not following symbolic links, skipping hidden folders such as
gt-watch's own `.gt-watch/` state), reads every `.gt-watch.yaml`, and hands the texts to a
pure `RuleBook`. A file that cannot be read disables its folder like a broken one. Must not
interpret the rules.
"""

from __future__ import annotations

import os
from pathlib import Path

from gt_watch.config.loader import read_text
from gt_watch.config.resolve import RuleDefaults
from gt_watch.config.rulebook import RuleBook
from gt_watch.config.rules_schema import RULES_FILE_NAME
from gt_watch.errors import ConfigError, Problem

# Names people give a rules file by mistake; silently ignoring one would order by the
# parent folder's rules instead, so such a folder is disabled until the file is renamed.
MISNAMED_RULES_FILES = (".gt-watch.yml", "gt-watch.yaml", "gt-watch.yml")


def read_rules_files(
    root: Path, *, recursive: bool = True, under: str = ""
) -> tuple[dict[str, str], dict[str, ConfigError]]:
    """Given a watch root, return the text of every rules file by folder relative to the
    root, and the error of every rules file that cannot be read or is misnamed. With
    `under`, only that folder's tree is walked, plus the rules files of its ancestors."""
    texts: dict[str, str] = {}
    broken: dict[str, ConfigError] = {}
    parts = [part for part in under.split("/") if part]
    for depth in range(len(parts)):
        folder = "/".join(parts[:depth])
        _read_folder(root, folder, set(_names_in(root / folder)), texts, broken)
    for folder_path, folder_names, file_names in os.walk(root / under):
        folder_names[:] = sorted(name for name in folder_names if not name.startswith("."))
        folder = Path(folder_path).relative_to(root).as_posix()
        _read_folder(root, "" if folder == "." else folder, set(file_names), texts, broken)
        if not recursive:
            break
    return texts, broken


def _names_in(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _read_folder(
    root: Path, folder: str, names: set[str], texts: dict[str, str], broken: dict[str, ConfigError]
) -> None:
    if RULES_FILE_NAME in names:
        try:
            texts[folder] = read_text(root / folder / RULES_FILE_NAME, what="rules file")
        except ConfigError as error:
            broken[folder] = error
    for misnamed in MISNAMED_RULES_FILES:
        if misnamed in names:
            broken[folder] = ConfigError([_misnamed_problem(root / folder / misnamed)])


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
