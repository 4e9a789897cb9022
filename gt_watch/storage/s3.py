"""S3-compatible storage (AWS, MinIO, R2, ...): stage local media through presigned PUTs and
hand out presigned GET URLs; presign source objects in place; write and delete small result
objects. Must not construct credentials or clients on its own: the caller passes a boto3
session (for `s3_client`) and an `httpx.Client` in.

Bulk bytes go over httpx to presigned URLs, streamed from disk with a bounded buffer
(parts in parallel above `multipart_threshold`); boto3 only presigns and makes the small
control calls (HEAD, create/complete/abort multipart, small PUTs, DELETE).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from gt_watch.errors import StorageError
from gt_watch.storage import ProgressCallback, StagedMedia, utc_now
from gt_watch.storage.files import (
    FileSnapshot,
    check_unchanged,
    content_type_for,
    open_for_upload,
    read_chunks,
)
from gt_watch.storage.http_put import put_presigned
from gt_watch.storage.multipart import PART_URL_TTL_SECONDS, MultipartUpload
from gt_watch.storage.progress import ProgressTally
from gt_watch.storage.s3_errors import S3Target, from_exception
from gt_watch.storage.s3_settings import MIB, S3Settings, checked_key, object_key, ttl_seconds

log = logging.getLogger(__name__)


def s3_client(session: Any, settings: S3Settings, *, attempts: int = 4) -> Any:
    """Given a boto3 session (credentials found the boto3 way) and the settings, return an
    S3 client for the endpoint: SigV4, path-style addressing if asked, checksums only where
    S3 requires them (which S3-compatible servers accept too), and `attempts` tries per
    control call."""
    config = Config(
        signature_version="s3v4",
        s3={"addressing_style": "path" if settings.path_style else "auto"},
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        retries={"mode": "standard", "max_attempts": attempts},
        connect_timeout=10,
        read_timeout=120,
    )
    return session.client(
        "s3", endpoint_url=settings.endpoint_url, region_name=settings.region, config=config
    )


class S3Storage:
    """A `MediaStager` that uploads to one S3-compatible bucket under a prefix.

    `client` is a boto3 S3 client (see `s3_client`); `http` an `httpx.Client` whose
    timeouts suit uploads (a write timeout per chunk, not per file). Keys given to `stage`
    are relative to the prefix; keys given to every other method are full object keys.
    """

    def __init__(
        self,
        client: Any,
        http: httpx.Client,
        settings: S3Settings,
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._client = client
        self._http = http
        self.settings = settings
        self._clock = clock

    def object_key(self, key: str) -> str:
        """Given a key relative to the prefix, return the full object key. Raise
        UnsafePathError if the key is not safe (see `s3_settings.object_key`)."""
        return object_key(self.settings.prefix, key)

    def stage(
        self, path: Path, key: str, *, progress: ProgressCallback | None = None
    ) -> StagedMedia:
        """Given a local file and a key derived from its content, upload it below the prefix
        unless an object of the same key and size is there already, and return a presigned
        GET URL valid for `url_ttl`. Raise StorageError if the file changes or vanishes
        during upload, or the endpoint refuses or cannot be reached."""
        full_key = self.object_key(key)
        target = self._target(self.settings.bucket, full_key)
        action = f"uploading {path}"
        with open_for_upload(path) as (fd, snapshot):
            stored = self._stored(target, action)
            if stored is not None and stored[0] == snapshot.size:
                log.info("%s is already in %s; upload skipped", path, target)
                if progress is not None:
                    progress(snapshot.size)
            else:
                self._upload(fd, snapshot, target, action, ProgressTally(progress))
        return self._presign_get(target, snapshot.size, self.settings.url_ttl, action)

    def presign_object(
        self,
        bucket: str,
        key: str,
        ttl: timedelta | None = None,
        *,
        expected_etag: str | None = None,
    ) -> StagedMedia:
        """Given a source object (bucket and full key), return a presigned GET URL of the
        object itself, valid for `ttl` (default `url_ttl`, at most 7 days). Given the ETag
        the object had when listed, make sure it still has it. Raise StorageError if the
        object does not exist, changed or cannot be read; UnsafePathError if the key is
        unsafe."""
        target = self._target(bucket, checked_key(key))
        action = "presigning a source object"
        stored = self._stored(target, action)
        if stored is None:
            raise StorageError(
                f"{action} ({target}) failed: the object does not exist (deleted or renamed "
                "since it was listed?)"
            )
        size, etag = stored
        if expected_etag is not None and etag.strip('"') != expected_etag.strip('"'):
            raise StorageError(
                f"{action} ({target}) failed: the object was overwritten since it was listed "
                f"(ETag {etag}, listed as {expected_etag}); it will be seen again as a new "
                "version"
            )
        return self._presign_get(target, size, ttl or self.settings.url_ttl, action)

    def put_bytes(self, key: str, data: bytes, content_type: str) -> None:
        """Given a full object key in the bucket, small contents and their media type,
        write the object (replacing any). Raise StorageError if the endpoint refuses."""
        target = self._target(self.settings.bucket, checked_key(key))
        with self._s3_failures(f"writing {len(data)} bytes", target):
            self._client.put_object(
                Bucket=target.bucket, Key=target.key, Body=data, ContentType=content_type
            )

    def delete(self, key: str) -> None:
        """Given a full object key in the bucket, delete the object; a missing object is not
        an error. Raise StorageError if the endpoint refuses."""
        target = self._target(self.settings.bucket, checked_key(key))
        with self._s3_failures("deleting", target):
            self._client.delete_object(Bucket=target.bucket, Key=target.key)

    def _upload(
        self,
        fd: int,
        snapshot: FileSnapshot,
        target: S3Target,
        action: str,
        tally: ProgressTally,
    ) -> None:
        content_type = content_type_for(snapshot.path)
        started = time.monotonic()
        with self._s3_failures(action, target):
            if snapshot.size >= self.settings.upload.multipart_threshold:
                upload = MultipartUpload(
                    self._client, self._http, self.settings.upload, target, action
                )
                upload.run(fd, snapshot, content_type, tally)
            else:
                self._put_whole(fd, snapshot, target, action, content_type, tally)
        seconds = max(time.monotonic() - started, 1e-6)
        log.info(
            "uploaded %s to %s: %.1f MiB at %.1f MiB/s",
            snapshot.path,
            target,
            snapshot.size / MIB,
            snapshot.size / MIB / seconds,
        )

    def _put_whole(
        self,
        fd: int,
        snapshot: FileSnapshot,
        target: S3Target,
        action: str,
        content_type: str,
        tally: ProgressTally,
    ) -> None:
        params = {"Bucket": target.bucket, "Key": target.key, "ContentType": content_type}

        def presign() -> str:
            url: str = self._client.generate_presigned_url(
                "put_object", Params=params, ExpiresIn=PART_URL_TTL_SECONDS
            )
            return url

        def body() -> Iterator[bytes]:
            # The last chunk leaves only after the file proved unchanged, so a file that
            # changed never becomes a complete object.
            return read_chunks(
                fd,
                snapshot,
                0,
                snapshot.size,
                on_read=lambda count: tally.update(1, count),
                before_last=lambda: check_unchanged(fd, snapshot),
            )

        put_presigned(
            self._http,
            presign,
            headers={"Content-Length": str(snapshot.size), "Content-Type": content_type},
            body=body,
            attempts=self.settings.upload.attempts,
            backoff=self.settings.upload.backoff,
            action=action,
            target=target,
        )

    def _stored(self, target: S3Target, action: str) -> tuple[int, str] | None:
        """Return the size and ETag of the object at `target`, or None if there is none."""
        try:
            head = self._client.head_object(Bucket=target.bucket, Key=target.key)
        except ClientError as error:
            if error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404:
                return None
            raise from_exception(error, f"{action}: looking the object up", target) from None
        except BotoCoreError as error:
            raise from_exception(error, f"{action}: looking the object up", target) from None
        return int(head["ContentLength"]), str(head.get("ETag", ""))

    def _presign_get(self, target: S3Target, size: int, ttl: timedelta, action: str) -> StagedMedia:
        seconds = ttl_seconds(ttl)
        # Taken before signing, so the promised expiry is never later than the real one.
        signed_at = self._clock()
        with self._s3_failures(f"{action}: presigning the download URL", target):
            url: str = self._client.generate_presigned_url(
                "get_object",
                Params={"Bucket": target.bucket, "Key": target.key},
                ExpiresIn=seconds,
            )
        return StagedMedia(url, signed_at + timedelta(seconds=seconds), target.key, size)

    def _target(self, bucket: str, key: str) -> S3Target:
        return S3Target(self.settings.endpoint_label, bucket, key)

    @contextmanager
    def _s3_failures(self, action: str, target: S3Target) -> Iterator[None]:
        """Turn boto3 and httpx failures inside the block into StorageErrors."""
        try:
            yield
        except (ClientError, BotoCoreError, httpx.HTTPError) as error:
            raise from_exception(error, action, target) from None
