"""URLs of the API: the base URL, endpoints, origins, query parameters, printable forms.
Pure (httpx.URL is a value type here); sends nothing.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import httpx

from gt_watch.errors import ApiError

_DEFAULT_PORTS = {"http": 80, "https": 443}
_USERINFO = re.compile(r"//[^/@]*@")


def api_base(base_url: str) -> httpx.URL:
    """Given the configured API base (`https://gotranscript.com/api/v4`), return it as a URL
    without a trailing slash. Raise ApiError if it is not a plain http(s) URL of a host."""
    problem = "it must look like https://gotranscript.com/api/v4"
    try:
        url = httpx.URL(base_url.strip())
    except httpx.InvalidURL:
        shown = _USERINFO.sub("//", base_url.strip())
        raise ApiError(f"the GoTranscript API base URL {shown!r} is no URL: {problem}") from None
    if url.scheme not in _DEFAULT_PORTS or not url.host:
        raise ApiError(f"the GoTranscript API base URL {public_url(url)!r} is unusable: {problem}")
    if url.query or url.fragment or url.userinfo:
        raise ApiError(
            f"the GoTranscript API base URL {public_url(url)!r} must not carry a query, a "
            f"fragment or credentials (the token is configured separately)"
        )
    return url.copy_with(path=url.path.rstrip("/"))


def endpoint(base: httpx.URL, *segments: str) -> httpx.URL:
    """Given the API base and path segments (`orders`, `17`), return the endpoint URL."""
    tail = "/".join(quote(segment, safe="") for segment in segments)
    return base.copy_with(path=f"{base.path}/{tail}")


def origin(url: httpx.URL) -> tuple[str, str, int | None]:
    """Given a URL, return (scheme, host, port) with the scheme's default port filled in."""
    return url.scheme, url.host.lower(), url.port or _DEFAULT_PORTS.get(url.scheme)


def same_origin(url: httpx.URL, base: httpx.URL) -> bool:
    """Given two URLs, return True if they share scheme, host and port."""
    return origin(url) == origin(base)


def with_params(url: httpx.URL, **params: str) -> httpx.URL:
    """Given a URL, return it with these query parameters set (replacing earlier values)."""
    for name, value in params.items():
        url = url.copy_set_param(name, value)
    return url


def public_url(url: httpx.URL | str) -> str:
    """Given a URL, return `scheme://host[:port]/path`: no query, which may carry the token."""
    parsed = url if isinstance(url, httpx.URL) else _lenient(url)
    if parsed is None:
        return "(an unreadable URL)"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.scheme}://{parsed.host}{port}{parsed.path}"


def _lenient(url: str) -> httpx.URL | None:
    try:
        return httpx.URL(url)
    except httpx.InvalidURL:
        return None
