"""The rule books of all watches behind one `RulesSource` for the pipeline: local roots
(reloaded per watch root when a rules file changes; reading files happens in
`config.discover`) and S3 roots (`service.bucket_rules`, read per prefix on demand)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from pathlib import Path

from gt_watch.config.discover import load_rule_book
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
        self._defaults = defaults
        self._buckets = sorted((buckets or {}).values(), key=lambda b: len(b.root), reverse=True)
        self._lock = threading.Lock()
        self._books = {root: self._load(root) for root in roots}

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
        root = self._root_of(Path(folder) / "x")
        book = self._load(root)
        with self._lock:
            self._books[root] = book
        for problem in book.problems():
            log.error("rules problem (folder disabled until fixed): %s", problem)

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
        return load_rule_book(root, self._defaults, recursive=self._roots[root])

    def _root_of(self, path: Path) -> Path:
        for root in sorted(self._roots, key=lambda root: len(root.parts), reverse=True):
            if path.is_relative_to(root):
                return root
        raise ConfigError([Problem(f"{path} is not under any watched folder")])
