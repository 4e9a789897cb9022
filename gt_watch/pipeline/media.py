"""Knowing a source file: its content hash and whether it is media worth ordering. Reads the
file; writes nothing.

A zero-byte file, a document, an image or an archive is refused here, before any upload or
order, with a reason a person understands. Media that mutagen cannot measure but whose
container is recognised (Matroska/WebM, AVI, ASF, MPEG-TS, MXF) passes with an unknown
duration: the API measures it. A remote object is judged by its first bytes alone
(`examine_head`): the same signatures, plus those of audio formats that mutagen cannot
parse from a truncated head.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import mutagen

from gt_watch.errors import MediaError

CHUNK = 1024 * 1024
HEAD_BYTES = 64 * 1024  # how much of a remote object is read to tell media from the rest

# Container signatures of media mutagen does not measure: (offset, bytes, name).
_MEDIA_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x1a\x45\xdf\xa3", "Matroska/WebM"),
    (8, b"AVI ", "AVI"),
    (0, b"\x30\x26\xb2\x75\x8e\x66\xcf\x11", "ASF/WMV"),
    (4, b"ftyp", "MP4/QuickTime"),
    (0, b"\x06\x0e\x2b\x34\x02\x05\x01\x01", "MXF"),
)
# Audio signatures mutagen measures in a whole file but may not parse from its first bytes.
_AUDIO_MAGIC: tuple[tuple[int, bytes], ...] = (
    (8, b"WAVE"),
    (0, b"fLaC"),
    (0, b"OggS"),
    (0, b"ID3"),
    (8, b"AIFF"),
    (8, b"AIFC"),
    (0, b"#!AMR"),
    (0, b"caff"),
)
# Signatures of common non-media files, to name them in the message.
_OTHER_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)


@dataclass(frozen=True, slots=True)
class MediaFacts:
    """What a media file is: its content identity, length in seconds (None: unknown, the
    API measures it) and size in bytes (None: unknown)."""

    content_hash: str
    duration: float | None
    size: int | None = None


def content_hash(path: Path) -> str:
    """Given a file, return the SHA-256 hex digest of its bytes, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def examine(path: Path) -> MediaFacts:
    """Given a local file, return its content hash and duration. Raise MediaError if it is
    empty, unreadable or not media."""
    try:
        size = path.stat().st_size
        if size == 0:
            raise MediaError(f"{path.name} is empty (0 bytes); nothing to transcribe")
        duration = _duration(path)
        return MediaFacts(content_hash(path), duration, size)
    except OSError as error:
        raise MediaError(f"cannot read {path}: {error.strerror}") from error


def examine_head(name: str, head: bytes) -> None:
    """Given a file's name and its first bytes (up to HEAD_BYTES of a remote object),
    return if they are those of audio or video. Raise MediaError naming what the file
    looks like otherwise. The duration stays unknown: a head does not tell it reliably."""
    if not head:
        raise MediaError(f"{name} is empty (0 bytes); nothing to transcribe")
    if _is_known_container(head) or _is_audio_head(head) or _mutagen_reads(head):
        return
    raise _not_media(name, head)


def _duration(path: Path) -> float | None:
    try:
        media = mutagen.File(path)
    except mutagen.MutagenError:
        media = None
    length = getattr(getattr(media, "info", None), "length", None)
    if isinstance(length, int | float) and length > 0:
        return float(length)
    with path.open("rb") as stream:
        head = stream.read(512)
    if _is_known_container(head):
        return None
    raise _not_media(path.name, head)


def _not_media(name: str, head: bytes) -> MediaError:
    kind = next((what for magic, what in _OTHER_MAGIC if head.startswith(magic)), None)
    if kind is None and _looks_like_text(head[:512]):
        kind = "a text file"
    what = f"looks like {kind}" if kind else "is not audio or video gt-watch can recognise"
    return MediaError(
        f"{name} {what}; it will not be ordered "
        "(move it elsewhere, or narrow `match:` in the folder's rules)"
    )


def _is_known_container(head: bytes) -> bool:
    if any(head[offset : offset + len(magic)] == magic for offset, magic, _ in _MEDIA_MAGIC):
        return True
    # MPEG-TS: a sync byte every 188 bytes; M2TS (.mts): every 192, after a 4-byte stamp.
    transport = len(head) > 376 and head[0] == head[188] == head[376] == 0x47
    return transport or (len(head) > 388 and head[4] == head[196] == head[388] == 0x47)


def _is_audio_head(head: bytes) -> bool:
    if any(head[offset : offset + len(magic)] == magic for offset, magic in _AUDIO_MAGIC):
        return True
    # An MPEG audio frame (MP3 without ID3 tag: 11 sync bits, a layer that is not 0) or
    # ADTS AAC (12 sync bits, layer 0).
    if len(head) < 2 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    return head[1] & 0x06 != 0 or head[1] & 0xF6 == 0xF0


def _mutagen_reads(head: bytes) -> bool:
    try:
        return mutagen.File(io.BytesIO(head)) is not None
    except Exception:  # noqa: BLE001 - mutagen's parsers raise IndexError & co. on cut heads
        return False


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(byte >= 0x09 for byte in head)
