"""What an S3-compatible storage needs to know (bucket, prefix, endpoint, upload tuning) and
the pure rules about keys and URL lifetimes. Performs no I/O and builds no client.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from gt_watch.errors import ConfigError, Problem, UnsafePathError

MIB = 1024 * 1024
# S3's limits: objects of at most 5 TiB; a single PUT of at most 5 GiB; parts of at least
# 5 MiB (except the last), at most 10,000 parts of at most 5 GiB; presigned URLs valid for at
# most 7 days (SigV4).
MIN_PART_SIZE = 5 * MIB
MAX_PART_SIZE = 5 * 1024 * MIB
MAX_PUT_SIZE = 5 * 1024 * MIB
MAX_OBJECT_SIZE = 5 * 1024 * 1024 * MIB
MAX_PARTS = 10_000
MAX_URL_TTL = timedelta(days=7)
MAX_KEY_BYTES = 1024
# Unicode's control characters (category Cc): C0, DEL and C1. A listing checks every key, so
# one regular expression instead of a category lookup per character.
_CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class UploadTuning:
    """How uploads are cut and paced. Files of `multipart_threshold` bytes or more go up in
    parts of `part_size` bytes, `concurrency` at a time; each request is tried up to
    `attempts` times, waiting `backoff` seconds, then twice that, and so on."""

    multipart_threshold: int = 64 * MIB
    part_size: int = 8 * MIB
    concurrency: int = 4
    attempts: int = 4
    backoff: float = 0.5

    def __post_init__(self) -> None:
        problems = [
            Problem(message, key=name)
            for name, message in (
                ("part_size", _at_least(self.part_size, MIN_PART_SIZE, "5 MiB, S3's minimum")),
                ("part_size", _at_most(self.part_size, MAX_PART_SIZE, "5 GiB, S3's maximum")),
                (
                    "multipart_threshold",
                    _at_least(self.multipart_threshold, MIN_PART_SIZE, "5 MiB"),
                ),
                (
                    "multipart_threshold",
                    _at_most(self.multipart_threshold, MAX_PUT_SIZE, "5 GiB, S3's largest PUT"),
                ),
                ("concurrency", _at_least(self.concurrency, 1, "1")),
                ("concurrency", _at_most(self.concurrency, 64, "64")),
                ("attempts", _at_least(self.attempts, 1, "1")),
                ("backoff", "" if self.backoff >= 0 else "must not be negative"),
            )
            if message
        ]
        if problems:
            raise ConfigError(problems)


@dataclass(frozen=True, slots=True)
class S3Settings:
    """One S3-compatible bucket: where staged media goes (`prefix`), how to reach it, and how
    long presigned GET URLs stay valid. `endpoint_url` None means AWS itself."""

    bucket: str
    prefix: str = ""
    endpoint_url: str | None = None
    region: str | None = None
    path_style: bool = False
    url_ttl: timedelta = MAX_URL_TTL
    upload: UploadTuning = field(default_factory=UploadTuning)

    def __post_init__(self) -> None:
        problems = []
        if not self.bucket or "/" in self.bucket:
            problems.append(Problem(f"not a bucket name: {self.bucket!r}", key="bucket"))
        if self.prefix and _unsafe_key_reason(self.prefix.strip("/") + "/x"):
            problems.append(Problem(f"not a safe key prefix: {self.prefix!r}", key="prefix"))
        if ttl_problem(self.url_ttl):
            problems.append(Problem(ttl_problem(self.url_ttl), key="url_ttl"))
        if problems:
            raise ConfigError(problems)

    @property
    def endpoint_label(self) -> str:
        """The endpoint as messages name it."""
        return self.endpoint_url or "AWS S3"


def object_key(prefix: str, key: str) -> str:
    """Given a prefix and a key below it, return the object key. Raise UnsafePathError if
    the key is empty, absolute, has `.`/`..` segments or control characters, or is too long."""
    clean_prefix = prefix.strip("/")
    full = f"{clean_prefix}/{key}" if clean_prefix else key
    checked_key(full)
    return full


def checked_key(key: str) -> str:
    """Given an object key from anywhere, return it unchanged if it is safe to use. Raise
    UnsafePathError if not (see `object_key`)."""
    reason = _unsafe_key_reason(key)
    if reason:
        raise UnsafePathError(f"object key {key!r} refused: {reason}")
    return key


def ttl_seconds(ttl: timedelta) -> int:
    """Given a URL lifetime, return it in whole seconds. Raise ConfigError if it is not
    between 1 second and 7 days."""
    problem = ttl_problem(ttl)
    if problem:
        raise ConfigError([Problem(problem, key="url_ttl")])
    return int(ttl.total_seconds())


def ttl_problem(ttl: timedelta) -> str:
    """Given a URL lifetime, return what is wrong with it, or an empty string."""
    if timedelta(seconds=1) <= ttl <= MAX_URL_TTL:
        return ""
    return f"URL lifetime must be between 1 second and 7 days, got {ttl}"


def _unsafe_key_reason(key: str) -> str:
    if not key:
        return "it is empty"
    if key.startswith("/"):
        return "it is absolute (starts with '/')"
    if _CONTROL_CHARACTERS.search(key):
        return "it contains control characters"
    if any(segment in {".", ".."} for segment in key.split("/")):
        return "it has '.' or '..' segments"
    if len(key.encode("utf-8")) > MAX_KEY_BYTES:
        return f"it is longer than {MAX_KEY_BYTES} bytes"
    return ""


def _at_least(value: float, minimum: float, label: str) -> str:
    return "" if value >= minimum else f"must be at least {label}, got {value}"


def _at_most(value: float, maximum: float, label: str) -> str:
    return "" if value <= maximum else f"must be at most {label}, got {value}"
