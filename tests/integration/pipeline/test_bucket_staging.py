"""Media made reachable through an S3-compatible bucket (a separate `moto_server` process):
uploaded once per content, ordered from a presigned URL, delivered like any other."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from gt_watch.model import JobState
from tests.integration.pipeline.harness import CAPTIONS, Harness


def test_media_staged_in_a_bucket_are_uploaded_once_per_content_and_ordered_from_it(
    bucket_pipeline: tuple[Harness, Any, str],
) -> None:
    pipeline, s3, bucket = bucket_pipeline
    pipeline.write_rules(CAPTIONS)
    first = pipeline.drop("first.wav")
    second = pipeline.copy(first, "second.wav")

    pipeline.run()

    job = pipeline.job(first)
    assert job.state is JobState.DELIVERED and pipeline.job(second).id == job.id
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=bucket)["Contents"]]
    assert keys == [f"gt-watch/{job.media_key}"]
    intent = pipeline.store.intents.get(job.id)
    assert intent is not None
    given = urlsplit(intent.request["url"])
    assert given.path == f"/{bucket}/gt-watch/{job.media_key}"
    assert [order["id"] for order in pipeline.orders()] == [job.order_id]
    assert {"first.en.srt", "second.en.srt"} <= pipeline.files()
