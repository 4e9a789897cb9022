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
from gt_watch.config.schema import (
    MAX_URL_TTL,
    BuiltinStorage,
    Config,
    LocalWatch,
    S3Storage,
    S3Watch,
)
from gt_watch.pipeline.context import Context, SilentUploads
from gt_watch.pipeline.engine import Engine
from gt_watch.pipeline.ports import Settings, UploadProgress
from gt_watch.pipeline.s3_sources import S3Sources
from gt_watch.pipeline.sources import LocalSources, SourceRouter, Sources
from gt_watch.service.buckets import Buckets, bucket_rules, build_buckets
from gt_watch.service.rules import WatchedRules
from gt_watch.service.secrets import register_aws_secrets, state_secret
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
    # None when config.yaml has no `storage:` (it watches only buckets).
    stager: MediaStager | None
    signed: SignedUrls | None
    rules: WatchedRules
    settings: Settings
    engine: Engine
    buckets: Buckets = field(default_factory=Buckets)
    closers: list[Callable[[], object]] = field(default_factory=list)
    # Every Context made so far, so that a reload can hand them new settings.
    contexts: list[Context] = field(default_factory=list)
    # The httpx client of S3 uploads (None with built-in storage), for the metrics' hook.
    storage_http: httpx.Client | None = None

    def open_store(self) -> Store:
        return Store.open(self.config.state.database)

    def apply_settings(self, settings: Settings) -> None:
        """Use `settings` from now on, in the steps already running too."""
        self.settings = settings
        for context in list(self.contexts):
            context.settings = settings

    def close(self) -> None:
        for close in reversed(self.closers):
            close()


def local_watches(config: Config) -> list[LocalWatch]:
    return [watch for watch in config.watches if isinstance(watch, LocalWatch)]


def s3_watches(config: Config) -> list[S3Watch]:
    return [watch for watch in config.watches if isinstance(watch, S3Watch)]


def build(
    config: Config,
    token: str,
    *,
    public_url: str | None,
    uploads: UploadProgress | None = None,
) -> Runtime:
    """Given a valid config, the API token, the public base URL of this daemon's HTTP
    server and how to show upload progress (default: not at all), build the API client,
    storage, the watched buckets, rules and the pipeline engine."""
    shown_uploads = uploads or SilentUploads()
    state_dir = config.state.database.parent
    api = GoTranscriptClient(config.api.base_url, token)
    closers: list[Callable[[], object]] = [api.close]
    stager, signed, storage_http = stager_for(config, public_url, closers)
    url_ttl = timedelta(seconds=config.storage.url_ttl if config.storage else MAX_URL_TTL)
    buckets = build_buckets(s3_watches(config), url_ttl, closers)
    local: list[Sources] = [LocalSources(stager)] if stager is not None else []
    sources = SourceRouter([*local, S3Sources(buckets.watches, url_ttl=url_ttl)])
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
        reconcile_grace=config.api.reconcile_grace,
        max_in_doubt=config.limits.max_in_doubt,
        max_per_day=config.limits.max_per_day,
    )

    def make_context() -> Context:
        store = Store.open(config.state.database)
        context = Context(store, api, sources, rules, runtime.settings, utc_now, shown_uploads)
        runtime.contexts.append(context)
        return context

    engine = Engine(make_context, workers=config.limits.workers, on_rules_changed=rules.reload)
    runtime = Runtime(
        config,
        state_dir,
        api,
        stager,
        signed,
        rules,
        settings,
        engine,
        buckets=buckets,
        closers=closers,
        storage_http=storage_http,
    )
    return runtime


def watched_rules(config: Config) -> WatchedRules:
    """The rules files of every local watch of the config, read now."""
    return WatchedRules(
        {watch.path: watch.recursive for watch in local_watches(config)},
        RuleDefaults.from_config(config),
    )


def stager_for(
    config: Config, public_url: str | None, closers: list[Callable[[], object]]
) -> tuple[MediaStager | None, SignedUrls | None, httpx.Client | None]:
    """The storage of the config (None without `storage:`), for built-in storage its URL
    signer (whose secret is kept in the state folder), for S3 the httpx client of its
    uploads (metrics count its bytes); what must be closed is appended to `closers`."""
    storage = config.storage
    if storage is None:
        return None, None, None
    if isinstance(storage, BuiltinStorage):
        secret = state_secret(config.state.database.parent, MEDIA_SECRET).encode("ascii")
        signed = SignedUrls(secret, public_url or "", ttl=timedelta(seconds=storage.url_ttl))
        return signed, signed, None
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
    register_aws_secrets(session)
    http = httpx.Client(timeout=httpx.Timeout(60.0, connect=10.0))
    closers.append(http.close)
    return S3Stager(s3_client(session, settings), http, settings), None, http
