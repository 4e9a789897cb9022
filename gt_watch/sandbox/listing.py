"""Pages of the order list and their opaque cursors. Pure.

A cursor is the id the next page starts below, wrapped so that clients treat it as opaque
(the documentation says only that `next_page_url` carries it).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from typing import TypeVar
from urllib.parse import urlencode

Item = TypeVar("Item")


class CursorError(ValueError):
    """A cursor the sandbox did not give out."""


def encode_cursor(before_id: int) -> str:
    """Given the id a page ends with, return the opaque cursor of the next page."""
    raw = json.dumps({"before": before_id}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """Given a cursor from `next_page_url`, return the id the page starts below.
    Raise CursorError if the sandbox did not make it."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        before = data["before"]
    except (binascii.Error, ValueError, KeyError, TypeError) as error:
        raise CursorError(f"cursor {cursor!r} is not one the sandbox gave out") from error
    if not isinstance(before, int):
        raise CursorError(f"cursor {cursor!r} is not one the sandbox gave out")
    return before


def page(
    items_newest_first: Sequence[tuple[int, Item]], cursor: str | None, size: int
) -> tuple[list[Item], str | None]:
    """Given (id, item) pairs newest first, a cursor (or None for the first page) and a page
    size, return the page's items and the next cursor (None on the last page)."""
    before = decode_cursor(cursor) if cursor else None
    remaining = [(key, item) for key, item in items_newest_first if before is None or key < before]
    chosen = remaining[:size]
    if len(remaining) <= size or not chosen:
        return [item for _, item in chosen], None
    return [item for _, item in chosen], encode_cursor(chosen[-1][0])


def next_page_url(public_url: str, mode: str, token: str, cursor: str | None) -> str | None:
    """Given the next cursor, return the documented `next_page_url` (None without one)."""
    if cursor is None:
        return None
    query = urlencode({"mode": mode, "api_token": token, "cursor": cursor})
    return f"{public_url}/api/v4/orders?{query}"
