from __future__ import annotations

import json

import pytest

from gt_watch.watchers.s3_queue import ObjectEvent, object_events


def _notification(*records: tuple[str, str]) -> str:
    return json.dumps(
        {
            "Records": [
                {
                    "eventName": name,
                    "s3": {"bucket": {"name": "media"}, "object": {"key": key, "size": 3}},
                }
                for name, key in records
            ]
        }
    )


def test_keys_arrive_url_encoded_with_plus_for_spaces() -> None:
    body = _notification(
        ("ObjectCreated:Put", "in/a+b.wav"),
        ("ObjectCreated:CompleteMultipartUpload", "in/c%2Bd.wav"),
        ("ObjectCreated:Copy", "in/%C3%BCn%C3%AF/t%C3%B6n.wav"),
    )
    assert object_events(body) == [
        ObjectEvent("media", "in/a b.wav", created=True),
        ObjectEvent("media", "in/c+d.wav", created=True),
        ObjectEvent("media", "in/ünï/tön.wav", created=True),
    ]


def test_deletions_are_events_that_create_nothing() -> None:
    [event] = object_events(_notification(("ObjectRemoved:Delete", "in/a.wav")))
    assert not event.created


def test_notifications_through_sns_are_unwrapped() -> None:
    body = json.dumps(
        {"Type": "Notification", "Message": _notification(("ObjectCreated:Put", "x"))}
    )
    assert object_events(body) == [ObjectEvent("media", "x", created=True)]


def test_s3_test_event_carries_nothing() -> None:
    assert object_events(json.dumps({"Event": "s3:TestEvent", "Bucket": "media"})) == []


def test_eventbridge_events_carry_plain_keys() -> None:
    body = json.dumps(
        {
            "detail-type": "Object Created",
            "detail": {"bucket": {"name": "media"}, "object": {"key": "in/a+b c.wav"}},
        }
    )
    assert object_events(body) == [ObjectEvent("media", "in/a+b c.wav", created=True)]


@pytest.mark.parametrize(
    "body", ["not json", "[1, 2]", json.dumps({"Records": "x"}), json.dumps({"Records": [{}]})]
)
def test_other_messages_are_refused(body: str) -> None:
    with pytest.raises((ValueError, KeyError, TypeError)):
        object_events(body)
