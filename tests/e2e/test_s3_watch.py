"""The acceptance check of S3 watches: `gt-watch run` in a subprocess against a bucket of a
separate moto_server and the sandbox, with rules objects in the bucket; sidecars come back
into the bucket next to each object, and every object is ordered exactly once, also across
restarts, overwrites and a crash in the middle of a listing."""

from __future__ import annotations

import json
import signal
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus
from uuid import uuid4

import boto3
import pytest

from gt_watch.sandbox import SandboxServer
from gt_watch.sandbox.settings import SandboxSettings
from tests.e2e.s3_setup import Setup
from tests.support.media import write_wav
from tests.support.sandbox_admin import inspect
from tests.support.waiting import wait_for

CAPTIONS = "orders:\n  - {kind: captions, language: english, outputs: [srt, vtt]}\n"
TRANSCRIPTS = (
    "inherit: false\nmode: live\n"
    "orders:\n  - {kind: transcription, language: english, outputs: [txt, json]}\n"
)
ROOT_RULES = "mode: live\n" + CAPTIONS


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxSettings(delay=0.2, speed=1000)) as server:
        yield server


@pytest.fixture
def s3(moto_endpoint: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )


@pytest.fixture
def setup(tmp_path: Path, moto_endpoint: str, s3: Any, sandbox: SandboxServer) -> Iterator[Setup]:
    bucket = f"media-{uuid4().hex[:12]}"
    s3.create_bucket(Bucket=bucket)
    yield Setup(tmp_path, moto_endpoint, bucket, sandbox.base_url, sandbox.settings.token)
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", ()):
            s3.delete_object(Bucket=bucket, Key=item["Key"])


def _wav(tmp_path: Path, seed: int) -> bytes:
    return write_wav(tmp_path / f"{seed}.wav", 2.0, seed=seed).read_bytes()


def _put(s3: Any, setup: Setup, key: str, body: bytes) -> None:
    s3.put_object(Bucket=setup.bucket, Key=f"{setup.prefix}/{key}", Body=body)


def _keys(s3: Any, setup: Setup) -> set[str]:
    found = set()
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=setup.bucket):
        found |= {item["Key"].removeprefix(f"{setup.prefix}/") for item in page.get("Contents", ())}
    return found


def _body(s3: Any, setup: Setup, key: str) -> bytes:
    answer = s3.get_object(Bucket=setup.bucket, Key=f"{setup.prefix}/{key}")
    data: bytes = answer["Body"].read()
    return data


def _listed_once(setup: Setup) -> bool:
    """Whether the daemon completed its first listing (its position is kept)."""
    if not setup.database.exists():
        return False
    # Read-only and without migrating: the daemon may be creating the database right now.
    root = f"s3://{setup.bucket}/{setup.prefix}/"
    try:
        with closing(sqlite3.connect(f"file:{setup.database}?mode=ro", uri=True)) as database:
            row = database.execute(
                "SELECT 1 FROM meta WHERE key = ?", (f"s3-watch:{root}:position",)
            ).fetchone()
    except sqlite3.OperationalError:
        return False
    return row is not None


def _created(setup: Setup, key: str) -> str:
    """An S3 notification of `key` created, as S3 sends it (key URL-encoded, + for space)."""
    record = {
        "eventName": "ObjectCreated:Put",
        "s3": {
            "bucket": {"name": setup.bucket},
            "object": {"key": quote_plus(f"{setup.prefix}/{key}"), "size": 1, "eTag": "x"},
        },
    }
    return json.dumps({"Records": [record]})


def _two_prefixes(s3: Any, setup: Setup, tmp_path: Path) -> None:
    """Captions for the whole prefix; transcripts (and nothing else) under interviews/."""
    _put(s3, setup, ".gt-watch.yaml", ROOT_RULES.encode())
    _put(s3, setup, "interviews/.gt-watch.yaml", TRANSCRIPTS.encode())
    _put(s3, setup, "a b.wav", _wav(tmp_path, 1))
    _put(s3, setup, "c+d.wav", _wav(tmp_path, 2))
    _put(s3, setup, "interviews/ünï tön.wav", _wav(tmp_path, 3))
    _put(s3, setup, "interviews/deeper/x+y z.wav", _wav(tmp_path, 4))


EXPECTED_SIDECARS = {
    "a b.en.srt",
    "a b.en.vtt",
    "c+d.en.srt",
    "c+d.en.vtt",
    "interviews/ünï tön.en.txt",
    "interviews/ünï tön.en.json",
    "interviews/deeper/x+y z.en.txt",
    "interviews/deeper/x+y z.en.json",
}


def test_two_prefixes_with_different_rules_get_their_sidecars_each_ordered_once(
    setup: Setup, s3: Any, sandbox: SandboxServer, tmp_path: Path
) -> None:
    _two_prefixes(s3, setup, tmp_path)
    _put(s3, setup, "copy of a b.wav", _wav(tmp_path, 1))  # known content: not paid again
    first = setup.run_once()
    assert first.returncode == 0, first.stderr
    orders = inspect(sandbox)
    assert sorted(order["kind"] for order in orders) == [
        "captions", "captions", "transcriptions", "transcriptions",
    ]  # fmt: skip
    assert EXPECTED_SIDECARS | {"copy of a b.en.srt", "copy of a b.en.vtt"} <= _keys(s3, setup)
    by_source = setup.orders_by_source()
    assert len(by_source) == 5 and all(len(ids) == 1 for ids in by_source.values())
    source = f"s3://{setup.bucket}/{setup.prefix}"
    assert by_source[f"{source}/copy of a b.wav"] == by_source[f"{source}/a b.wav"]
    assert _body(s3, setup, "a b.en.srt").startswith(b"1\n00:00:")

    written = {key: _body(s3, setup, key) for key in EXPECTED_SIDECARS}
    second = setup.run_once()
    assert second.returncode == 0, second.stderr
    assert len(inspect(sandbox)) == 4
    assert {key: _body(s3, setup, key) for key in EXPECTED_SIDECARS} == written


