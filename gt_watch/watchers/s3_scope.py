"""What one S3 watch looks at, key by key: media candidates, rules objects, gt-watch's own
outputs and unsafe keys. Pure: no I/O.

The names a folder watcher ignores are ignored in a bucket too (`watchers.names`: dot-names
such as gt-watch's `.gt-watch/` backups, partial uploads, folder markers ending in `/`),
and so is everything under the watch's `output_prefix` when that lies inside the watched
prefix. Sidecars written next to their media are recognised by the state database's
sidecar table (`watchers.s3_reconcile`), since their names are ordinary names. Unsafe keys
and rules objects under a wrong name are refused, loudly.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from gt_watch.errors import UnsafePathError
from gt_watch.storage.s3_settings import checked_key
from gt_watch.watchers.names import MISNAMED_RULES_FILES, NameKind, classify, is_ignored_name

SCHEME = "s3://"


class KeyKind(enum.Enum):
    """What a listed key is to an S3 watch."""

    CANDIDATE = "candidate"
    RULES = "rules"
    IGNORED = "ignored"
    UNSAFE = "unsafe"
    # A rules object under a wrong name (`.gt-watch.yml`): never read, never ordered.
    MISNAMED_RULES = "misnamed rules"


@dataclass(frozen=True, slots=True)
class BucketScope:
    """One watch's bucket and prefix (`in/`, or "" for the whole bucket) and the key prefix
    its sidecars go under (None: next to each object)."""

    bucket: str
    prefix: str
    output_prefix: str | None = None

    @classmethod
    def of(cls, root: str, output_prefix: str | None = None) -> BucketScope:
        """Given a watch root `s3://bucket/prefix/` and its output prefix, return its scope."""
        bucket, _, prefix = root.removeprefix(SCHEME).partition("/")
        return cls(bucket, prefix, output_prefix)

    @property
    def root(self) -> str:
        return f"{SCHEME}{self.bucket}/{self.prefix}"

    def source(self, key: str) -> str:
        """Given a key, return how the pipeline names its object."""
        return f"{SCHEME}{self.bucket}/{key}"

    def classify(self, key: str) -> KeyKind:
        """Given a listed key, say what it is to this watch."""
        if not key.startswith(self.prefix) or self._is_output(key):
            return KeyKind.IGNORED
        try:
            checked_key(key)
        except UnsafePathError:
            return KeyKind.UNSAFE
        parts = key[len(self.prefix) :].split("/")
        kind = classify(parts)
        if parts[-1] in MISNAMED_RULES_FILES and not any(map(is_ignored_name, parts[:-1])):
            return KeyKind.MISNAMED_RULES
        if kind is NameKind.RULES:
            return KeyKind.RULES
        return KeyKind.CANDIDATE if kind is NameKind.CANDIDATE else KeyKind.IGNORED

    def _is_output(self, key: str) -> bool:
        outputs = self.output_prefix
        # Outputs under their own prefix inside the watched one are skipped whole; next to
        # the media (None, or the watched prefix itself) nothing can be skipped by name.
        if not outputs or outputs == self.prefix:
            return False
        return key.startswith(outputs)
