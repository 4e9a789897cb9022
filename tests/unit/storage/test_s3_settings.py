"""Settings of an S3 bucket and the rules for keys and URL lifetimes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from gt_watch.errors import ConfigError, UnsafePathError
from gt_watch.storage.s3_settings import (
    MIB,
    S3Settings,
    UploadTuning,
    checked_key,
    object_key,
    ttl_seconds,
)


def test_key_is_placed_below_the_prefix_whatever_its_slashes() -> None:
    assert object_key("gt-watch/staging/", "ab/cd.wav") == "gt-watch/staging/ab/cd.wav"
    assert object_key("/gt-watch", "ab.wav") == "gt-watch/ab.wav"
    assert object_key("", "ab.wav") == "ab.wav"


def test_keys_with_spaces_unicode_and_plus_signs_are_accepted_unchanged() -> None:
    assert checked_key("Interviews 2024/Zoë + Ana.m4a") == "Interviews 2024/Zoë + Ana.m4a"


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "empty"),
        ("/etc/passwd", "absolute"),
        ("media/../secret.wav", "'..' segments"),
        ("./media.wav", "'.' or '..' segments"),
        ("media/line\nbreak.wav", "control characters"),
        ("a" * 1025, "longer than 1024 bytes"),
    ],
)
def test_unsafe_keys_are_refused_with_the_reason(key: str, reason: str) -> None:
    with pytest.raises(UnsafePathError, match=re.escape(reason)):
        checked_key(key)


def test_unsafe_key_below_a_prefix_is_refused_too() -> None:
    with pytest.raises(UnsafePathError, match=re.escape("'..' segments")):
        object_key("staging", "../outside.wav")


def test_every_bad_upload_setting_is_reported_at_once_by_name() -> None:
    with pytest.raises(ConfigError) as caught:
        UploadTuning(part_size=MIB, concurrency=0, attempts=0)

    keys = [problem.key for problem in caught.value.problems]
    assert keys == ["part_size", "concurrency", "attempts"]
    assert "at least 5 MiB" in str(caught.value)


def test_multipart_threshold_above_the_largest_single_put_is_refused() -> None:
    with pytest.raises(ConfigError, match="5 GiB, S3's largest PUT"):
        UploadTuning(multipart_threshold=6 * 1024 * MIB)


def test_url_lifetime_beyond_seven_days_is_refused() -> None:
    with pytest.raises(ConfigError, match="between 1 second and 7 days"):
        S3Settings(bucket="media", url_ttl=timedelta(days=8))


def test_bucket_name_with_a_slash_and_an_unsafe_prefix_are_both_reported() -> None:
    with pytest.raises(ConfigError) as caught:
        S3Settings(bucket="media/staging", prefix="../up")

    assert [problem.key for problem in caught.value.problems] == ["bucket", "prefix"]


def test_url_lifetime_is_given_in_whole_seconds() -> None:
    assert ttl_seconds(timedelta(days=7)) == 604800
    with pytest.raises(ConfigError):
        ttl_seconds(timedelta(0))


def test_endpoint_is_named_aws_when_none_is_configured() -> None:
    assert S3Settings(bucket="media").endpoint_label == "AWS S3"
    assert S3Settings(bucket="media", endpoint_url="http://minio:9000").endpoint_label == (
        "http://minio:9000"
    )
