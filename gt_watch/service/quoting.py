"""Setting up `gt-watch quote`: the API client, storage and rules of a config (or of a
sandbox folder), plus whatever server must run for GoTranscript to fetch the media.
Starts only what is not running already, and stops what it started. Must not open the
state database or make any secret but the media-URL key of built-in storage.

- S3 storage: the media are uploaded; nothing else is needed.
- Built-in storage: media URLs are served by the daemon's HTTP server. They are stateless
  HMAC URLs signed with the secret in the state folder, so if the daemon is running, its
  server serves the URLs quote signs; if not, quote serves them on `server.listen` itself
  for as long as it runs.
- Sandbox folder: the sandbox and media server of a running `gt-watch run --sandbox DIR`
  (see `sandbox_link`), or else a temporary sandbox on DIR's sandbox state and a temporary
  media server on a free port of 127.0.0.1. Test-mode requests cost nothing either way.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx

from gt_watch.api.client import GoTranscriptClient
from gt_watch.api.urls import api_base, endpoint, with_params
from gt_watch.config.schema import Config
from gt_watch.errors import GtWatchError
from gt_watch.pipeline.ports import UploadProgress
from gt_watch.pipeline.quote import Quoting
from gt_watch.pipeline.sources import LocalSources, SourceRouter
from gt_watch.sandbox.server import SandboxServer
from gt_watch.sandbox.settings import DEFAULT_TOKEN
from gt_watch.service.build import stager_for, watched_rules
from gt_watch.service.http import HttpServer, bind
from gt_watch.service.sandbox_link import running_sandbox
from gt_watch.service.sandbox_mode import STATE_FOLDER, sandbox_config, sandbox_settings
from gt_watch.storage.media_app import media_app
from gt_watch.storage.signed import SignedUrls

_ANY_ADDRESS = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}  # noqa: S104


@contextlib.contextmanager
def config_quoting(config: Config, token: str, uploads: UploadProgress) -> Iterator[Quoting]:
    """Given a config and its token, yield what quoting needs while the block runs."""
    with _parts(config, token, config.server.public_url, uploads) as (quoting, signed):
        if signed is None:
            yield quoting
        else:
            with _media_server(config, signed):
                yield quoting


@contextlib.contextmanager
def sandbox_quoting(folder: Path, uploads: UploadProgress) -> Iterator[Quoting]:
    """Given a sandbox folder, yield what quoting needs against its sandbox (the running
    one, or a temporary one on its state) while the block runs. Raise GtWatchError if the
    folder does not exist."""
    folder = folder.expanduser().resolve()
    if not folder.is_dir():
        raise GtWatchError(f"{folder} is not a folder; quote --sandbox needs the sandbox folder")
    state_dir = folder / STATE_FOLDER
    link = running_sandbox(state_dir)
    if link is not None:
        listen = link.server_url.removeprefix("http://")
        config = sandbox_config(folder, link.api_url, listen, link.server_url)
        with _parts(config, DEFAULT_TOKEN, link.server_url, uploads) as (quoting, _):
            yield quoting
        return
    state_dir.mkdir(exist_ok=True)
    with (
        SandboxServer(sandbox_settings(folder)) as sandbox,
        contextlib.closing(bind("127.0.0.1", 0)) as sock,
    ):
        public_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        listen = public_url.removeprefix("http://")
        config = sandbox_config(folder, sandbox.base_url, listen, public_url)
        with _parts(config, sandbox.settings.token, public_url, uploads) as (quoting, signed):
            assert signed is not None  # sandbox mode serves media itself
            with _serving(signed, sock):
                yield quoting


@contextlib.contextmanager
def _parts(
    config: Config, token: str, public_url: str | None, uploads: UploadProgress
) -> Iterator[tuple[Quoting, SignedUrls | None]]:
    """The API client, storage and rules of a config (nothing else: no store, no callback
    secret), and the URL signer of built-in storage; closed when the block ends."""
    closers: list[Callable[[], object]] = []
    try:
        api = GoTranscriptClient(config.api.base_url, token)
        closers.append(api.close)
        stager, signed, _uploads_http = stager_for(config, public_url, closers)
        if stager is None:
            raise GtWatchError(
                "quoting a local file needs `storage:` in config.yaml (GoTranscript measures "
                "the file from a URL): add type 's3' or 'builtin' (see config.example.yaml)"
            )
        sample = endpoint(api_base(config.api.base_url), "test-file", "transcriptions")
        yield (
            Quoting(
                api=api,
                sources=SourceRouter([LocalSources(stager)]),
                rules=watched_rules(config),
                uploads=uploads,
                sample_text_url=str(with_params(sample, api_token=token, format="text")),
            ),
            signed,
        )
    finally:
        for close in reversed(closers):
            close()


@contextlib.contextmanager
def _media_server(config: Config, signed: SignedUrls) -> Iterator[None]:
    """Serve signed media URLs on `server.listen` unless the daemon already does."""
    try:
        sock = bind(config.server.host, config.server.port)
    except GtWatchError as taken:
        if not _daemon_listens(config):
            raise GtWatchError(
                f"{taken}. quote serves media URLs there when the daemon is not running, "
                "and what listens there is not gt-watch"
            ) from None
        yield  # the daemon's server serves the URLs quote signs: same secret
        return
    with _serving(signed, sock):
        yield


@contextlib.contextmanager
def _serving(signed: SignedUrls, sock: socket.socket) -> Iterator[None]:
    """Serve signed media URLs on a bound socket while the block runs."""
    server = HttpServer(media_app(signed), sock)
    server.start()
    try:
        yield
    finally:
        server.stop()


def _daemon_listens(config: Config) -> bool:
    """Whether a gt-watch daemon answers its health check on `server.listen`."""
    host = _ANY_ADDRESS.get(config.server.host, config.server.host)
    shown = f"[{host}]" if ":" in host else host
    try:
        answer = httpx.get(f"http://{shown}:{config.server.port}/healthz", timeout=5)
        return answer.status_code in (200, 503) and "watches" in answer.json()
    except (httpx.HTTPError, ValueError):
        return False
