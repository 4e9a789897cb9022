"""Media in S3 buckets as `Sources`: objects named `s3://bucket/key`, examined by a HEAD and
a ranged read of their first bytes, staged by presigning the object itself (no copy), with
sidecars written back as objects next to them (or under the watch's `output_prefix`). Must
not list buckets (the watcher does) nor decide what may be overwritten (delivery does).

Content identity is the object's ETag with its size, so the same bytes under another key
are not ordered again and a new upload under the same key is new content. The limits of
that, which err towards ordering twice, never towards mixing contents up: a multipart
upload's ETag depends on the part size (the same file uploaded with other part sizes gets
another ETag), objects encrypted with SSE-KMS or SSE-C have ETags that are not an MD5 of the
bytes (each upload of the same file differs), and a local file and an object with the same
bytes have different identities (a local file's is its SHA-256).
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from gt_watch.errors import (
    GtWatchError,
    MediaError,
    SidecarWriteError,
    StorageError,
    UnsafePathError,
)
from gt_watch.pipeline.media import HEAD_BYTES, MediaFacts, examine_head
from gt_watch.pipeline.ports import Staged
from gt_watch.pipeline.sources import FileSignature, source_name
from gt_watch.storage import ProgressCallback
from gt_watch.storage.bucket import WatchedBucket
from gt_watch.storage.s3_settings import MAX_URL_TTL, checked_key

SCHEME = "s3://"
BACKUP_FOLDER = ".gt-watch/backup"  # as results.sidecars.BACKUP_FOLDER for local files


def split_source(source: str) -> tuple[str, str]:
    """Given `s3://bucket/key`, return (bucket, key). Raise UnsafePathError if the key is
    unsafe (`..`, absolute, control characters) or the source is no s3:// address."""
    bucket, slash, key = source.removeprefix(SCHEME).partition("/")
    if not source.startswith(SCHEME) or not bucket or not slash:
        raise UnsafePathError(f"{source!r} is not an s3://bucket/key address")
    return bucket, checked_key(key)


def etag_identity(etag: str, size: int) -> str:
    """Given an object's ETag (without quotes) and size, return its content identity: a
    SHA-256 hex digest, shaped like a local file's content hash but never equal to one."""
    return hashlib.sha256(f"s3-etag:{etag.lower()}:{size}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class BucketWatch:
    """One S3 watch as the pipeline needs it: its root (`s3://bucket/prefix/`), the bucket,
    and the key prefix its sidecars go under (None: next to each object)."""

    root: str
    bucket: WatchedBucket
    output_prefix: str | None = None

    @property
    def prefix(self) -> str:
        return self.root.removeprefix(SCHEME).partition("/")[2]


class S3Sources:
    """The objects of every S3 watch. `url_ttl` is how long presigned URLs live (at most
    7 days; temporary credentials end them earlier)."""

    def __init__(self, watches: Sequence[BucketWatch], *, url_ttl: timedelta = MAX_URL_TTL):
        self._watches = sorted(watches, key=lambda watch: len(watch.root), reverse=True)
        self._buckets = {watch.bucket.name: watch.bucket for watch in watches}
        self._url_ttl = url_ttl

    def owns(self, source: str) -> bool:
        return source.startswith(SCHEME)

    def examine(self, source: str, *, version: str | None = None) -> MediaFacts:
        bucket, key = self._object(source)
        info = bucket.head(key)
        if info is None:
            raise MediaError(f"{source} is no longer in the bucket; it will not be ordered")
        if version is not None and info.etag != version:
            raise _overwritten(source)
        if info.size == 0:
            raise MediaError(f"{source_name(source)} is empty (0 bytes); nothing to transcribe")
        head = bucket.read(key, HEAD_BYTES, etag=info.etag)
        if head is None:
            raise _overwritten(source)
        examine_head(source_name(source), head)
        return MediaFacts(etag_identity(info.etag, info.size), None)

    def exists(self, source: str) -> bool:
        bucket, key = self._object(source)
        return bucket.head(key) is not None

    def stage(
        self,
        source: str,
        key: str,
        *,
        version: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> Staged:
        # `key` names a copy for storages that copy; a bucket object is presigned in place,
        # so no bytes move and `progress` hears nothing.
        bucket, object_key = self._object(source)
        return bucket.presign(object_key, self._url_ttl, version)

    def sibling(self, source: str, name: str) -> str:
        if not name or "/" in name:
            raise UnsafePathError(f"{name!r} is not a file name (it must not contain '/')")
        sibling = posixpath.join(posixpath.dirname(source), name)
        self._object(sibling)
        return sibling

    def content_id(self, source: str) -> str | None:
        bucket, key = self._object(source)
        info = bucket.head(key)
        return etag_identity(info.etag, info.size) if info is not None else None

    def sidecar_target(self, source: str, name: str) -> str:
        try:
            return self._sidecar_target(source, name)
        except UnsafePathError as error:
            raise SidecarWriteError(f"cannot name a sidecar of {source}: {error}") from error

    def sidecar_hash(self, target: str) -> str | None:
        bucket, key = self._object(target)
        try:
            return bucket.sha256(key)
        except StorageError as error:
            raise SidecarWriteError(f"cannot look at {target}: {error}") from error

    def sidecar_signature(self, target: str) -> FileSignature | None:
        return None  # an object has no mtime; the listing knows sidecars by their keys

    def write_sidecar(
        self, target: str, data: bytes, *, backup_stamp: str | None
    ) -> FileSignature | None:
        bucket, key = self._object(target)
        try:
            if backup_stamp is not None:
                bucket.copy(key, backup_key(key, backup_stamp))
            bucket.put(key, data)
        except StorageError as error:
            raise SidecarWriteError(f"cannot write {target}: {error}") from error
        return None

    def _sidecar_target(self, source: str, name: str) -> str:
        if not name or "/" in name:
            raise UnsafePathError(f"{name!r} is not a file name (it must not contain '/')")
        watch = self._watch_of(source)
        bucket, key = self._object(source)
        folder = posixpath.dirname(key)
        if watch.output_prefix is not None:
            below = folder[len(watch.prefix) :] if f"{folder}/".startswith(watch.prefix) else ""
            folder = posixpath.join(watch.output_prefix, below).rstrip("/")
        return f"{SCHEME}{bucket.name}/{checked_key(posixpath.join(folder, name))}"

    def _object(self, source: str) -> tuple[WatchedBucket, str]:
        name, key = split_source(source)
        bucket = self._buckets.get(name)
        if bucket is None:
            raise GtWatchError(f"{source} is in no watched bucket; add an s3:// watch for it")
        return bucket, key

    def _watch_of(self, source: str) -> BucketWatch:
        for watch in self._watches:
            if source.startswith(watch.root):
                return watch
        raise GtWatchError(f"{source} is under no s3:// watch; add a watch for its prefix")


def backup_key(key: str, stamp: str) -> str:
    """Given a sidecar's key and a time stamp, return where its replaced version is kept:
    `<folder>/.gt-watch/backup/<stamp>/<name>`."""
    folder, name = posixpath.split(key)
    return checked_key(posixpath.join(folder, BACKUP_FOLDER, stamp, name))


def _overwritten(source: str) -> MediaError:
    return MediaError(
        f"{source} was overwritten since it was listed; its new version is taken in when "
        "the watcher sees it"
    )
