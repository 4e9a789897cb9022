"""What staged URLs carry (signatures, access key ids, session tokens) never shows in text,
whether the URL appears as is or URL-encoded inside a form body."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import boto3

from gt_watch.redact import redact
from gt_watch.storage.s3 import s3_client
from gt_watch.storage.s3_settings import S3Settings
from gt_watch.storage.signed import SignedUrls

ACCESS_KEY = "AKIAREDACTIONTEST1"
SESSION_TOKEN = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN"


def presigned_get_url() -> str:
    session = boto3.session.Session(
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key="secret-key-never-in-urls",
        aws_session_token=SESSION_TOKEN,
        region_name="eu-west-1",
    )
    settings = S3Settings(bucket="media", endpoint_url="http://127.0.0.1:9", path_style=True)
    client = s3_client(session, settings)
    url: str = client.generate_presigned_url(
        "get_object", Params={"Bucket": "media", "Key": "a b.wav"}, ExpiresIn=60
    )
    return url


def secrets_of(url: str) -> list[str]:
    signature = url.split("X-Amz-Signature=")[1].split("&")[0]
    return [ACCESS_KEY, SESSION_TOKEN, signature]


def test_presigned_s3_url_shows_neither_signature_nor_key_id_nor_token() -> None:
    url = presigned_get_url()

    text = redact(f"ordering with {url}")

    assert all(secret not in text for secret in secrets_of(url))
    assert "X-Amz-Signature=***" in text
    assert "X-Amz-Expires=60" in text  # what is not secret stays readable


def test_presigned_s3_url_inside_a_form_body_is_redacted_too() -> None:
    url = presigned_get_url()

    text = redact(urlencode({"url": url, "language": "english"}))

    assert all(secret not in text for secret in secrets_of(url))
    assert "X-Amz-Signature%3D***" in text
    assert "language=english" in text


def test_signed_media_url_hides_its_signature_plain_and_encoded(tmp_path: Path) -> None:
    media = tmp_path / "a.wav"
    media.write_bytes(b"RIFF")
    url = SignedUrls(b"k" * 32, "https://host", ttl=timedelta(hours=1)).stage(media, "k").url
    signature = url.split("sig=")[1]

    assert signature not in redact(url)
    assert signature not in redact(urlencode({"url": url}))
