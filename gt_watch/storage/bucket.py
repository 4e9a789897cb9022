"""One watched bucket on one endpoint, object by object: list pages of keys, look at an
object, read its first bytes or a small object whole, hash it, copy it, write it, presign it.
Knows nothing of rules, jobs or watches; builds no client (the caller passes a boto3 S3
client and the `S3Storage` of the same endpoint in).

Every key is checked (`s3_settings.checked_key`) before use, and nothing here joins a key
into a local path. ETags are given without their quotes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from gt_watch.storage import StagedMedia
from gt_watch.storage.files import content_type_for
from gt_watch.storage.s3 import S3Storage
from gt_watch.storage.s3_errors import S3Target, from_exception
from gt_watch.storage.s3_settings import checked_key

MAX_PAGE_SIZE = 1000  # ListObjectsV2 answers at most this many keys per request
_HASH_CHUNK = 1024 * 1024
# Answers that mean "no such object (any more)", or "not the version asked for".
_MISSING = frozenset({404})
_OTHER_VERSION = frozenset({304, 412})
_EMPTY = frozenset({416})  # a range of an empty object cannot be satisfied
# Content types of sidecars that `mimetypes` does not know on a bare system.
_SIDECAR_TYPES = {
    ".srt": "application/x-subrip; charset=utf-8",
    ".vtt": "text/vtt; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".yaml": "application/yaml",
}


@dataclass(frozen=True, slots=True)
class ObjectInfo:
    """An object as a listing or a HEAD shows it."""

    key: str
    size: int
    etag: str


@dataclass(frozen=True, slots=True)
class ListedPage:
    """One answer of ListObjectsV2: its objects in key order and the last key it named."""

    objects: tuple[ObjectInfo, ...]
    last_key: str | None


def plain_etag(etag: str) -> str:
    """Given an ETag as S3 sends it (`"9b2c..."`, `W/"..."`), return it without quotes."""
    return etag.removeprefix("W/").strip('"')


def content_type_of(key: str) -> str:
    """Given a key, return the media type to store its object with."""
    name = PurePosixPath(key).name
    known = _SIDECAR_TYPES.get(PurePosixPath(name).suffix.lower())
    # content_type_for looks at the name's suffix only: a bare name, never a local path.
    return known or content_type_for(Path(name))


@dataclass
class _Answer:
    """Whether a call inside `_failures` was answered with one of the allowed statuses."""

    refused: bool = False
    status: int | None = None


class WatchedBucket:
    """The objects of bucket `name`, through `client` (a boto3 S3 client, see
    `storage.s3.s3_client`) and `storage` (an `S3Storage` of the same client, for
    presigning). Every method raises StorageError if the endpoint refuses or
    cannot be reached, and UnsafePathError for an unsafe key."""

    def __init__(self, name: str, client: Any, storage: S3Storage) -> None:
        self.name = name
        self._client = client
        self._storage = storage

    def list_after(
        self, prefix: str, start_after: str = "", page_size: int = MAX_PAGE_SIZE
    ) -> Iterator[ListedPage]:
        """Given a key prefix and the key after which to start (""), yield the objects
        below the prefix page by page, in S3's key order (UTF-8 bytes), never more than
        one page in memory. Keys are as stored: callers check them."""
        params: dict[str, Any] = {"Bucket": self.name, "Prefix": prefix, "MaxKeys": page_size}
        if start_after:
            params["StartAfter"] = start_after
        while True:
            with self._failures("listing", prefix):
                answer = self._client.list_objects_v2(**params)
            contents = answer.get("Contents", ())
            objects = tuple(
                ObjectInfo(item["Key"], int(item["Size"]), plain_etag(item.get("ETag", "")))
                for item in contents
            )
            yield ListedPage(objects, contents[-1]["Key"] if contents else None)
            token = answer.get("NextContinuationToken")
            if not answer.get("IsTruncated") or not token:
                return
            params.pop("StartAfter", None)
            params["ContinuationToken"] = token

    def head(self, key: str) -> ObjectInfo | None:
        """Given a key, return the object's size and ETag, or None if there is none."""
        with self._failures("looking at", key, allow=_MISSING) as outcome:
            answer = self._client.head_object(Bucket=self.name, Key=checked_key(key))
        if outcome.refused:
            return None
        return ObjectInfo(key, int(answer["ContentLength"]), plain_etag(answer.get("ETag", "")))

    def read(self, key: str, length: int, *, etag: str | None = None) -> bytes | None:
        """Given a key, return its first `length` bytes (all of a smaller object), or None
        if it is missing or, given `etag`, has been overwritten since."""
        params: dict[str, Any] = {
            "Bucket": self.name,
            "Key": checked_key(key),
            "Range": f"bytes=0-{max(length, 1) - 1}",
        }
        if etag is not None:
            params["IfMatch"] = f'"{etag}"'
        data: bytes = b""
        allowed = _MISSING | _OTHER_VERSION | _EMPTY
        with self._failures("reading", key, allow=allowed) as outcome:
            answer = self._client.get_object(**params)
            with closing(answer["Body"]) as body:
                data = body.read(length)
        if outcome.refused:
            return b"" if outcome.status in _EMPTY else None
        return data

    def sha256(self, key: str) -> str | None:
        """Given a key, return the SHA-256 of the object's bytes (streamed), or None if
        there is no such object."""
        digest = hashlib.sha256()
        with self._failures("reading", key, allow=_MISSING) as outcome:
            answer = self._client.get_object(Bucket=self.name, Key=checked_key(key))
            with closing(answer["Body"]) as body:
                for chunk in body.iter_chunks(_HASH_CHUNK):
                    digest.update(chunk)
        return None if outcome.refused else digest.hexdigest()

    def put(self, key: str, data: bytes) -> None:
        """Given a key and small contents, write the object whole (S3 PUTs are atomic: a
        reader sees the old object or the new one)."""
        with self._failures("writing", key):
            self._client.put_object(
                Bucket=self.name, Key=checked_key(key), Body=data, ContentType=content_type_of(key)
            )

    def delete(self, key: str) -> None:
        """Given a key, remove the object (nothing happens if there is none)."""
        with self._failures("deleting", key):
            self._client.delete_object(Bucket=self.name, Key=checked_key(key))

    def copy(self, key: str, target: str) -> bool:
        """Given an object's key and another key, copy the object there inside the bucket;
        return False if there was nothing to copy."""
        source = {"Bucket": self.name, "Key": checked_key(key)}
        action = f"copying to {checked_key(target)}"
        with self._failures(action, key, allow=_MISSING) as outcome:
            self._client.copy_object(Bucket=self.name, Key=target, CopySource=source)
        return not outcome.refused

    def presign(self, key: str, ttl: timedelta, etag: str | None) -> StagedMedia:
        """Given a key, a lifetime (at most 7 days) and the ETag it was listed with, return a
        presigned GET URL of the object itself. Raise StorageError if it is gone or was
        overwritten since."""
        return self._storage.presign_object(self.name, key, ttl, expected_etag=etag)

    @contextmanager
    def _failures(
        self, action: str, key: str, allow: frozenset[int] = frozenset()
    ) -> Iterator[_Answer]:
        """Turn boto3 failures into StorageErrors; an answer whose HTTP status is in
        `allow` marks the yielded outcome `refused` instead (the block ends there)."""
        outcome = _Answer()
        try:
            yield outcome
        except ClientError as error:
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if status not in allow:
                raise from_exception(error, action, self._target(key)) from None
            outcome.refused, outcome.status = True, status
        except BotoCoreError as error:
            raise from_exception(error, action, self._target(key)) from None

    def _target(self, key: str) -> S3Target:
        return S3Target(self._storage.settings.endpoint_label, self.name, key)
