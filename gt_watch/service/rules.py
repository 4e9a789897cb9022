"""The rule books of all local watches behind one `RulesSource` for the pipeline, reloaded
per watch root when a rules file changes. Reading files happens in `config.discover`."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from gt_watch.config.discover import find_rules_files
from gt_watch.config.matching import matches
from gt_watch.config.resolve import RuleDefaults
from gt_watch.config.rulebook import RuleBook
from gt_watch.errors import ConfigError, Problem
from gt_watch.model import FolderRules

log = logging.getLogger("gt_watch.rules")


class WatchedRules:
    """Effective rules for any file under the local watch roots."""

    def __init__(self, roots: dict[Path, bool], defaults: RuleDefaults) -> None:
        """Given each watch root with its `recursive` flag, and the config's defaults, read
        every rules file under them."""
        self._roots = roots
        self._defaults = defaults
        self._lock = threading.Lock()
        self._versions: dict[Path, dict[str, tuple[int, int]]] = {}
        self._books = {root: self._load(root) for root in roots}

    def rules_for(self, source: str) -> FolderRules:
        path = Path(source)
        root = self._root_of(path)
        with self._lock:
            book = self._books[root]
        return book.rules_for(path)

    def matches(self, rules: FolderRules, source: str) -> bool:
        path = Path(source)
        return matches(rules, path.relative_to(self._root_of(path)).as_posix())

    def reload(self, folder: str) -> None:
        """Re-read the rules of the watch root holding `folder` (a rules file changed)."""
        root = self._root_of(Path(folder) / "x")
        book = self._load(root)
        with self._lock:
            self._books[root] = book
        for problem in book.problems():
            log.error("rules problem (folder disabled until fixed): %s", problem)

    def rules_files(self, root: Path) -> list[tuple[str, int, int]]:
        """Given a watch root, return (path, size, mtime_ns) of the rules files its rules were
        last read from, as they were then: a watcher told of them hands on only a change."""
        with self._lock:
            versions = self._versions.get(root, {})
        return [(path, size, mtime_ns) for path, (size, mtime_ns) in versions.items()]

    def problems(self) -> list[Problem]:
        with self._lock:
            books = list(self._books.values())
        return [problem for book in books for problem in book.problems()]

    def _load(self, root: Path) -> RuleBook:
        found = find_rules_files(root, recursive=self._roots[root])
        with self._lock:
            self._versions[root] = found.versions
        return RuleBook(str(root), found.texts, self._defaults, unreadable=found.broken)

    def _root_of(self, path: Path) -> Path:
        for root in sorted(self._roots, key=lambda root: len(root.parts), reverse=True):
            if path.is_relative_to(root):
                return root
        raise ConfigError([Problem(f"{path} is not under any watched folder")])
