"""Making media reachable by URL: the `MediaStager` contract and the `StagedMedia` it returns.

This module must stay free of boto3, httpx and starlette so that importing the contract costs
nothing. The implementations are `storage.s3.S3Storage` (upload to an S3-compatible bucket,
hand out a presigned GET URL) and `storage.signed.SignedUrls` (gt-watch serves the file
itself under an HMAC-signed, expiring URL; see `storage.media_app`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from gt_watch.redact import redact


def utc_now() -> datetime:
    """Return the current time in UTC: the default clock of the stagers."""
    return datetime.now(UTC)


# Called with the total number of bytes sent so far (monotonic, at most the file's size).
ProgressCallback = Callable[[int], None]


@dataclass(frozen=True, slots=True, repr=False)
class StagedMedia:
    """A media file reachable by `url` until `expires_at` (UTC).

    `key` names where the media lives for the stager that produced it: the full object key
    in the bucket (prefix included) for S3, the caller's key for signed URLs. `size` is the
    number of bytes behind the URL.
    """

    url: str
    expires_at: datetime
    key: str
    size: int

    def __repr__(self) -> str:
        # The URL carries a signature: a repr that lands in a log must not show it.
        return (
            f"StagedMedia(url={redact(self.url)!r}, expires_at={self.expires_at.isoformat()!r}, "
            f"key={self.key!r}, size={self.size})"
        )


class MediaStager(Protocol):
    """Something that makes a local file reachable by URL for a bounded time."""

    def stage(
        self, path: Path, key: str, *, progress: ProgressCallback | None = None
    ) -> StagedMedia:
        """Given a local file and a key derived from its content, return where it can be
        fetched. Raise `errors.StorageError` if the file cannot be made reachable."""
        ...
