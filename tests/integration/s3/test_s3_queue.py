"""Bucket notifications through a real SQS queue of moto_server: keys with spaces, `+` and
unicode, duplicated and out-of-order events, deletions, messages that are not events."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from gt_watch.model import ObjectSeen
from gt_watch.storage.bucket import WatchedBucket
from gt_watch.store import Store
from gt_watch.watchers.s3 import S3Watcher
from gt_watch.watchers.s3_queue import QueueWatcher
from gt_watch.watchers.s3_scope import BucketScope
from tests.integration.s3.conftest import put
from tests.integration.s3.standin import Intake
from tests.support.waiting import wait_for


@pytest.fixture
def queue_url(sqs: Any, s3: Any, bucket: str) -> Iterator[str]:
    """A queue receiving the bucket's create and delete notifications."""
    url = str(sqs.create_queue(QueueName=f"events-{uuid4().hex[:8]}")["QueueUrl"])
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    s3.put_bucket_notification_configuration(
        Bucket=bucket,
        NotificationConfiguration={
            "QueueConfigurations": [
                {"QueueArn": arn, "Events": ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"]}
            ]
        },
    )
    yield url
    sqs.delete_queue(QueueUrl=url)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "state.db"
    Store.open(path).close()
    return path


@pytest.fixture
def intake(database: Path) -> Iterator[Intake]:
    with Intake(database) as running:
        yield running


@pytest.fixture
def consumer(
    queue_url: str, sqs: Any, watched: WatchedBucket, database: Path, intake: Intake
) -> Iterator[QueueWatcher]:
    watcher = S3Watcher(
        BucketScope(watched.name, "in/"),
        watched,
        open_store=lambda: Store.open(database),
        sink=intake,
        list_interval=3600,
        full_list_interval=3600,
    )
    queue = QueueWatcher(
        queue_url, sqs, [watcher], open_store=lambda: Store.open(database), wait_seconds=1
    )
    queue.start()
    yield queue
    queue.stop()


def _messages_left(sqs: Any, queue_url: str) -> int:
    attributes = sqs.get_queue_attributes(
        QueueUrl=queue_url,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return sum(int(value) for value in attributes.values())


def _event(bucket: str, key: str, name: str = "ObjectCreated:Put", etag: str = "0") -> str:
    record = {
        "eventName": name,
        "s3": {"bucket": {"name": bucket}, "object": {"key": key, "size": 1, "eTag": etag}},
    }
    return json.dumps({"Records": [record]})


def test_created_objects_are_handed_on_through_the_queue_with_their_real_keys(
    consumer: QueueWatcher, s3: Any, sqs: Any, queue_url: str, bucket: str, intake: Intake
) -> None:
    keys = ["in/a b.wav", "in/c+d.wav", "in/ünï/tön.wav"]
    etags = {f"s3://{bucket}/{key}": put(s3, bucket, key, key.encode()) for key in keys}
    intake.wait_for(lambda events: len(events) == 3)
    assert dict(intake.seen()) == etags
    wait_for(lambda: _messages_left(sqs, queue_url) == 0)
    assert consumer.alive() and consumer.problem() is None


def test_a_duplicated_event_hands_the_object_on_once(
    consumer: QueueWatcher, s3: Any, sqs: Any, queue_url: str, bucket: str, intake: Intake
) -> None:
    etag = put(s3, bucket, "in/take.wav", b"take")
    intake.wait_for(lambda events: len(events) == 1)
    wait_for(lambda: _messages_left(sqs, queue_url) == 0)
    sqs.send_message(QueueUrl=queue_url, MessageBody=_event(bucket, "in/take.wav", etag=etag))
    sqs.send_message(QueueUrl=queue_url, MessageBody=_event(bucket, "in/take.wav", etag=etag))
    wait_for(lambda: _messages_left(sqs, queue_url) == 0)
    assert intake.seen() == [(f"s3://{bucket}/in/take.wav", etag)]


def test_an_event_arriving_after_a_newer_one_hands_on_the_object_as_it_is_now(
    consumer: QueueWatcher, s3: Any, sqs: Any, queue_url: str, bucket: str, intake: Intake
) -> None:
    first = put(s3, bucket, "in/take.wav", b"first")
    intake.wait_for(lambda events: len(events) == 1)
    second = put(s3, bucket, "in/take.wav", b"second")
    intake.wait_for(lambda events: len(events) == 2)
    sqs.send_message(QueueUrl=queue_url, MessageBody=_event(bucket, "in/take.wav", etag=first))
    wait_for(lambda: _messages_left(sqs, queue_url) == 0)
    source = f"s3://{bucket}/in/take.wav"
    assert intake.seen() == [(source, first), (source, second)]


def test_deletions_outside_keys_and_foreign_messages_hand_nothing_on(
    consumer: QueueWatcher,
    s3: Any,
    sqs: Any,
    queue_url: str,
    bucket: str,
    intake: Intake,
    caplog: pytest.LogCaptureFixture,
) -> None:
    put(s3, bucket, "in/a.wav", b"a")
    intake.wait_for(lambda events: len(events) == 1)
    s3.delete_object(Bucket=bucket, Key="in/a.wav")
    put(s3, bucket, "elsewhere/b.wav", b"b")
    sqs.send_message(QueueUrl=queue_url, MessageBody="this is no S3 event")
    sqs.send_message(QueueUrl=queue_url, MessageBody=_event(bucket, "in/gone.wav"))
    wait_for(lambda: _messages_left(sqs, queue_url) == 0)
    assert [source for source, _ in intake.seen()] == [f"s3://{bucket}/in/a.wav"]
    assert "no S3 event notification" in caplog.text
    assert not any(isinstance(e, ObjectSeen) and "gone" in e.source for e in intake.events)
