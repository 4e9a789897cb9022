"""The rules of one S3 watch: `.gt-watch.yaml` objects, each read the first time a key prefix
below it is asked about and again when the watcher reports it changed, inherited by deeper
prefixes as folders inherit; plus the local rules file config.yaml may name for the watched
prefix itself (`rules_file`). Parsing and inheritance are `config.rulebook`'s.

Reading per prefix on demand costs one small GET per prefix the first time, never a listing
of the bucket. A rules object that is broken, unreadable or not UTF-8 disables its prefix
(and the prefixes inheriting from it), loudly; an endpoint out of reach is not cached as
"no rules": the StorageError goes to the caller, which tries again later.
"""

from __future__ import annotations

import logging
import posixpath
import threading
from collections.abc import Callable
from pathlib import Path

from gt_watch.config.loader import read_text
from gt_watch.config.matching import matches
from gt_watch.config.resolve import RuleDefaults
from gt_watch.config.rulebook import RuleBook, normalize_folder
from gt_watch.config.rules_schema import RULES_FILE_NAME
from gt_watch.errors import ConfigError, Problem, StorageError
from gt_watch.model import FolderRules

log = logging.getLogger("gt_watch.rules")

MAX_RULES_BYTES = 256 * 1024
# Given an object key, return at most `limit` bytes of it, or None if there is none.
ReadObject = Callable[[str, int], bytes | None]


class BucketRules:
    """Effective rules for objects under one S3 watch root (`s3://bucket/prefix/`).
    `read_object` is None when rules objects are not read (`bucket_rules: false`)."""

    def __init__(
        self,
        root: str,
        defaults: RuleDefaults,
        *,
        read_object: ReadObject | None,
        rules_file: Path | None = None,
    ) -> None:
        self.root = root if root.endswith("/") else root + "/"
        self._key_prefix = self.root.removeprefix("s3://").partition("/")[2]
        self._defaults = defaults
        self._read_object = read_object
        self._rules_file = rules_file
        self._lock = threading.Lock()
        self._texts: dict[str, str] = {}
        self._broken: dict[str, ConfigError] = {}
        self._looked: set[str] = set()
        self._config_text = self._read_rules_file()
        self._book = self._build()

    def rules_for(self, source: str) -> FolderRules:
        """Given an object's source, return its prefix's effective rules. Raise ConfigError
        if a rules object on the way is broken; StorageError if one cannot be read now."""
        folder = posixpath.dirname(self._book.relative(source))
        self._look_up_to(folder)
        with self._lock:
            book = self._book
        return book.rules_for_folder(folder)

    def matches(self, rules: FolderRules, source: str) -> bool:
        return matches(rules, self._book.relative(source))

    def reload(self, folder: str) -> None:
        """A rules object changed in `folder` (`s3://bucket/prefix/sub`): read it again."""
        relative = normalize_folder(f"{folder}/".removeprefix(self.root))
        with self._lock:
            self._looked.discard(relative)
        try:
            self._look(relative)
        except StorageError as error:
            log.warning("cannot read the rules of %s yet (%s); will when needed", folder, error)

    def problems(self) -> list[Problem]:
        with self._lock:
            book = self._book
        return book.problems()

    def covers(self, source: str) -> bool:
        """Whether a source (or a folder, given with a trailing slash) lies under this root."""
        return source.startswith(self.root)

    def _look_up_to(self, folder: str) -> None:
        parts = folder.split("/") if folder else []
        for depth in range(len(parts) + 1):
            ancestor = "/".join(parts[:depth])
            if ancestor not in self._looked:
                self._look(ancestor)

    def _look(self, folder: str) -> None:
        """Read the rules object of `folder` (relative to the root) and rebuild the book if
        anything changed. Raise StorageError (nothing cached) if the endpoint fails."""
        text, error = self._read_object_text(folder)
        with self._lock:
            changed = (self._texts.get(folder), self._broken.get(folder)) != (text, error)
            self._texts.pop(folder, None)
            self._broken.pop(folder, None)
            if text is not None:
                self._texts[folder] = text
            if error is not None:
                self._broken[folder] = error
            self._looked.add(folder)
            if changed:
                self._book = self._build()
            book = self._book
        if changed:
            for problem in book.problems(folder):
                log.error("rules problem (prefix disabled until fixed): %s", problem)

    def _read_object_text(self, folder: str) -> tuple[str | None, ConfigError | None]:
        if self._read_object is None:
            return None, None
        key = posixpath.join(self._key_prefix, folder, RULES_FILE_NAME)
        source = f"{self.root}{key.removeprefix(self._key_prefix)}"
        data = self._read_object(key, MAX_RULES_BYTES + 1)
        if data is None:
            return None, None
        if folder == "" and self._rules_file is not None:
            return None, _problem(
                source,
                f"the rules of {self.root} come from config.yaml's rules_file "
                f"({self._rules_file}) and from this object: remove one of them",
            )
        if len(data) > MAX_RULES_BYTES:
            return None, _problem(source, f"larger than {MAX_RULES_BYTES // 1024} KiB")
        try:
            return data.decode("utf-8"), None
        except UnicodeDecodeError:
            return None, _problem(source, "not UTF-8 text; save it as UTF-8")

    def _read_rules_file(self) -> str | ConfigError | None:
        if self._rules_file is None:
            return None
        try:
            return read_text(self._rules_file, what="rules file")
        except ConfigError as error:
            return error

    def _build(self) -> RuleBook:
        texts = dict(self._texts)
        broken = dict(self._broken)
        names = {}
        if isinstance(self._config_text, str) and "" not in broken:
            texts[""] = self._config_text
            names[""] = str(self._rules_file)
        elif isinstance(self._config_text, ConfigError):
            broken[""] = self._config_text
        return RuleBook(self.root, texts, self._defaults, unreadable=broken, names=names)


def _problem(source: str, message: str) -> ConfigError:
    return ConfigError([Problem(message, path=source)])
