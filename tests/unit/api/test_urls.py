"""The API base URL and the printable form of URLs."""

from __future__ import annotations

import httpx
import pytest

from gt_watch.api.urls import api_base, endpoint, public_url, same_origin
from gt_watch.errors import ApiError


def test_the_base_url_loses_its_trailing_slash_and_endpoints_hang_below_it() -> None:
    base = api_base(" https://gotranscript.com/api/v4/ ")

    assert str(endpoint(base, "orders", "17")) == "https://gotranscript.com/api/v4/orders/17"


@pytest.mark.parametrize(
    ("base_url", "message"),
    [
        ("gotranscript.com/api/v4", "is unusable: it must look like https://gotranscript.com"),
        ("ftp://gotranscript.com/api/v4", "is unusable"),
        ("https://gotranscript.com/api/v4?api_token=abcdef", "must not carry a query"),
        ("https://user:pw@gotranscript.com/api/v4", "must not carry a query, a fragment or"),
        ("http://[::1/api", "is no URL"),
        ("http://user:pw@[::1/api", "'http://[::1/api' is no URL"),
    ],
)
def test_an_unusable_base_url_is_refused_without_echoing_secrets(
    base_url: str, message: str
) -> None:
    with pytest.raises(ApiError) as caught:
        api_base(base_url)

    assert message in caught.value.message
    assert "abcdef" not in caught.value.message
    assert "pw@" not in caught.value.message


def test_public_urls_have_no_query() -> None:
    url = "https://gotranscript.com:8443/api/v4/test-file/x?api_token=abc&format=json"

    assert public_url(url) == "https://gotranscript.com:8443/api/v4/test-file/x"
    assert public_url("http://[::1") == "(an unreadable URL)"


def test_origins_compare_scheme_host_and_port_with_default_ports_filled_in() -> None:
    base = httpx.URL("https://gotranscript.com/api/v4")

    assert same_origin(httpx.URL("https://GOTRANSCRIPT.com:443/x"), base)
    assert not same_origin(httpx.URL("http://gotranscript.com/x"), base)
    assert not same_origin(httpx.URL("https://gotranscript.com.evil.test/x"), base)
