"""Building the daemon's parts from a Config: the only place real clients are made.

Everything here constructs; nothing runs. `Runtime` holds what was built so the daemon (and
the CLI's `quote`) can start, use and close it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import boto3
import httpx

from gt_watch.api.client import GoTranscriptClient
from gt_watch.config.resolve import RuleDefaults
from gt_watch.config.schema import BuiltinStorage, Config, LocalWatch, S3Storage, S3Watch
from gt_watch.pipeline.context import Context
from gt_watch.pipeline.engine import Engine
from gt_watch.pipeline.ports import Settings
from gt_watch.pipeline.s3_sources import S3Sources
from gt_watch.pipeline.sources import LocalSources, SourceRouter
from gt_watch.service.buckets import Buckets, bucket_rules, build_buckets
from gt_watch.service.rules import WatchedRules
from gt_watch.service.secrets import state_secret
from gt_watch.storage import MediaStager
from gt_watch.storage.s3 import S3Storage as S3Stager
from gt_watch.storage.s3 import s3_client
from gt_watch.storage.s3_settings import S3Settings, UploadTuning
from gt_watch.storage.signed import SignedUrls
from gt_watch.store import Store
from gt_watch.store.database import utc_now

# File names (in the state folder) of the secrets gt-watch makes for itself.
CALLBACK_SECRET = "callback-secret"  # noqa: S105 - a file name, not a secret
MEDIA_SECRET = "media-url-secret"  # noqa: S105 - a file name, not a secret


@dataclass
class Runtime:
    """What the daemon runs with. `close()` releases every client and connection."""

    config: Config
    state_dir: Path
    api: GoTranscriptClient
    stager: MediaStager
    signed: SignedUrls | None
    rules: WatchedRules
    settings: Settings
    engine: Engine
    buckets: Buckets = field(default_factory=Buckets)
    closers: list[Callable[[], object]] = field(default_factory=list)

    def open_store(self) -> Store:
        return Store.open(self.config.state.database)

    def close(self) -> None:
        for close in reversed(self.closers):
            close()


def local_watches(config: Config) -> list[LocalWatch]:
    return [watch for watch in config.watches if isinstance(watch, LocalWatch)]


def s3_watches(config: Config) -> list[S3Watch]:
    return [watch for watch in config.watches if isinstance(watch, S3Watch)]


def build(config: Config, token: str, *, public_url: str | None) -> Runtime:
    """Given a valid config, the API token and the public base URL of this daemon's HTTP
    server, build the API client, storage, rules and the pipeline engine."""
    state_dir = config.state.database.parent
    api = GoTranscriptClient(config.api.base_url, token)
    closers: list[Callable[[], object]] = [api.close]
    stager, signed = _stager(config, state_dir, public_url, closers)
    url_ttl = timedelta(seconds=config.storage.url_ttl)
    buckets = build_buckets(s3_watches(config), url_ttl, closers)
    sources = SourceRouter([LocalSources(stager), S3Sources(buckets.watches, url_ttl=url_ttl)])
    defaults = RuleDefaults.from_config(config)
    rules = WatchedRules(
        {watch.path: watch.recursive for watch in local_watches(config)},
        defaults,
        bucket_rules(s3_watches(config), buckets, defaults),
    )
    settings = Settings(
        public_url=public_url,
        callback_secret=state_secret(state_dir, CALLBACK_SECRET),
        results_dir=state_dir / "results",
        poll_interval=config.api.poll_interval,
        max_in_doubt=config.limits.max_in_doubt,
        max_per_day=config.limits.max_per_day,
    )

    def make_context() -> Context:
        store = Store.open(config.state.database)
        return Context(store, api, sources, rules, settings, utc_now)

    engine = Engine(make_context, workers=config.limits.workers, on_rules_changed=rules.reload)
    return Runtime(
        config, state_dir, api, stager, signed, rules, settings, engine, buckets, closers
    )


def _stager(
    config: Config, state_dir: Path, public_url: str | None, closers: list[Callable[[], object]]
) -> tuple[MediaStager, SignedUrls | None]:
    storage = config.storage
    if isinstance(storage, BuiltinStorage):
        secret = state_secret(state_dir, MEDIA_SECRET).encode("ascii")
        signed = SignedUrls(secret, public_url or "", ttl=timedelta(seconds=storage.url_ttl))
        return signed, signed
    assert isinstance(storage, S3Storage)
    settings = S3Settings(
        bucket=storage.bucket,
        prefix=storage.prefix,
        endpoint_url=storage.endpoint_url,
        region=storage.region,
        path_style=storage.path_style,
        url_ttl=timedelta(seconds=storage.url_ttl),
        upload=UploadTuning(
            multipart_threshold=int(storage.multipart_threshold), part_size=int(storage.part_size)
        ),
    )
    session = boto3.session.Session(profile_name=storage.profile)
    http = httpx.Client(timeout=httpx.Timeout(60.0, connect=10.0))
    closers.append(http.close)
    return S3Stager(s3_client(session, settings), http, settings), None
