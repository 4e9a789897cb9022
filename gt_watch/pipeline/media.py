"""Knowing a source file: its content hash and whether it is media worth ordering. Reads the
file; writes nothing.

A zero-byte file, a document, an image or an archive is refused here, before any upload or
order, with a reason a person understands. Media that mutagen cannot measure but whose
container is recognised (Matroska/WebM, AVI, ASF, MPEG-TS) passes with an unknown duration:
the API measures it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import mutagen

from gt_watch.errors import MediaError

CHUNK = 1024 * 1024

# Container signatures of media mutagen does not measure: (offset, bytes, name).
_MEDIA_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x1a\x45\xdf\xa3", "Matroska/WebM"),
    (8, b"AVI ", "AVI"),
    (0, b"\x30\x26\xb2\x75\x8e\x66\xcf\x11", "ASF/WMV"),
    (4, b"ftyp", "MP4/QuickTime"),
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
    kind = next((name for magic, name in _OTHER_MAGIC if head.startswith(magic)), None)
    if kind is None and _looks_like_text(head):
        kind = "a text file"
    what = f"looks like {kind}" if kind else "is not audio or video gt-watch can recognise"
    raise MediaError(
        f"{path.name} {what}; it will not be ordered "
        "(move it elsewhere, or narrow `match:` in the folder's rules)"
    )


def _is_known_container(head: bytes) -> bool:
    if any(head[offset : offset + len(magic)] == magic for offset, magic, _ in _MEDIA_MAGIC):
        return True
    # MPEG-TS: a sync byte every 188 bytes.
    return len(head) > 376 and head[0] == head[188] == head[376] == 0x47


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(byte >= 0x09 for byte in head)
