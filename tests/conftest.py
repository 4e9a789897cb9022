"""Fixtures shared by all tests. Servers bind to 127.0.0.1 only; see tests/support/."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from gt_watch import redact
from gt_watch.storage.s3 import s3_client
from gt_watch.storage.s3_settings import S3Settings
from tests.support.servers import moto_server


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """One separate `moto_server` process (S3 and SQS) for the whole session."""
    with moto_server() as endpoint:
        yield endpoint


@pytest.fixture(scope="session")
def boto3_session() -> Any:
    """A boto3 session with moto's dummy credentials (never the environment's)."""
    return boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )


@pytest.fixture
def s3(moto_endpoint: str, boto3_session: Any) -> Any:
    """A plain S3 client of the moto endpoint, to look at and change buckets from outside."""
    settings = S3Settings(bucket="unused", endpoint_url=moto_endpoint, path_style=True)
    return s3_client(boto3_session, settings)


@pytest.fixture(autouse=True)
def _forget_registered_secrets() -> Iterator[None]:
    """Secrets registered by one test must not mask (or hide leaks in) another test."""
    yield
    with redact._lock:
        redact._known_secrets.clear()


@pytest.fixture(autouse=True)
def _reset_root_logger() -> Iterator[None]:
    """`gt_watch.logs.configure` replaces root handlers; undo that after each test."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
