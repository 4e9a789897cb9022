"""The rules of one watch: every rules file under its root, resolved per folder on demand.

A `RuleBook` is built from the texts of the rules files found under a watch root (a local
folder or an s3:// prefix), parses each once, and answers `rules_for(path)` for any file,
caching per folder. A broken rules file disables its own folder and the folders that
inherit from it, loudly (ConfigError naming the file), while every other folder keeps
working. It is immutable: on a change of any rules file the service builds a new one.
Pure: must not read files (`config.discover` does).
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from pathlib import PurePath

from gt_watch.config.resolve import RuleDefaults, resolve
from gt_watch.config.rules import RulesFile, parse_rules
from gt_watch.config.rules_schema import RULES_FILE_NAME
from gt_watch.errors import ConfigError, Problem
from gt_watch.model import FolderRules


class RuleBook:
    """Rules files of one watch root, keyed by folder relative to the root ("" is the root).

    Safe to share between threads: resolving is pure, and the cache only gains entries
    (two threads resolving one folder at once compute the same value)."""

    def __init__(
        self,
        root: str,
        texts: Mapping[str, str],
        defaults: RuleDefaults | None = None,
        unreadable: Mapping[str, ConfigError] | None = None,
        names: Mapping[str, str] | None = None,
    ) -> None:
        """Given the root as messages should name it (`/srv/media`, `s3://bucket/prefix`),
        the text of each rules file by folder, the defaults of config.yaml, the folders
        whose rules file could not be read, and the names of rules files that live
        elsewhere than `<root>/<folder>/.gt-watch.yaml` (config.yaml's `rules_file` of an
        S3 watch), parse every file."""
        self.root = root.rstrip("/") if root != "/" else root
        self.defaults = defaults or RuleDefaults()
        self._files: dict[str, RulesFile | ConfigError] = {}
        for folder, text in texts.items():
            folder = normalize_folder(folder)
            source = (names or {}).get(folder) or self.source_of(folder)
            try:
                self._files[folder] = parse_rules(text, source, folder)
            except ConfigError as error:
                self._files[folder] = error
        for folder, unreadable_error in (unreadable or {}).items():
            self._files[normalize_folder(folder)] = unreadable_error
        self._cache: dict[str, FolderRules | ConfigError] = {}

    def source_of(self, folder: str) -> str:
        """Given a folder relative to the root, return how its rules file is named."""
        return (
            posixpath.join(self.root, folder, RULES_FILE_NAME)
            if folder
            else posixpath.join(self.root, RULES_FILE_NAME)
        )

    @property
    def folders(self) -> tuple[str, ...]:
        """The folders that have a rules file (readable or not), sorted."""
        return tuple(sorted(self._files))

    def rules_for(self, path: str | PurePath) -> FolderRules:
        """Given a file's path (under the root, or relative to it), return the effective
        rules of its folder. Raise ConfigError naming the broken rules file if the folder's
        own or an inherited rules file is broken; ValueError if the path is outside the root."""
        relative = self.relative(path)
        return self.rules_for_folder(posixpath.dirname(relative))

    def rules_for_folder(self, folder: str) -> FolderRules:
        """Given a folder relative to the root, return its effective rules (cached).
        Raise ConfigError as `rules_for` does."""
        folder = normalize_folder(folder)
        result = self._cache.get(folder)
        if result is None:
            result = self._cache[folder] = self._resolve(folder)
        if isinstance(result, ConfigError):
            raise ConfigError(list(result.problems))
        return result

    def relative(self, path: str | PurePath) -> str:
        """Given a path under the root (or already relative to it), return it relative to
        the root in POSIX form. Raise ValueError if it lies outside the root."""
        text = PurePath(path).as_posix() if isinstance(path, PurePath) else path
        prefix = self.root.rstrip("/") + "/"
        if text.startswith(prefix):
            text = text[len(prefix) :]
        elif text.startswith("/") or "://" in text:
            raise ValueError(f"{text} is not under the watch root {self.root}")
        parts = [part for part in text.split("/") if part not in ("", ".")]
        if ".." in parts:
            raise ValueError(f"{text} climbs out of the watch root {self.root}")
        return "/".join(parts)

    def problems(self, under: str = "") -> list[Problem]:
        """Given a folder (default: the root), return every problem of the rules files in
        it or below, and of how they combine with their parents', without duplicates."""
        under = normalize_folder(under)
        folders = {under, *(folder for folder in self._files if is_within(folder, under))}
        found: list[Problem] = []
        for folder in sorted(folders):
            try:
                self.rules_for_folder(folder)
            except ConfigError as error:
                found.extend(error.problems)
        return sorted(
            dict.fromkeys(found), key=lambda problem: (problem.path or "", problem.line or 0)
        )

    def _resolve(self, folder: str) -> FolderRules | ConfigError:
        chain: list[RulesFile] = []
        for ancestor in reversed(_ancestors(folder)):
            entry = self._files.get(ancestor)
            if isinstance(entry, ConfigError):
                return entry
            if entry is not None:
                chain.insert(0, entry)
                if not entry.settings.inherit:
                    break
        try:
            return resolve(chain, folder, self.defaults)
        except ConfigError as error:
            return error


def normalize_folder(folder: str) -> str:
    """Given a folder relative to the root in any spelling (`./a/b/`), return `a/b`."""
    return "/".join(part for part in folder.replace("\\", "/").split("/") if part not in ("", "."))


def _ancestors(folder: str) -> list[str]:
    """`a/b` -> ["", "a", "a/b"]: the root first, the folder itself last."""
    parts = folder.split("/") if folder else []
    return ["/".join(parts[:depth]) for depth in range(len(parts) + 1)]


def is_within(folder: str, under: str) -> bool:
    """Given two folders relative to the root, return whether `folder` is `under` or below."""
    return not under or folder == under or folder.startswith(under + "/")
