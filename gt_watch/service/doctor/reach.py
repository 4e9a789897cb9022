"""Doctor: can GoTranscript reach what gt-watch hands it? The public URL must answer
/healthz (callbacks arrive there), and a media URL from the configured storage must serve
the file staged under it (a presigned S3 GET, or a signed URL of the built-in server).

When gt-watch is not running, the doctor listens on `server.listen` itself for the duration
of the check, so the whole path (proxy, firewall, DNS) is tested before the first start.
Stages one small probe file and deletes it (and its S3 object) again.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from gt_watch.config.schema import BuiltinStorage, Config
from gt_watch.errors import GtWatchError, StorageError
from gt_watch.service.build import Runtime
from gt_watch.service.doctor import Finding
from gt_watch.service.http import HttpServer, bind
from gt_watch.storage.media_app import media_routes
from gt_watch.storage.s3 import S3Storage

TIMEOUT = httpx.Timeout(15.0, connect=10.0)
_STORAGE_SETTINGS = ("bucket", "endpoint_url", "region", "path_style", "prefix", "profile")


@contextlib.contextmanager
def probe_server(config: Config, runtime: Runtime) -> Iterator[str | None]:
    """Listen on `server.listen` with a /healthz that answers a fresh nonce (and the media
    route of built-in storage) while the block runs; yield the nonce, or None when the port
    is taken (gt-watch is running and answers for itself)."""
    try:
        sock = bind(config.server.host, config.server.port)
    except GtWatchError:
        yield None
        return
    nonce = secrets.token_urlsafe(16)

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"ok": True, "doctor": nonce})

    routes: list[BaseRoute] = [Route("/healthz", healthz)]
    if runtime.signed is not None:
        routes.extend(media_routes(runtime.signed))
    server = HttpServer(Starlette(routes=routes), sock)
    server.start()
    try:
        yield nonce
    finally:
        server.stop()


def check_callbacks(config: Config, nonce: str | None) -> Finding:
    """Given the config and the probe's nonce (None: gt-watch itself listens), check that
    the public URL answers /healthz from this machine's gt-watch (or probe)."""
    public_url = config.server.public_url
    if public_url is None:
        return Finding.warning(
            "callbacks",
            "server.public_url is not set: GoTranscript cannot send callbacks, so finished "
            "orders are noticed only by polling (api.poll_interval)",
            "server.public_url",
            "set server.public_url to the https address that reaches server.listen",
        )
    url = f"{public_url}/healthz"
    try:
        response = httpx.get(url, timeout=TIMEOUT, follow_redirects=False)
        answer = response.json() if response.status_code in (200, 503) else {}
    except (httpx.HTTPError, ValueError) as error:
        return _unreachable(url, f"{type(error).__name__}: {error}")
    if not isinstance(answer, dict):
        answer = {}
    if nonce is not None and answer.get("doctor") != nonce:
        return _unreachable(url, f"it answered HTTP {response.status_code}, but not from here")
    if nonce is None and "watches" not in answer:
        return _unreachable(url, f"it answered HTTP {response.status_code}, not as gt-watch")
    if response.status_code == 503:
        problems = "; ".join(str(p) for p in answer.get("problems", [])) or "see its log"
        return Finding.warning(
            "callbacks",
            f"{url} reaches gt-watch, which reports: {problems}",
            None,
            "read `journalctl -u gt-watch`; a restart brings dead parts back",
        )
    return Finding.ok("callbacks", f"{url} reaches this machine's gt-watch")


def check_storage(config: Config, runtime: Runtime, probe: Path) -> Finding:
    """Given the runtime and a small probe file, stage the file through the configured
    storage, fetch it back by its URL as GoTranscript would, and clean up."""
    data = secrets.token_bytes(64)
    probe.write_bytes(data)
    key = f"doctor/probe-{secrets.token_hex(8)}"
    stager = runtime.stager
    if stager is None:
        return Finding.ok(
            "storage", "none configured: only buckets are watched, and their objects need none"
        )
    try:
        staged = stager.stage(probe, key)
        response = httpx.get(staged.url, timeout=TIMEOUT, follow_redirects=False)
    except StorageError as error:
        return _storage_failure(config, error.message)
    except httpx.HTTPError as error:
        return _storage_failure(config, f"fetching the media URL failed: {type(error).__name__}")
    finally:
        probe.unlink(missing_ok=True)
        if isinstance(stager, S3Storage):
            with contextlib.suppress(StorageError):
                stager.delete(stager.object_key(key))
    if response.status_code != 200 or response.content != data:
        return _storage_failure(
            config, f"the media URL answered HTTP {response.status_code} instead of the file"
        )
    how = "presigned S3 upload and GET" if isinstance(stager, S3Storage) else "signed URL"
    return Finding.ok("storage", f"a probe file was staged and fetched back ({how})")


def _unreachable(url: str, why: str) -> Finding:
    return Finding.failure(
        "callbacks",
        f"{url} does not reach this machine's gt-watch: {why}",
        "server.public_url",
        "point server.public_url at the https address (reverse proxy, port forward) that "
        "reaches server.listen, or fix that path",
    )


def _storage_failure(config: Config, message: str) -> Finding:
    if isinstance(config.storage, BuiltinStorage):
        setting = "server.public_url"
        fix = "built-in media URLs live under server.public_url: make it reach server.listen"
    else:
        named = [name for name in _STORAGE_SETTINGS if f"`{name}`" in message]
        setting = ", ".join(f"storage.{name}" for name in named) or "storage"
        fix = "fix the storage settings (and credentials) the message names"
    return Finding.failure("storage", message, setting, fix)