def test_an_overwritten_object_is_ordered_again_and_its_old_sidecars_kept_as_backups(
    setup: Setup, s3: Any, sandbox: SandboxServer, tmp_path: Path
) -> None:
    _put(s3, setup, ".gt-watch.yaml", ROOT_RULES.encode())
    _put(s3, setup, "take.wav", _wav(tmp_path, 1))
    assert setup.run_once().returncode == 0
    old_srt = _body(s3, setup, "take.en.srt")
    _put(s3, setup, "take.wav", write_wav(tmp_path / "long.wav", 3.0, seed=9).read_bytes())
    again = setup.run_once()
    assert again.returncode == 0, again.stderr
    assert len(inspect(sandbox)) == 2
    backups = [key for key in _keys(s3, setup) if key.startswith(".gt-watch/backup/")]
    assert sorted(key.rsplit("/", 1)[1] for key in backups) == ["take.en.srt", "take.en.vtt"]
    backup_srt = next(key for key in backups if key.endswith(".srt"))
    assert _body(s3, setup, backup_srt) == old_srt
    assert _body(s3, setup, "take.en.srt") != old_srt


def test_results_go_under_the_output_prefix_and_are_not_taken_for_media(
    setup: Setup, s3: Any, sandbox: SandboxServer, tmp_path: Path
) -> None:
    setup.watch_options = {"output_prefix": f"{setup.prefix}/results"}
    _put(s3, setup, ".gt-watch.yaml", ("mode: live\nmatch: ['*']\n" + CAPTIONS).encode())
    _put(s3, setup, "day 1/a.wav", _wav(tmp_path, 1))
    assert setup.run_once().returncode == 0
    assert {"results/day 1/a.en.srt", "results/day 1/a.en.vtt"} <= _keys(s3, setup)
    assert setup.run_once().returncode == 0
    assert len(inspect(sandbox)) == 1


def test_a_daemon_killed_in_the_middle_of_a_listing_orders_nothing_twice_and_misses_nothing(
    setup: Setup, s3: Any, sandbox: SandboxServer, tmp_path: Path
) -> None:
    setup.watch_options = {"list_page_size": 1}
    _two_prefixes(s3, setup, tmp_path)
    # The crashing run cannot reach GoTranscript, and a price limit makes every live order
    # ask for a quote before its intent is written: the kill lands in the listing, never
    # between an order's intent and its POST (crash tests of their own cover that window).
    setup.limits = {"max_per_order": 100, "max_per_day": None}
    api_url, setup.api_url = setup.api_url, "http://127.0.0.1:9/api/v4"
    crashed = setup.run_once(GT_WATCH_FAILPOINT="after-listing-position")
    setup.api_url = api_url
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    taken_in, resume = setup.recorded()
    assert taken_in >= 1 and resume is not None  # objects in the pipeline, the rest unlisted
    assert not _keys(s3, setup) >= EXPECTED_SIDECARS
    restarted = setup.run_once()
    assert restarted.returncode == 0, restarted.stderr
    assert _keys(s3, setup) >= EXPECTED_SIDECARS
    assert len(inspect(sandbox)) == 4
    assert all(len(ids) == 1 for ids in setup.orders_by_source().values())


def test_a_running_daemon_takes_objects_from_the_event_queue_once_despite_a_duplicate(
    setup: Setup, s3: Any, sandbox: SandboxServer, tmp_path: Path, moto_endpoint: str
) -> None:
    sqs = boto3.client(
        "sqs",
        endpoint_url=moto_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    queue = sqs.create_queue(QueueName=f"events-{uuid4().hex[:8]}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]
    s3.put_bucket_notification_configuration(
        Bucket=setup.bucket,
        NotificationConfiguration={
            "QueueConfigurations": [{"QueueArn": arn["QueueArn"], "Events": ["s3:ObjectCreated:*"]}]
        },
    )
    # Listing once an hour: only the queue can bring the object in quickly.
    setup.watch_options = {
        "sqs_queue_url": queue,
        "list_interval": "1h",
        "full_list_interval": "1h",
    }
    _put(s3, setup, ".gt-watch.yaml", ROOT_RULES.encode())
    daemon = setup.start()
    try:
        wait_for(lambda: _listed_once(setup))
        key = "late arrival+1.wav"
        _put(s3, setup, key, _wav(tmp_path, 5))
        for _ in range(2):  # the bucket's own notification, then the same event twice more
            sqs.send_message(QueueUrl=queue, MessageBody=_created(setup, key))
        wait_for(lambda: {"late arrival+1.en.srt", "late arrival+1.en.vtt"} <= _keys(s3, setup))
        assert len(inspect(sandbox)) == 1
    finally:
        daemon.send_signal(signal.SIGTERM)
        _, errors = daemon.communicate(timeout=60)
    assert daemon.returncode == 0, errors
