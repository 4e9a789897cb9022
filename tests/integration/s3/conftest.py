"""Fixtures for S3 watches against the session's moto_server (S3 and SQS): a fresh bucket
per test, clients built the way the service builds them, media objects to put."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import httpx
import pytest

from gt_watch.storage.bucket import WatchedBucket
from gt_watch.storage.s3 import S3Storage, s3_client
from gt_watch.storage.s3_settings import S3Settings

CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture
def sqs(moto_endpoint: str, boto3_session: Any) -> Any:
    return boto3_session.client("sqs", endpoint_url=moto_endpoint)


@pytest.fixture
def bucket(s3: Any) -> Iterator[str]:
    name = f"watched-{uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    yield name
    # moto keeps every object for the whole session: free its memory.
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=name):
        keys = [{"Key": item["Key"]} for item in page.get("Contents", ())]
        for key in keys:  # one by one: moto cannot delete keys with control characters in bulk
            s3.delete_object(Bucket=name, **key)


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as client:
        yield client


@pytest.fixture
def watched(
    bucket: str, moto_endpoint: str, boto3_session: Any, http: httpx.Client
) -> WatchedBucket:
    """The bucket as gt-watch reaches it."""
    settings = S3Settings(bucket=bucket, endpoint_url=moto_endpoint, path_style=True)
    client = s3_client(boto3_session, settings, attempts=1)
    return WatchedBucket(bucket, client, S3Storage(client, http, settings))


def put(s3: Any, bucket: str, key: str, body: bytes) -> str:
    """Put an object; return its ETag without quotes."""
    return str(s3.put_object(Bucket=bucket, Key=key, Body=body)["ETag"]).strip('"')


def read(s3: Any, bucket: str, key: str) -> bytes:
    data: bytes = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    return data


def keys(s3: Any, bucket: str, prefix: str = "") -> list[str]:
    found = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        found += [item["Key"] for item in page.get("Contents", ())]
    return found
