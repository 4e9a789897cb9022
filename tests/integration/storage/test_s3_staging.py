"""Staging local media in an S3 bucket (a separate moto_server): uploads in one PUT or in
parts, presigned downloads of the same bytes, skips, retries, aborts and clear failures."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from gt_watch.errors import StorageError, UnsafePathError
from gt_watch.storage.s3 import S3Storage
from gt_watch.storage.s3_settings import MIB
from tests.integration.storage.conftest import PREFIX
from tests.support.net import free_port

MakeStorage = Callable[..., S3Storage]


def write_random(path: Path, size: int) -> Path:
    path.write_bytes(os.urandom(size))
    return path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def download(url: str) -> httpx.Response:
    response = httpx.get(url, timeout=30)
    response.raise_for_status()
    return response


def leftovers(s3: Any, bucket: str) -> tuple[list[str], list[str]]:
    """Objects and unfinished multipart uploads left in the bucket."""
    objects = [item["Key"] for item in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    uploads = [item["Key"] for item in s3.list_multipart_uploads(Bucket=bucket).get("Uploads", [])]
    return objects, uploads


class BreakingParts(httpx.BaseTransport):
    """A real transport, except that the upload of chosen parts breaks off after its first
    chunk, `times` times each: the network failing mid-part."""

    def __init__(self, part_numbers: set[int], times: int) -> None:
        self._inner = httpx.HTTPTransport()
        self._left = dict.fromkeys(part_numbers, times)
        self.broken: list[int] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        number = int(request.url.params.get("partNumber", 0))
        if self._left.get(number, 0) > 0:
            self._left[number] -= 1
            self.broken.append(number)
            assert isinstance(request.stream, httpx.SyncByteStream)
            next(iter(request.stream))
            raise httpx.WriteError("connection reset by peer")
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


def test_small_file_goes_up_in_one_put_and_its_url_gives_back_the_same_bytes(
    make_storage: MakeStorage, s3: Any, bucket: str, tmp_path: Path
) -> None:
    media = write_random(tmp_path / "interview.wav", 300_000)
    seen: list[int] = []

    staged = make_storage().stage(media, "sha256/ab12/interview.wav", progress=seen.append)

    assert staged.key == f"{PREFIX}/sha256/ab12/interview.wav"
    assert staged.size == 300_000
    got = download(staged.url)
    assert sha256(got.content) == sha256(media.read_bytes())
    assert got.headers["Content-Type"] == "audio/wav"
    assert "-" not in s3.head_object(Bucket=bucket, Key=staged.key)["ETag"]  # not multipart
    assert seen == [300_000]


def test_large_file_goes_up_in_parts_and_its_url_gives_back_the_same_bytes(
    make_storage: MakeStorage, s3: Any, bucket: str, tmp_path: Path
) -> None:
    media = write_random(tmp_path / "long take.mov", 11 * MIB + 123)
    seen: list[int] = []

    staged = make_storage(concurrency=3).stage(
        media, "sha256/cd34/long take.mov", progress=seen.append
    )

    assert sha256(download(staged.url).content) == sha256(media.read_bytes())
    head = s3.head_object(Bucket=bucket, Key=staged.key)
    assert head["ETag"].endswith('-3"')
    assert head["ContentType"] == "video/quicktime"
    assert seen == sorted(seen)
    assert seen[-1] == 11 * MIB + 123
    assert leftovers(s3, bucket) == ([staged.key], [])


def test_download_url_is_valid_for_seven_days_by_default(
    make_storage: MakeStorage, tmp_path: Path
) -> None:
    media = write_random(tmp_path / "a.wav", 1000)
    before = datetime.now(UTC)

    staged = make_storage().stage(media, "k/a.wav")

    assert parse_qs(urlsplit(staged.url).query)["X-Amz-Expires"] == ["604800"]
    assert before + timedelta(days=7) <= staged.expires_at <= datetime.now(UTC) + timedelta(days=7)


def test_object_already_there_with_the_same_size_is_not_uploaded_again(
    make_storage: MakeStorage, tmp_path: Path
) -> None:
    media = write_random(tmp_path / "a.wav", 6 * MIB)
    make_storage().stage(media, "sha256/ef56/a.wav")
    puts: list[str] = []

    def count_puts(request: httpx.Request) -> None:
        puts.append(request.method)

    seen: list[int] = []
    again = make_storage(event_hooks={"request": [count_puts]}).stage(
        media, "sha256/ef56/a.wav", progress=seen.append
    )

    assert puts == []
    assert seen == [6 * MIB]
    assert sha256(download(again.url).content) == sha256(media.read_bytes())


def test_object_under_the_same_key_with_another_size_is_replaced(
    make_storage: MakeStorage, tmp_path: Path
) -> None:
    storage = make_storage()
    storage.stage(write_random(tmp_path / "old.wav", 1000), "k/a.wav")
    media = write_random(tmp_path / "new.wav", 2000)

    staged = storage.stage(media, "k/a.wav")

    assert download(staged.url).content == media.read_bytes()


def test_part_that_breaks_once_is_sent_again_and_the_upload_completes(
    make_storage: MakeStorage, tmp_path: Path
) -> None:
    media = write_random(tmp_path / "a.wav", 11 * MIB)
    network = BreakingParts({2}, times=1)
    seen: list[int] = []

    staged = make_storage(transport=network).stage(media, "k/a.wav", progress=seen.append)

    assert network.broken == [2]
    assert sha256(download(staged.url).content) == sha256(media.read_bytes())
    assert seen == sorted(seen)
    assert seen[-1] == 11 * MIB


def test_part_that_keeps_breaking_aborts_the_upload_and_leaves_nothing_behind(
    make_storage: MakeStorage, s3: Any, bucket: str, tmp_path: Path
) -> None:
    media = write_random(tmp_path / "a.wav", 16 * MIB)
    network = BreakingParts({2}, times=3)

    with pytest.raises(StorageError) as caught:
        make_storage(transport=network, attempts=3).stage(media, "k/a.wav")

    assert network.broken == [2, 2, 2]
    assert f"uploading {media}: part 2 of 4" in str(caught.value)
    assert "the connection to the endpoint broke" in str(caught.value)
    assert leftovers(s3, bucket) == ([], [])


def test_missing_bucket_is_named_in_the_error(make_storage: MakeStorage, tmp_path: Path) -> None:
    media = write_random(tmp_path / "a.wav", 1000)

    with pytest.raises(StorageError) as caught:
        make_storage(bucket_name="no-such-bucket-here").stage(media, "k/a.wav")

    assert "s3://no-such-bucket-here/" in str(caught.value)
    assert "NoSuchBucket; the bucket does not exist" in str(caught.value)


def test_missing_bucket_is_named_for_a_multipart_upload_too(
    make_storage: MakeStorage, tmp_path: Path
) -> None:
    media = write_random(tmp_path / "a.wav", 6 * MIB)

    with pytest.raises(StorageError, match="NoSuchBucket; the bucket does not exist"):
        make_storage(bucket_name="no-such-bucket-here").stage(media, "k/a.wav")


def test_endpoint_nobody_listens_on_is_reported_with_what_to_check(
    make_storage: MakeStorage, tmp_path: Path
) -> None:
    media = write_random(tmp_path / "a.wav", 1000)
    endpoint = f"http://127.0.0.1:{free_port()}"

    with pytest.raises(StorageError) as caught:
        make_storage(endpoint=endpoint).stage(media, "k/a.wav")

    assert f"could not connect to the S3 endpoint {endpoint}" in str(caught.value)
    assert "check `endpoint_url`" in str(caught.value)


def grow_once(media: Path, after_bytes: int) -> Callable[[int], None]:
    """A progress callback that appends to the file once `after_bytes` have been sent."""
    grown: list[bool] = []

    def progress(sent: int) -> None:
        if sent >= after_bytes and not grown:
            grown.append(True)
            with media.open("ab") as more:
                more.write(b"late bytes")

    return progress


def test_file_that_grows_during_a_single_put_is_refused_and_never_stored(
    make_storage: MakeStorage, s3: Any, bucket: str, tmp_path: Path
) -> None:
    media = write_random(tmp_path / "growing.wav", 3 * MIB)

    with pytest.raises(StorageError, match="grew during upload"):
        make_storage().stage(media, "k/growing.wav", progress=grow_once(media, MIB))

    assert leftovers(s3, bucket) == ([], [])


def test_file_that_grows_during_a_multipart_upload_is_refused_and_aborted(
    make_storage: MakeStorage, s3: Any, bucket: str, tmp_path: Path
) -> None:
    media = write_random(tmp_path / "growing.wav", 11 * MIB)

    with pytest.raises(StorageError, match="grew during upload"):
        make_storage().stage(media, "k/growing.wav", progress=grow_once(media, MIB))

    assert leftovers(s3, bucket) == ([], [])


def test_file_that_vanished_before_upload_is_reported(
    make_storage: MakeStorage, tmp_path: Path
) -> None:
    with pytest.raises(StorageError, match=r"gone\.wav: the file vanished before upload"):
        make_storage().stage(tmp_path / "gone.wav", "k/gone.wav")


def test_unsafe_key_is_refused_before_anything_is_sent(
    make_storage: MakeStorage, tmp_path: Path
) -> None:
    media = write_random(tmp_path / "a.wav", 10)
    requests: list[httpx.Request] = []

    with pytest.raises(UnsafePathError):
        make_storage(event_hooks={"request": [requests.append]}).stage(media, "../../a.wav")
    assert requests == []


@pytest.mark.parametrize("key", ["footage/Zoë interview 1.wav", "footage/a+b & c.mp3"])
def test_source_object_is_presigned_in_place_whatever_its_key(
    make_storage: MakeStorage, s3: Any, bucket: str, key: str
) -> None:
    s3.put_object(Bucket=bucket, Key=key, Body=b"ID3 media bytes")

    staged = make_storage().presign_object(bucket, key, timedelta(hours=1))

    assert (staged.key, staged.size) == (key, 15)
    assert download(staged.url).content == b"ID3 media bytes"
    assert parse_qs(urlsplit(staged.url).query)["X-Amz-Expires"] == ["3600"]


def test_source_object_overwritten_since_it_was_listed_is_refused(
    make_storage: MakeStorage, s3: Any, bucket: str
) -> None:
    listed = s3.put_object(Bucket=bucket, Key="footage/a.wav", Body=b"first take")["ETag"]
    s3.put_object(Bucket=bucket, Key="footage/a.wav", Body=b"second take")

    with pytest.raises(StorageError, match="overwritten since it was listed"):
        make_storage().presign_object(bucket, "footage/a.wav", expected_etag=listed)


def test_source_object_unchanged_since_it_was_listed_is_presigned(
    make_storage: MakeStorage, s3: Any, bucket: str
) -> None:
    listed = s3.put_object(Bucket=bucket, Key="footage/a.wav", Body=b"take")["ETag"]

    staged = make_storage().presign_object(bucket, "footage/a.wav", expected_etag=listed.strip('"'))

    assert download(staged.url).content == b"take"


def test_presigning_a_source_object_that_is_gone_is_refused(
    make_storage: MakeStorage, bucket: str
) -> None:
    with pytest.raises(StorageError, match="the object does not exist"):
        make_storage().presign_object(bucket, "footage/deleted.wav")


def test_results_are_written_next_to_the_source_and_can_be_deleted(
    make_storage: MakeStorage, s3: Any, bucket: str
) -> None:
    storage = make_storage()

    storage.put_bytes(
        "footage/interview.en.srt", b"1\n00:00:00,000 --> ...", "application/x-subrip"
    )

    written = s3.get_object(Bucket=bucket, Key="footage/interview.en.srt")
    assert written["Body"].read() == b"1\n00:00:00,000 --> ..."
    assert written["ContentType"] == "application/x-subrip"
    storage.delete("footage/interview.en.srt")
    storage.delete("footage/interview.en.srt")  # deleting what is gone is no error
    assert leftovers(s3, bucket) == ([], [])


def test_result_cannot_be_written_to_a_missing_bucket(make_storage: MakeStorage) -> None:
    with pytest.raises(StorageError, match=r"writing 3 bytes .* NoSuchBucket"):
        make_storage(bucket_name="no-such-bucket-here").put_bytes("a.txt", b"abc", "text/plain")
