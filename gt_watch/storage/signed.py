"""The built-in alternative to S3: stateless, expiring URLs signed with HMAC-SHA256 under
which gt-watch serves a local file itself. Must not serve HTTP (`storage.media_app` does)
nor read file contents.

A URL is `{public_url}/media/{opaque}?exp={unix seconds}&sig={signature}`. `opaque` is the
base64url of `{size}:{mtime_ns}:{absolute path}`, so a URL only ever serves the exact file
that was staged: a file changed since then is "not found". The signature covers `opaque` and
`exp`; nothing is stored, so URLs survive restarts as long as the secret does.

The path is encoded, not encrypted: whoever holds a URL can read the file's local path.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import secrets
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from gt_watch.errors import ConfigError, Problem, StorageError
from gt_watch.storage import ProgressCallback, StagedMedia, utc_now
from gt_watch.storage.s3_settings import MAX_URL_TTL, ttl_problem

MIN_SECRET_BYTES = 32
MEDIA_ROUTE = "/media/{opaque}"
_DOMAIN = b"gt-watch media url v1"
_OPAQUE = re.compile(r"[A-Za-z0-9_-]{1,8192}")
_EXPIRES = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"[A-Za-z0-9_-]{43}")


def new_secret() -> bytes:
    """Return a fresh random signing secret (to be kept across restarts)."""
    return secrets.token_bytes(MIN_SECRET_BYTES)


@dataclass(frozen=True, slots=True)
class MediaGrant:
    """What a valid URL allows: serving this file, if it still has this size and mtime."""

    path: Path
    size: int
    mtime_ns: int

    def matches(self, status: os.stat_result) -> bool:
        """Given the file's current stat, return whether it is still the staged file."""
        return (
            stat.S_ISREG(status.st_mode)
            and status.st_size == self.size
            and status.st_mtime_ns == self.mtime_ns
        )


class SignatureRejected(Exception):
    """A media URL is unsigned, forged, tampered with or expired. Its reason is for logs at
    debug level only; the requester learns nothing but 403."""


class SignedUrls:
    """A `MediaStager` whose URLs point at gt-watch's own HTTP server."""

    def __init__(
        self,
        secret: bytes,
        public_url: str,
        *,
        ttl: timedelta = MAX_URL_TTL,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        problems = _settings_problems(secret, public_url, ttl)
        if problems:
            raise ConfigError(problems)
        self._secret = secret
        self.public_url = public_url.rstrip("/")
        self.ttl = ttl
        self._clock = clock

    def __repr__(self) -> str:
        return f"SignedUrls(public_url={self.public_url!r}, ttl={self.ttl})"

    def stage(
        self, path: Path, key: str, *, progress: ProgressCallback | None = None
    ) -> StagedMedia:
        """Given a local file, return a signed URL of it valid for `ttl`; `key` is only
        passed through. Raise StorageError if the file is missing or not a regular file."""
        expires_at = (self._clock() + self.ttl).replace(microsecond=0)
        grant = _grant_for(path)
        if progress is not None:
            progress(grant.size)
        return StagedMedia(self.url_for(grant, expires_at), expires_at, key, grant.size)

    def url_for(self, grant: MediaGrant, expires_at: datetime) -> str:
        """Given what to serve and until when, return the signed URL."""
        payload = f"{grant.size}:{grant.mtime_ns}:".encode() + os.fsencode(grant.path)
        opaque = _b64encode(payload)
        expires = str(int(expires_at.timestamp()))
        signature = self._sign(opaque, expires)
        return f"{self.public_url}/media/{opaque}?exp={expires}&sig={signature}"

    def verify(self, opaque: str, expires: str, signature: str) -> MediaGrant:
        """Given the parts of a requested URL, return what it grants. Raise
        SignatureRejected if it is malformed, not signed with this secret, or expired."""
        if not (
            _OPAQUE.fullmatch(opaque)
            and _EXPIRES.fullmatch(expires)
            and _SIGNATURE.fullmatch(signature)
        ):
            raise SignatureRejected("malformed media URL")
        expected = self._sign(opaque, expires)
        if not hmac.compare_digest(expected.encode(), signature.encode()):
            raise SignatureRejected("bad signature")
        if int(expires) <= self._clock().timestamp():
            raise SignatureRejected("expired")
        return _decode_grant(opaque)

    def _sign(self, opaque: str, expires: str) -> str:
        message = b"\n".join((_DOMAIN, opaque.encode(), expires.encode()))
        return _b64encode(hmac.digest(self._secret, message, hashlib.sha256))


def _grant_for(path: Path) -> MediaGrant:
    try:
        absolute = path.resolve(strict=True)
        status = absolute.stat()
    except FileNotFoundError:
        raise StorageError(
            f"{path}: the file vanished before it could be offered by URL; it was moved or "
            "deleted after it was seen"
        ) from None
    except OSError as error:
        raise StorageError(f"{path}: cannot offer the file by URL: {error.strerror}") from None
    if not stat.S_ISREG(status.st_mode):
        raise StorageError(f"{path}: not a regular file; only files can be offered by URL")
    return MediaGrant(absolute, status.st_size, status.st_mtime_ns)


def _decode_grant(opaque: str) -> MediaGrant:
    try:
        payload = base64.urlsafe_b64decode(opaque + "=" * (-len(opaque) % 4))
        size, mtime_ns, raw_path = payload.split(b":", 2)
        return MediaGrant(Path(os.fsdecode(raw_path)), int(size), int(mtime_ns))
    except (binascii.Error, ValueError):
        # Only reachable with a validly signed but foreign payload (a reused secret).
        raise SignatureRejected("undecodable payload") from None


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _settings_problems(secret: bytes, public_url: str, ttl: timedelta) -> list[Problem]:
    problems = []
    if len(secret) < MIN_SECRET_BYTES:
        problems.append(Problem(f"the signing secret must have at least {MIN_SECRET_BYTES} bytes"))
    parts = urlsplit(public_url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
        problems.append(
            Problem(
                f"not a public base URL: {public_url!r} (expected http(s)://host[:port][/path])",
                key="public_url",
            )
        )
    if ttl_problem(ttl):
        problems.append(Problem(ttl_problem(ttl), key="url_ttl"))
    return problems
