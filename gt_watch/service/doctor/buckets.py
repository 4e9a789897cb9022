"""Doctor: can gt-watch list each watched bucket prefix and write its results there?
Writes one dot-named probe object per S3 watch (the watchers pass over dot-names) and
deletes it; must not touch any other object."""

from __future__ import annotations

import secrets

from gt_watch.config.schema import Config, S3Watch
from gt_watch.errors import StorageError
from gt_watch.service.build import Runtime
from gt_watch.service.doctor import Finding
from gt_watch.storage.bucket import WatchedBucket

PROBE = b"gt-watch doctor probe: safe to delete\n"


def check_buckets(config: Config, runtime: Runtime) -> list[Finding]:
    """Given the config and its built runtime, check every S3 watch."""
    return [
        check_bucket(watch, f"watches[{index}]", runtime.buckets.by_root[watch.path])
        for index, watch in enumerate(config.watches)
        if isinstance(watch, S3Watch)
    ]


def check_bucket(watch: S3Watch, setting: str, bucket: WatchedBucket) -> Finding:
    """Given an S3 watch, its config key and its bucket, list the first key under the
    prefix, then write and delete a probe object where its results go."""
    check = f"watched bucket {watch.path}"
    try:
        next(bucket.list_after(watch.prefix, page_size=1))
    except StorageError as error:
        return Finding.failure(
            check,
            f"cannot list it: {error.message}",
            f"{setting}.path, {setting}.endpoint_url",
            "fix the bucket, endpoint or credentials the message names; gt-watch needs "
            "s3:ListBucket on the bucket",
        )
    folder = watch.prefix if watch.output_prefix is None else watch.output_prefix
    key = f"{folder}.gt-watch-doctor-{secrets.token_hex(8)}"
    try:
        bucket.put(key, PROBE)
        bucket.delete(key)
    except StorageError as error:
        return Finding.failure(
            check,
            f"results cannot be written back: {error.message}",
            f"{setting}.output_prefix" if watch.output_prefix is not None else f"{setting}.path",
            "gt-watch needs s3:PutObject and s3:DeleteObject where the results go (and "
            "s3:GetObject on the media)",
        )
    return Finding.ok(check, "listed, and a probe object was written back and deleted")
