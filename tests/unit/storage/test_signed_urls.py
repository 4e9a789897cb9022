"""Signed, expiring URLs of local files: what they grant, and every way they are refused."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from gt_watch.errors import ConfigError, StorageError
from gt_watch.storage.signed import MediaGrant, SignatureRejected, SignedUrls, new_secret

SECRET = b"s" * 32
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def signed(clock: Clock) -> SignedUrls:
    return SignedUrls(SECRET, "https://media.example.org/gt/", ttl=timedelta(hours=2), clock=clock)


@pytest.fixture
def media(tmp_path: Path) -> Path:
    path = tmp_path / "Zoë interview 1.wav"
    path.write_bytes(b"RIFF" + bytes(1000))
    return path


def url_parts(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    return parts.path.rsplit("/", 1)[1], query["exp"][0], query["sig"][0]


def test_staged_url_lives_under_the_public_url_and_expires_after_the_lifetime(
    signed: SignedUrls, media: Path
) -> None:
    staged = signed.stage(media, "sha256/abc")

    assert staged.url.startswith("https://media.example.org/gt/media/")
    assert staged.expires_at == NOW + timedelta(hours=2)
    assert url_parts(staged.url)[1] == str(int(staged.expires_at.timestamp()))
    assert (staged.key, staged.size) == ("sha256/abc", 1004)


def test_valid_url_grants_exactly_the_staged_file(signed: SignedUrls, media: Path) -> None:
    staged = signed.stage(media, "k")

    grant = signed.verify(*url_parts(staged.url))

    status = media.stat()
    assert grant == MediaGrant(media.resolve(), status.st_size, status.st_mtime_ns)
    assert grant.matches(status)


def test_url_stops_working_when_it_expires(signed: SignedUrls, media: Path, clock: Clock) -> None:
    parts = url_parts(signed.stage(media, "k").url)
    clock.now = NOW + timedelta(hours=2)

    with pytest.raises(SignatureRejected, match="expired"):
        signed.verify(*parts)


def test_extended_expiry_breaks_the_signature(signed: SignedUrls, media: Path) -> None:
    opaque, expires, signature = url_parts(signed.stage(media, "k").url)

    with pytest.raises(SignatureRejected, match="bad signature"):
        signed.verify(opaque, str(int(expires) + 86400), signature)


def test_signature_of_one_file_does_not_open_another(
    signed: SignedUrls, media: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.wav"
    other.write_bytes(b"other")
    _, expires, signature = url_parts(signed.stage(media, "k").url)
    other_opaque, _, _ = url_parts(signed.stage(other, "k").url)

    with pytest.raises(SignatureRejected, match="bad signature"):
        signed.verify(other_opaque, expires, signature)


def test_url_signed_with_another_secret_is_refused(media: Path, clock: Clock) -> None:
    theirs = SignedUrls(new_secret(), "https://media.example.org", clock=clock)
    ours = SignedUrls(SECRET, "https://media.example.org", clock=clock)

    with pytest.raises(SignatureRejected, match="bad signature"):
        ours.verify(*url_parts(theirs.stage(media, "k").url))


@pytest.mark.parametrize(
    ("opaque", "expires", "signature"),
    [
        ("", "1", "a" * 43),
        ("abc", "", "a" * 43),
        ("abc", "-1", "a" * 43),
        ("abc", "1", ""),
        ("abc", "1", "a" * 42),
        ("../etc/passwd", "1", "a" * 43),
        ("abc", "99999999999999", "a" * 43),
    ],
)
def test_malformed_url_parts_are_refused_before_any_work(
    signed: SignedUrls, opaque: str, expires: str, signature: str
) -> None:
    with pytest.raises(SignatureRejected, match="malformed"):
        signed.verify(opaque, expires, signature)


def test_progress_reports_the_whole_file_at_once(signed: SignedUrls, media: Path) -> None:
    seen: list[int] = []

    signed.stage(media, "k", progress=seen.append)

    assert seen == [1004]


def test_symlink_is_signed_as_the_file_it_points_to(
    signed: SignedUrls, media: Path, tmp_path: Path
) -> None:
    link = tmp_path / "link.wav"
    link.symlink_to(media)

    grant = signed.verify(*url_parts(signed.stage(link, "k").url))

    assert grant.path == media.resolve()


def test_missing_file_cannot_be_staged(signed: SignedUrls, tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="vanished before it could be offered"):
        signed.stage(tmp_path / "gone.wav", "k")


def test_folder_cannot_be_staged(signed: SignedUrls, tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="not a regular file"):
        signed.stage(tmp_path, "k")


def test_file_changed_since_staging_no_longer_matches_its_grant(
    signed: SignedUrls, media: Path
) -> None:
    grant = signed.verify(*url_parts(signed.stage(media, "k").url))
    with media.open("ab") as more:
        more.write(b"x")

    assert not grant.matches(media.stat())
    assert not grant.matches(os.stat(media.parent))


def test_every_bad_setting_is_reported_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        SignedUrls(b"short", "ftp://host?x=1", ttl=timedelta(days=8))

    text = str(caught.value)
    assert "at least 32 bytes" in text
    assert "not a public base URL" in text
    assert "between 1 second and 7 days" in text


def test_representations_show_no_secret_or_signature(signed: SignedUrls, media: Path) -> None:
    staged = signed.stage(media, "k")
    signature = url_parts(staged.url)[2]

    assert "sss" not in repr(signed)
    assert signature not in repr(staged)
    assert "sig=***" in repr(staged)
