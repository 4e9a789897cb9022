"""Fixtures of the pipeline's integration tests: the real engine on a watched folder in
tmp_path, ordering from the sandbox (see harness.py); media reachable through the daemon's
signed URLs, or through a bucket of the `moto_server` process."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from uuid import uuid4

import boto3
import httpx
import pytest

from gt_watch.storage.s3 import S3Storage, s3_client
from gt_watch.storage.s3_settings import S3Settings
from tests.integration.pipeline.harness import Harness, start_harness


@pytest.fixture
def pipeline(tmp_path: Path) -> Iterator[Harness]:
    """The engine with the harness's default settings (no spending limits)."""
    with ExitStack() as stack:
        yield start_harness(stack, tmp_path)


@pytest.fixture
def pipeline_with(tmp_path: Path) -> Iterator[Callable[..., Harness]]:
    """Build the engine with other pipeline settings: `pipeline_with(max_in_doubt=1)`."""
    with ExitStack() as stack:

        def build(**settings: Any) -> Harness:
            return start_harness(stack, tmp_path, **settings)

        yield build


@pytest.fixture
def bucket_pipeline(tmp_path: Path, moto_endpoint: str) -> Iterator[tuple[Harness, Any, str]]:
    """The engine staging media in a fresh bucket of `moto_server` (presigned URLs, as
    config.yaml's `storage: {type: s3}` builds it); yields (harness, S3 client, bucket)."""
    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    settings = S3Settings(
        bucket=f"media-{uuid4().hex[:12]}",
        prefix="gt-watch/",
        endpoint_url=moto_endpoint,
        path_style=True,
    )
    client = s3_client(session, settings)
    client.create_bucket(Bucket=settings.bucket)
    with ExitStack() as stack, httpx.Client(timeout=30) as http:
        stager = S3Storage(client, http, settings)
        yield start_harness(stack, tmp_path, stager=stager), client, settings.bucket
    for listed in client.list_objects_v2(Bucket=settings.bucket).get("Contents", []):
        client.delete_object(Bucket=settings.bucket, Key=listed["Key"])
