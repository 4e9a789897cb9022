"""The rule books of all watches behind one `RulesSource` for the pipeline: local roots,
reloaded per watch root when a rules file changes or on SIGHUP (reading files happens in
`config.discover`), and S3 roots (`service.bucket_rules`, read per prefix on demand).

A reload never trades working rules for broken ones: when the new rules files of a watch
have problems and the rules in force had none, the rules in force stay (and the problems are
logged), as a web server keeps its running configuration when a reload fails. A watch that
starts with a broken rules file has nothing to keep: that folder is disabled until fixed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from pathlib import Path

from gt_watch.config.discover import find_rules_files
from gt_watch.config.matching import matches
from gt_watch.config.resolve import RuleDefaults
from gt_watch.config.rulebook import RuleBook
from gt_watch.errors import ConfigError, Problem
from gt_watch.model import FolderRules
from gt_watch.service.bucket_rules import BucketRules

log = logging.getLogger("gt_watch.rules")
S3_SCHEME = "s3://"


class WatchedRules:
    """Effective rules for any file under the local watch roots and any object under the
    S3 watch roots."""

    def __init__(
        self,
        roots: dict[Path, bool],
        defaults: RuleDefaults,
        buckets: Mapping[str, BucketRules] | None = None,
    ) -> None:
        """Given each local watch root with its `recursive` flag, the config's defaults and
        the rules of each S3 watch root, read every rules file under the local roots."""
        self._roots = roots
        self._buckets = sorted((buckets or {}).values(), key=lambda b: len(b.root), reverse=True)
        self._defaults = defaults
        self._lock = threading.Lock()
        self._versions: dict[Path, dict[str, tuple[int, int]]] = {}
        self._books = {root: self._load(root) for root in roots}
        self._rejected: dict[Path, list[Problem]] = {}

    def rules_for(self, source: str) -> FolderRules:
        if source.startswith(S3_SCHEME):
            return self._bucket_of(source).rules_for(source)
        path = Path(source)
        root = self._root_of(path)
        with self._lock:
            book = self._books[root]
        return book.rules_for(path)

    def matches(self, rules: FolderRules, source: str) -> bool:
        if source.startswith(S3_SCHEME):
            return self._bucket_of(source).matches(rules, source)
        path = Path(source)
        return matches(rules, path.relative_to(self._root_of(path)).as_posix())

    def reload(self, folder: str) -> None:
        """Re-read the rules of the watch root holding `folder` (a rules file changed), or
        of the S3 prefix `folder` (a rules object changed)."""
        if folder.startswith(S3_SCHEME):
            self._bucket_of(folder + "/").reload(folder)
            return
        self._reload_root(self._root_of(Path(folder) / "x"))

    def set_defaults(self, defaults: RuleDefaults) -> None:
        """Given the defaults of a reloaded config.yaml, use them from the next reload of
        each watch on (the service reloads them all at once on SIGHUP)."""
        self._defaults = defaults

    def rejected(self) -> list[Problem]:
        """The problems of the rules files that the last reload of each watch kept out."""
        with self._lock:
            return [problem for problems in self._rejected.values() for problem in problems]

    def _reload_root(self, root: Path) -> None:
        book = self._load(root)
        problems = book.problems()
        with self._lock:
            keep = bool(problems) and not self._books[root].problems()
            if not keep:
                self._books[root] = book
            self._rejected[root] = problems if keep else []
        for problem in problems:
            if keep:
                log.error(
                    "rules not reloaded, the rules in force before stay until this is fixed: %s",
                    problem,
                    extra={"file": str(root)},
                )
            else:
                log.error(
                    "rules problem (folder disabled until fixed): %s",
                    problem,
                    extra={"file": str(root)},
                )

    @property
    def roots(self) -> tuple[Path, ...]:
        return tuple(self._roots)

    def rules_files(self, root: Path) -> list[tuple[str, int, int]]:
        """Given a watch root, return (path, size, mtime_ns) of the rules files its rules were
        last read from, as they were then: a watcher told of them hands on only a change."""
        with self._lock:
            versions = self._versions.get(root, {})
        return [(path, size, mtime_ns) for path, (size, mtime_ns) in versions.items()]

    def problems(self) -> list[Problem]:
        with self._lock:
            books = list(self._books.values())
        local = [problem for book in books for problem in book.problems()]
        return local + [problem for bucket in self._buckets for problem in bucket.problems()]

    def _bucket_of(self, source: str) -> BucketRules:
        for bucket in self._buckets:
            if bucket.covers(source):
                return bucket
        raise ConfigError([Problem(f"{source} is not under any watched s3:// prefix")])

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
