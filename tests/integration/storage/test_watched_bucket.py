"""A watched bucket object by object, against a real moto_server: listing pages in key
order, looking at objects, reading heads only of the version listed, copying, writing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest

from gt_watch.errors import StorageError, UnsafePathError
from gt_watch.storage.bucket import WatchedBucket, content_type_of
from gt_watch.storage.s3 import S3Storage

KEYS = ["in/a b.wav", "in/ü/ton.wav", "in/c+d.wav", "in/z.wav", "other/x.wav"]


@pytest.fixture
def watched(bucket: str, s3: Any, make_storage: Callable[..., S3Storage]) -> WatchedBucket:
    storage = make_storage()
    return WatchedBucket(bucket, storage._client, storage)


def _put(s3: Any, bucket: str, key: str, body: bytes = b"RIFF0000WAVE") -> str:
    return str(s3.put_object(Bucket=bucket, Key=key, Body=body)["ETag"]).strip('"')


def test_listing_yields_pages_in_key_order_with_sizes_and_plain_etags(
    watched: WatchedBucket, s3: Any, bucket: str
) -> None:
    etags = {key: _put(s3, bucket, key, key.encode()) for key in KEYS}
    pages = list(watched.list_after("in/", page_size=2))
    assert [len(page.objects) for page in pages] == [2, 2]
    listed = [item for page in pages for item in page.objects]
    assert [item.key for item in listed] == sorted(
        (key for key in KEYS if key.startswith("in/")), key=lambda key: key.encode()
    )
    assert all(
        item.etag == etags[item.key] and item.size == len(item.key.encode()) for item in listed
    )
    assert pages[0].last_key == listed[1].key


def test_listing_starts_after_a_key(watched: WatchedBucket, s3: Any, bucket: str) -> None:
    for key in KEYS:
        _put(s3, bucket, key)
    listed = [item.key for page in watched.list_after("in/", "in/c+d.wav") for item in page.objects]
    assert listed == ["in/z.wav", "in/ü/ton.wav"]


def test_an_empty_prefix_lists_one_empty_page(watched: WatchedBucket) -> None:
    [page] = watched.list_after("nothing/")
    assert page.objects == () and page.last_key is None


def test_head_tells_size_and_etag_or_none(watched: WatchedBucket, s3: Any, bucket: str) -> None:
    etag = _put(s3, bucket, "in/a b.wav", b"12345")
    info = watched.head("in/a b.wav")
    assert info is not None and (info.size, info.etag) == (5, etag)
    assert watched.head("in/missing.wav") is None


def test_read_gives_the_first_bytes_only_of_the_version_asked_for(
    watched: WatchedBucket, s3: Any, bucket: str
) -> None:
    old = _put(s3, bucket, "in/take.wav", b"0123456789")
    assert watched.read("in/take.wav", 4, etag=old) == b"0123"
    assert watched.read("in/take.wav", 100) == b"0123456789"
    _put(s3, bucket, "in/take.wav", b"new content")
    assert watched.read("in/take.wav", 4, etag=old) is None
    assert watched.read("in/gone.wav", 4) is None


def test_sha256_streams_the_object_or_says_none(
    watched: WatchedBucket, s3: Any, bucket: str
) -> None:
    _put(s3, bucket, "in/a.en.srt", b"1\n00:00:00,000 --> 00:00:01,000\nHi\n")
    expected = hashlib.sha256(b"1\n00:00:00,000 --> 00:00:01,000\nHi\n").hexdigest()
    assert watched.sha256("in/a.en.srt") == expected
    assert watched.sha256("in/none.en.srt") is None


def test_put_and_copy_write_objects_with_their_media_type(
    watched: WatchedBucket, s3: Any, bucket: str
) -> None:
    watched.put("in/a b.en.srt", b"subtitles")
    assert watched.copy("in/a b.en.srt", "in/.gt-watch/backup/1/a b.en.srt")
    assert not watched.copy("in/missing.srt", "in/.gt-watch/backup/1/missing.srt")
    copied = s3.get_object(Bucket=bucket, Key="in/.gt-watch/backup/1/a b.en.srt")
    assert copied["Body"].read() == b"subtitles"
    assert copied["ContentType"].startswith("application/x-subrip")


def test_presign_gives_the_object_itself_and_refuses_an_overwritten_one(
    watched: WatchedBucket, s3: Any, bucket: str
) -> None:
    etag = _put(s3, bucket, "in/c+d.wav", b"media bytes")
    staged = watched.presign("in/c+d.wav", timedelta(days=7), etag)
    assert httpx.get(staged.url).content == b"media bytes"
    _put(s3, bucket, "in/c+d.wav", b"other bytes")
    with pytest.raises(StorageError, match="overwritten since it was listed"):
        watched.presign("in/c+d.wav", timedelta(days=7), etag)


@pytest.mark.parametrize("key", ["in/../secret.wav", "/abs.wav", "in/bell\x07.wav"])
def test_unsafe_keys_are_refused_before_any_request(watched: WatchedBucket, key: str) -> None:
    with pytest.raises(UnsafePathError, match="refused"):
        watched.head(key)
    with pytest.raises(UnsafePathError, match="refused"):
        watched.put(key, b"x")


def test_an_unreachable_endpoint_is_a_storage_error_naming_it(
    make_storage: Callable[..., S3Storage], bucket: str
) -> None:
    storage = make_storage(endpoint="http://127.0.0.1:9")
    watched = WatchedBucket(bucket, storage._client, storage)
    with pytest.raises(StorageError, match="could not connect to the S3 endpoint"):
        watched.head("in/a.wav")


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("in/a.en.srt", "application/x-subrip; charset=utf-8"),
        ("in/a.en.vtt", "text/vtt; charset=utf-8"),
        ("in/a.wav", "audio/wav"),
        ("in/a.en.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_objects_are_written_with_the_type_their_name_says(key: str, expected: str) -> None:
    assert content_type_of(key) == expected


def test_reading_an_empty_object_gives_no_bytes_rather_than_an_error(
    watched: WatchedBucket, s3: Any, bucket: str
) -> None:
    etag = _put(s3, bucket, "in/.gt-watch.yaml", b"")
    assert watched.read("in/.gt-watch.yaml", 1024) == b""
    assert watched.read("in/.gt-watch.yaml", 1024, etag=etag) == b""
