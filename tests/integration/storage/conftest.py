"""S3 staging against a real `moto_server` process: a fresh bucket per test, and storages
built the way the service builds them (boto3 session with dummy credentials, path-style)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any
from uuid import uuid4

import httpx
import pytest

from gt_watch.storage.s3 import S3Storage, s3_client
from gt_watch.storage.s3_settings import MIB, S3Settings, UploadTuning

PREFIX = "gt-watch/staging"


@pytest.fixture
def bucket(s3: Any) -> Iterator[str]:
    name = f"media-{uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    yield name
    # Free the server's memory: moto keeps every object for the whole session.
    for listed in s3.list_objects_v2(Bucket=name).get("Contents", []):
        s3.delete_object(Bucket=name, Key=listed["Key"])


@pytest.fixture
def make_storage(
    moto_endpoint: str, bucket: str, boto3_session: Any
) -> Iterator[Callable[..., S3Storage]]:
    """Build an S3Storage on the test bucket: multipart from 5 MiB in 5 MiB parts (S3's
    minimum, which moto enforces), no waiting between attempts."""
    with ExitStack() as cleanup:

        def make(
            *,
            bucket_name: str | None = None,
            endpoint: str | None = None,
            transport: httpx.BaseTransport | None = None,
            event_hooks: dict[str, list[Callable[..., Any]]] | None = None,
            **tuning: Any,
        ) -> S3Storage:
            upload = UploadTuning(
                **{"multipart_threshold": 5 * MIB, "part_size": 5 * MIB, "backoff": 0, **tuning}
            )
            settings = S3Settings(
                bucket=bucket_name or bucket,
                prefix=PREFIX,
                endpoint_url=endpoint or moto_endpoint,
                path_style=True,
                upload=upload,
            )
            http = cleanup.enter_context(
                httpx.Client(transport=transport, event_hooks=event_hooks, timeout=30)
            )
            client = s3_client(boto3_session, settings, attempts=1)
            return S3Storage(client, http, settings)

        yield make
