"""The clients of watched buckets and their event queues, built from the S3 watches of a
Config: one boto3 S3 client per bucket (credentials the boto3 way or a named profile, the
watch's endpoint, region and addressing style), one SQS client per queue. Constructs;
runs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import boto3
import httpx

from gt_watch.config.resolve import RuleDefaults
from gt_watch.config.schema import S3Watch
from gt_watch.pipeline.s3_sources import BucketWatch
from gt_watch.service.bucket_rules import BucketRules
from gt_watch.storage.bucket import WatchedBucket
from gt_watch.storage.s3 import S3Storage, s3_client
from gt_watch.storage.s3_settings import S3Settings

DEFAULT_REGION = "us-east-1"  # what boto3 signs with when nothing names a region


@dataclass
class Buckets:
    """The watched buckets: the pipeline's view of each watch, the bucket of each watch
    root, and an SQS client per event queue URL."""

    watches: list[BucketWatch] = field(default_factory=list)
    by_root: dict[str, WatchedBucket] = field(default_factory=dict)
    queues: dict[str, Any] = field(default_factory=dict)


def build_buckets(
    watches: Sequence[S3Watch], url_ttl: timedelta, closers: list[Callable[[], object]]
) -> Buckets:
    """Given the S3 watches, how long presigned URLs live and the list of closers to extend,
    return their clients. Two watches of one bucket share its client (config's cross-check
    makes sure they reach it the same way)."""
    built = Buckets()
    if not watches:
        return built
    http = httpx.Client(timeout=httpx.Timeout(60.0, connect=10.0))
    closers.append(http.close)
    sessions: dict[str | None, Any] = {}
    by_name: dict[str, WatchedBucket] = {}
    for watch in watches:
        session = sessions.get(watch.profile)
        if session is None:
            session = sessions[watch.profile] = boto3.session.Session(profile_name=watch.profile)
        bucket = by_name.get(watch.bucket)
        if bucket is None:
            bucket = by_name[watch.bucket] = _bucket(watch, session, http, url_ttl)
        built.watches.append(BucketWatch(watch.path, bucket, watch.output_prefix))
        built.by_root[watch.path] = bucket
        if watch.sqs_queue_url and watch.sqs_queue_url not in built.queues:
            built.queues[watch.sqs_queue_url] = _queue_client(watch, session)
    return built


def bucket_rules(
    watches: Sequence[S3Watch], buckets: Buckets, defaults: RuleDefaults
) -> dict[str, BucketRules]:
    """Given the S3 watches and their buckets, return the rules of each watch root."""
    return {
        watch.path: BucketRules(
            watch.path,
            defaults,
            read_object=buckets.by_root[watch.path].read if watch.bucket_rules else None,
            rules_file=watch.rules_file,
        )
        for watch in watches
    }


def _bucket(watch: S3Watch, session: Any, http: httpx.Client, url_ttl: timedelta) -> WatchedBucket:
    settings = S3Settings(
        bucket=watch.bucket,
        endpoint_url=watch.endpoint_url,
        region=watch.region,
        path_style=watch.path_style,
        url_ttl=url_ttl,
    )
    client = s3_client(session, settings)
    return WatchedBucket(watch.bucket, client, S3Storage(client, http, settings))


def _queue_client(watch: S3Watch, session: Any) -> Any:
    """An SQS client for the watch's queue: its endpoint is the queue URL's origin (AWS's
    regional endpoint, or a local emulator), its region the watch's or the URL's."""
    url = urlsplit(watch.sqs_queue_url or "")
    region = watch.region or _aws_region(url.hostname or "") or session.region_name
    return session.client(
        "sqs", endpoint_url=f"{url.scheme}://{url.netloc}", region_name=region or DEFAULT_REGION
    )


def _aws_region(host: str) -> str | None:
    """`sqs.eu-central-1.amazonaws.com` -> `eu-central-1`."""
    parts = host.split(".")
    if len(parts) >= 4 and parts[0] == "sqs" and parts[-2:] == ["amazonaws", "com"]:
        return parts[1]
    return None
