"""Building the clients of S3 watches: one per bucket, one per queue, where each points."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest

from gt_watch.config.schema import S3Watch
from gt_watch.service.buckets import build_buckets


@pytest.fixture
def closers() -> Iterator[list[Callable[[], object]]]:
    found: list[Callable[[], object]] = []
    yield found
    for close in found:
        close()


@pytest.fixture(autouse=True)
def _credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)


def test_watches_of_one_bucket_share_its_client_and_queues_get_their_own_endpoint(
    closers: list[Callable[[], object]],
) -> None:
    queue = "https://sqs.eu-central-1.amazonaws.com/123456789012/gt-watch-events"
    watches = [
        S3Watch(path="s3://media-in/a", region="eu-central-1", sqs_queue_url=queue),
        S3Watch(path="s3://media-in/b", region="eu-central-1", output_prefix="out"),
        S3Watch(path="s3://other-bucket/", endpoint_url="http://127.0.0.1:9000", path_style=True),
    ]
    built = build_buckets(watches, timedelta(days=7), closers)
    assert built.by_root["s3://media-in/a/"] is built.by_root["s3://media-in/b/"]
    assert built.by_root["s3://other-bucket/"].name == "other-bucket"
    assert [watch.output_prefix for watch in built.watches] == [None, "out/", None]
    client = built.queues[queue]
    assert client.meta.endpoint_url == "https://sqs.eu-central-1.amazonaws.com"
    assert client.meta.region_name == "eu-central-1"
    assert len(closers) == 1  # the HTTP client shared by every bucket


def test_a_queue_region_comes_from_its_aws_address_when_the_watch_names_none(
    closers: list[Callable[[], object]],
) -> None:
    queue = "https://sqs.ap-southeast-2.amazonaws.com/123456789012/events"
    built = build_buckets(
        [S3Watch(path="s3://media-in/", sqs_queue_url=queue)], timedelta(1), closers
    )
    assert built.queues[queue].meta.region_name == "ap-southeast-2"


def test_no_s3_watch_builds_nothing(closers: list[Callable[[], object]]) -> None:
    built = build_buckets([], timedelta(days=7), closers)
    assert built.watches == [] and built.queues == {} and closers == []
