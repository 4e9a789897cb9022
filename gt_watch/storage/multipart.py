"""Multipart uploads through presigned part URLs: the plan of parts (pure), the parts sent in
parallel and retried, then completion, or the upload aborted on any failure so that no
orphan parts stay behind. Must not choose keys or presign GET URLs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

import httpx
from botocore.exceptions import BotoCoreError, ClientError

from gt_watch.errors import StorageError
from gt_watch.storage.files import FileSnapshot, check_unchanged, read_chunks
from gt_watch.storage.http_put import put_presigned
from gt_watch.storage.progress import ProgressTally
from gt_watch.storage.s3_errors import S3Target, from_exception
from gt_watch.storage.s3_settings import (
    MAX_OBJECT_SIZE,
    MAX_PARTS,
    MIN_PART_SIZE,
    UploadTuning,
)

log = logging.getLogger(__name__)

# Part URLs are presigned right before each attempt, so they only need to outlive one part.
PART_URL_TTL_SECONDS = 3600


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a multipart upload: S3's 1-based number and the byte range it carries."""

    number: int
    offset: int
    length: int


def plan_parts(size: int, part_size: int) -> tuple[Part, ...]:
    """Given a file size and the wished part size, return the parts covering the file.
    Parts grow when the file would need more than 10,000 of them. Raise StorageError if the
    file is larger than an S3 object can be (5 TiB)."""
    if size > MAX_OBJECT_SIZE:
        raise StorageError(
            f"the file has {size / 1024**4:.2f} TiB, more than an S3 object can hold (5 TiB)"
        )
    part_size = max(part_size, MIN_PART_SIZE, -(-size // MAX_PARTS))
    count = max(1, -(-size // part_size))
    return tuple(
        Part(number + 1, number * part_size, min(part_size, size - number * part_size))
        for number in range(count)
    )


class _Cancelled(Exception):
    """Another part failed: this one stops so that the upload can be aborted."""


class MultipartUpload:
    """One file going up to one object key in parts. Use once: `run` it."""

    def __init__(
        self,
        client: Any,
        http: httpx.Client,
        tuning: UploadTuning,
        target: S3Target,
        action: str,
    ) -> None:
        self._client = client
        self._http = http
        self._tuning = tuning
        self._target = target
        self._action = action
        self._where = {"Bucket": target.bucket, "Key": target.key}
        self._stop = threading.Event()
        self._part_count = 0

    def run(self, fd: int, snapshot: FileSnapshot, content_type: str, tally: ProgressTally) -> None:
        """Given an open file, upload it in parts and complete the object. Raise
        StorageError if a part fails for good or the file changed; the upload is then
        aborted on the server."""
        upload_id = self._call(
            "starting the multipart upload", "create_multipart_upload", ContentType=content_type
        )["UploadId"]
        try:
            etags = self._upload_parts(upload_id, fd, snapshot, tally)
            check_unchanged(fd, snapshot)
            parts = [{"PartNumber": number, "ETag": etag} for number, etag in etags]
            self._call(
                "completing the multipart upload",
                "complete_multipart_upload",
                UploadId=upload_id,
                MultipartUpload={"Parts": parts},
            )
        except BaseException:
            self._abort(upload_id)
            raise

    def _upload_parts(
        self, upload_id: str, fd: int, snapshot: FileSnapshot, tally: ProgressTally
    ) -> list[tuple[int, str]]:
        parts = plan_parts(snapshot.size, self._tuning.part_size)
        self._part_count = len(parts)
        workers = min(self._tuning.concurrency, len(parts))
        with ThreadPoolExecutor(workers, thread_name_prefix="gt-watch-upload") as pool:
            futures: dict[Future[str], Part] = {
                pool.submit(self._upload_part, upload_id, fd, snapshot, part, tally): part
                for part in parts
            }
            try:
                for future in as_completed(futures):
                    future.result()
            except BaseException:
                # Parts in flight stop at their next chunk; waiting parts never start.
                self._stop.set()
                for future in futures:
                    future.cancel()
                raise
        return [(part.number, future.result()) for future, part in futures.items()]

    def _upload_part(
        self, upload_id: str, fd: int, snapshot: FileSnapshot, part: Part, tally: ProgressTally
    ) -> str:
        if self._stop.is_set():
            raise _Cancelled
        response = put_presigned(
            self._http,
            lambda: self._presign_part(upload_id, part.number),
            headers={"Content-Length": str(part.length)},
            body=lambda: self._part_body(fd, snapshot, part, tally),
            attempts=self._tuning.attempts,
            backoff=self._tuning.backoff,
            action=f"{self._action}: part {part.number} of {self._part_count}",
            target=self._target,
        )
        etag: str | None = response.headers.get("ETag")
        if not etag:
            raise StorageError(
                f"{self._action} ({self._target}): the endpoint accepted part {part.number} "
                "but sent no ETag; if a proxy or CORS rule sits in between, let ETag through"
            )
        return etag

    def _part_body(
        self, fd: int, snapshot: FileSnapshot, part: Part, tally: ProgressTally
    ) -> Iterator[bytes]:
        def sent(count: int) -> None:
            tally.update(part.number, count)

        for chunk in read_chunks(fd, snapshot, part.offset, part.length, on_read=sent):
            if self._stop.is_set():
                raise _Cancelled
            yield chunk

    def _presign_part(self, upload_id: str, number: int) -> str:
        params = {**self._where, "UploadId": upload_id, "PartNumber": number}
        url: str = self._client.generate_presigned_url(
            "upload_part", Params=params, ExpiresIn=PART_URL_TTL_SECONDS
        )
        return url

    def _call(self, what: str, operation: str, **params: Any) -> Any:
        try:
            return getattr(self._client, operation)(**self._where, **params)
        except (ClientError, BotoCoreError) as error:
            raise from_exception(error, f"{self._action}: {what}", self._target) from None

    def _abort(self, upload_id: str) -> None:
        try:
            self._client.abort_multipart_upload(**self._where, UploadId=upload_id)
        except (ClientError, BotoCoreError) as error:
            # The original failure matters more; the leftover parts cost storage until a
            # lifecycle rule (AbortIncompleteMultipartUpload) removes them.
            log.warning(
                "could not abort the multipart upload %s of %s (%s); its parts stay until "
                "a lifecycle rule removes incomplete uploads",
                upload_id,
                self._target,
                error,
            )
