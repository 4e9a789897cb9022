"""Order list pages and their opaque cursors."""

from __future__ import annotations

import pytest

from gt_watch.sandbox import listing

ITEMS = [(i, f"order {i}") for i in range(45, 0, -1)]


def test_pages_walk_every_item_once_newest_first() -> None:
    seen: list[str] = []
    cursor: str | None = None
    while True:
        items, cursor = listing.page(ITEMS, cursor, 20)
        seen.extend(items)
        if cursor is None:
            break
    assert seen == [item for _, item in ITEMS]


def test_last_full_page_has_no_next_cursor() -> None:
    items, cursor = listing.page(ITEMS[:20], None, 20)
    assert len(items) == 20
    assert cursor is None


def test_empty_list_is_one_empty_page() -> None:
    assert listing.page([], None, 20) == ([], None)


@pytest.mark.parametrize("cursor", ["nonsense", "e30", "eyJiZWZvcmUiOiAieCJ9"])
def test_foreign_cursor_is_refused(cursor: str) -> None:
    with pytest.raises(listing.CursorError, match="not one the sandbox gave out"):
        listing.page(ITEMS, cursor, 20)


def test_next_page_url_is_the_documented_orders_url() -> None:
    url = listing.next_page_url("http://h:1", "live", "tok", "abc")
    assert url == "http://h:1/api/v4/orders?mode=live&api_token=tok&cursor=abc"
    assert listing.next_page_url("http://h:1", "live", "tok", None) is None
