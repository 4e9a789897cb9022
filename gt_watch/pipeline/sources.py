"""Where source media live and where their sidecars go, behind one interface: local folders
now, S3 buckets too. The pipeline names a file by its *source* string (an absolute path, or
`s3://bucket/key`) and never touches a file system or a bucket except through `Sources`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Protocol

from gt_watch.errors import GtWatchError
from gt_watch.pipeline.media import MediaFacts, content_hash, examine
from gt_watch.pipeline.ports import Staged, Stager
from gt_watch.results.sidecars import atomic_write, backup, sha256_file
from gt_watch.storage import ProgressCallback

# (size, mtime_ns) of a local file: what the watcher compares to know it unchanged.
FileSignature = tuple[int, int]


def source_name(source: str) -> str:
    """The file name of a source (`interview.wav`), local or in a bucket."""
    return PurePosixPath(source.split("://", 1)[-1]).name


def source_stem(source: str) -> str:
    return PurePosixPath(source_name(source)).stem


def source_suffix(source: str) -> str:
    return PurePosixPath(source_name(source)).suffix


def is_under(source: str, folder: str) -> bool:
    """Whether a source lies in `folder` (a local folder or an `s3://bucket/prefix`)."""
    return source.startswith(folder.rstrip("/") + "/")


class Sources(Protocol):
    """One kind of place media live in (a local disk, an S3 endpoint)."""

    def owns(self, source: str) -> bool:
        """Whether this source lives here."""
        ...

    def examine(self, source: str, *, version: str | None = None) -> MediaFacts:
        """Content identity and duration. Raise MediaError if it is empty or not media, or
        no longer the `version` it was seen as (an object overwritten since it was listed)."""
        ...

    def exists(self, source: str) -> bool: ...

    def stage(
        self,
        source: str,
        key: str,
        *,
        version: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> Staged:
        """Make the source reachable by URL for GoTranscript (`key`: a content-derived name
        for storage that copies), reporting the bytes copied so far to `progress` if the
        storage copies. Raise StorageError if that fails, or if the source is no longer the
        `version` it was seen as."""
        ...

    def sibling(self, source: str, name: str) -> str:
        """The source of a file named `name` in the same folder (an alignment script)."""
        ...

    def content_id(self, source: str) -> str | None:
        """A content hash of a small file (an alignment script), or None if it is missing."""
        ...

    def sidecar_target(self, source: str, name: str) -> str:
        """Where the sidecar called `name` of this source is written (next to it)."""
        ...

    def sidecar_hash(self, target: str) -> str | None:
        """The SHA-256 of the sidecar at `target`, or None if there is none."""
        ...

    def sidecar_signature(self, target: str) -> FileSignature | None:
        """The (size, mtime_ns) of the local sidecar at `target` as it is now; None if that
        cannot be known, or for an object store (no mtime: a bucket's listing knows its
        sidecars by key)."""
        ...

    def write_sidecar(
        self, target: str, data: bytes, *, backup_stamp: str | None
    ) -> FileSignature | None:
        """Write a sidecar completely or not at all; with `backup_stamp`, keep the replaced
        version first. Return the written file's (size, mtime_ns), or None for an object
        store. Raise SidecarWriteError if that fails (the old one is intact)."""
        ...


class LocalSources:
    """Files on this machine; sidecars written atomically next to them."""

    def __init__(self, stager: Stager) -> None:
        self._stager = stager

    def owns(self, source: str) -> bool:
        return source.startswith("/")

    def examine(self, source: str, *, version: str | None = None) -> MediaFacts:
        # A local file is hashed whole: its identity is its bytes, whatever the version.
        return examine(Path(source))

    def exists(self, source: str) -> bool:
        return Path(source).is_file()

    def stage(
        self,
        source: str,
        key: str,
        *,
        version: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> Staged:
        # Uploads refuse a file that changes while it is read; the key names its content.
        return self._stager.stage(Path(source), key, progress=progress)

    def sibling(self, source: str, name: str) -> str:
        return str(Path(source).with_name(name))

    def content_id(self, source: str) -> str | None:
        path = Path(source)
        return content_hash(path) if path.is_file() else None

    def sidecar_target(self, source: str, name: str) -> str:
        return str(Path(source).with_name(name))

    def sidecar_hash(self, target: str) -> str | None:
        return sha256_file(Path(target))

    def sidecar_signature(self, target: str) -> FileSignature | None:
        try:
            info = os.lstat(target)
        except OSError:
            return None  # not recorded: a restart hands the sidecar on once, to be dropped
        return info.st_size, info.st_mtime_ns

    def write_sidecar(
        self, target: str, data: bytes, *, backup_stamp: str | None
    ) -> FileSignature | None:
        path = Path(target)
        if backup_stamp is not None:
            backup(path, backup_stamp)
        return atomic_write(path, data)


class SourceRouter:
    """The `Sources` of every kind, chosen by the source string."""

    def __init__(self, kinds: Sequence[Sources]) -> None:
        self._kinds = tuple(kinds)

    def __call__(self, source: str) -> Sources:
        for kind in self._kinds:
            if kind.owns(source):
                return kind
        raise GtWatchError(f"gt-watch does not know where {source} lives")
