"""The schema of `config.yaml`, as pydantic models that refuse unknown keys. No I/O.

The models are the documentation of every option (config.example.yaml mirrors them) and the
`Config` that the service reads. Relative paths are anchored at the config file's folder
and state defaults follow systemd's `$STATE_DIRECTORY`, both through the validation context
(`base_dir`, `environ`) so that nothing here reads the environment by itself. Checks that
span several sections live in `config.crosscheck`. Must not read files or the environment.
"""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ByteSize,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from gt_watch.config.units import Duration, Money
from gt_watch.model import Mode
from gt_watch.redact import register_secret

DEFAULT_BASE_URL = "https://gotranscript.com/api/v4"
DEFAULT_STATE_DIRECTORY = Path("/var/lib/gt-watch")
STATE_DATABASE_NAME = "state.db"
TOKEN_CREDENTIAL_NAME = "gt-api-token"  # noqa: S105 (the name of a credential, not its value)
MAX_URL_TTL = 7 * 24 * 3600  # SigV4 presigned URLs live at most 7 days
MIB = 1024 * 1024


class StrictModel(BaseModel):
    """A section of a YAML file: unknown keys are errors, values are read-only."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _anchor(path: Path, info: ValidationInfo) -> Path:
    """Anchor a relative path at the config file's folder, so that the meaning of a config
    does not depend on the directory gt-watch was started from."""
    path = path.expanduser()
    base_dir = (info.context or {}).get("base_dir")
    if base_dir is not None and not path.is_absolute():
        return Path(base_dir) / path
    return path


ConfigPath = Annotated[Path, AfterValidator(_anchor)]


def check_http_url(url: str) -> str:
    """Given a URL, return it without a trailing slash. Raise PydanticCustomError unless it
    is an http(s) URL with a host and no query or fragment."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PydanticCustomError("url", "must be an http:// or https:// URL")
    if parts.query or parts.fragment:
        raise PydanticCustomError("url", "must not carry a query or fragment")
    return url.rstrip("/")


def is_loopback_host(host: str) -> bool:
    """Given a host name or address, return whether it names this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_LITERAL_TOKEN_HELP = (
    "a literal API token is not accepted in config.yaml (config files end up in backups, "
    "bug reports and version control). Put the token in a file readable only by gt-watch "
    "and set api.token_file, or name an environment variable with api.token_env, or give "
    "it to the systemd unit as a credential: LoadCredential=" + TOKEN_CREDENTIAL_NAME + ":/path"
)


def _refuse_literal_token(value: object) -> None:
    if isinstance(value, str):
        register_secret(value.strip())
    raise PydanticCustomError("literal_token", _LITERAL_TOKEN_HELP)


class ApiSettings(StrictModel):
    """Where the GoTranscript API is and where its token comes from (never the token)."""

    base_url: str = DEFAULT_BASE_URL
    poll_interval: Duration = Field(default=300.0, ge=1.0)
    reconcile_grace: Duration = Field(default=120.0, ge=1.0)
    token_file: ConfigPath | None = None
    token_env: str | None = None
    # Declared only to refuse them with advice (and register the value as a secret).
    token: None = Field(default=None, exclude=True, repr=False)
    api_token: None = Field(default=None, exclude=True, repr=False)

    @field_validator("token", "api_token", mode="before")
    @classmethod
    def _no_literal_token(cls, value: object) -> None:
        _refuse_literal_token(value)

    @field_validator("base_url")
    @classmethod
    def _api_url(cls, url: str) -> str:
        url = check_http_url(url)
        host = urlsplit(url).hostname or ""
        if urlsplit(url).scheme != "https" and not is_loopback_host(host):
            raise PydanticCustomError(
                "insecure_url",
                "must use https (the token travels in every request); plain "
                "http is accepted only for a sandbox on this machine",
            )
        return url

    @field_validator("token_env")
    @classmethod
    def _variable_name(cls, name: str) -> str:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise PydanticCustomError(
                "variable_name",
                "must be the NAME of an environment variable (letters, digits "
                "and _), such as GT_API_TOKEN, not the token itself",
            )
        return name


class StateSettings(StrictModel):
    """Where gt-watch keeps its state database."""

    database: ConfigPath

    @model_validator(mode="before")
    @classmethod
    def _default_database(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, dict) and "database" not in data:
            environ = (info.context or {}).get("environ") or {}
            return {**data, "database": default_database(environ)}
        return data


def default_database(environ: dict[str, str]) -> Path:
    """Given the environment, return `$STATE_DIRECTORY/state.db` under systemd (its first
    entry), else /var/lib/gt-watch/state.db."""
    state_directory = environ.get("STATE_DIRECTORY", "").split(":")[0]
    folder = Path(state_directory) if state_directory else DEFAULT_STATE_DIRECTORY
    return folder / STATE_DATABASE_NAME


def _check_url_ttl(seconds: float) -> float:
    if not 60 <= seconds <= MAX_URL_TTL:
        raise PydanticCustomError(
            "url_ttl", "must be between 1m and 7d (S3 presigned URLs live at most 7 days)"
        )
    return seconds


UrlTtl = Annotated[Duration, AfterValidator(_check_url_ttl)]


class S3Storage(StrictModel):
    """Upload media to an S3-compatible bucket and hand GoTranscript presigned GET URLs."""

    type: Literal["s3"]
    bucket: str
    endpoint_url: str | None = None
    prefix: str = "gt-watch/"
    region: str | None = None
    path_style: bool = False
    profile: str | None = None
    url_ttl: UrlTtl = float(MAX_URL_TTL)
    multipart_threshold: ByteSize = Field(default=ByteSize(64 * MIB), ge=5 * MIB)
    part_size: ByteSize = Field(default=ByteSize(16 * MIB), ge=5 * MIB, le=5 * 1024 * MIB)

    @field_validator("bucket")
    @classmethod
    def _bucket_name(cls, bucket: str) -> str:
        return check_bucket_name(bucket)

    @field_validator("endpoint_url")
    @classmethod
    def _endpoint(cls, url: str) -> str:
        return check_http_url(url)

    @field_validator("prefix")
    @classmethod
    def _prefix(cls, prefix: str) -> str:
        return normalize_prefix(prefix)


def check_bucket_name(bucket: str) -> str:
    """Given a bucket name, return it. Raise PydanticCustomError if S3 would refuse it."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", bucket):
        raise PydanticCustomError(
            "bucket",
            "a bucket name has 3 to 63 lowercase letters, digits, dots or hyphens "
            "(no s3:// and no prefix: put the prefix under storage.prefix)",
        )
    return bucket


def normalize_prefix(prefix: str) -> str:
    """Given a key prefix, return it without a leading slash and with one trailing slash
    (or empty). Raise PydanticCustomError if it climbs with `..`."""
    parts = [part for part in prefix.strip("/").split("/") if part]
    if ".." in parts or "." in parts:
        raise PydanticCustomError("prefix", "a key prefix must not contain '.' or '..' parts")
    return "/".join(parts) + "/" if parts else ""


class BuiltinStorage(StrictModel):
    """gt-watch serves media itself under HMAC-signed, expiring URLs below server.public_url."""

    type: Literal["builtin"]
    url_ttl: UrlTtl = float(MAX_URL_TTL)


Storage = Annotated[S3Storage | BuiltinStorage, Field(discriminator="type")]


class ServerSettings(StrictModel):
    """The HTTP server for callbacks and built-in media URLs."""

    listen: str = "127.0.0.1:8750"
    public_url: str | None = None
    max_body_size: ByteSize = Field(default=ByteSize(MIB), ge=1024, le=64 * MIB)

    @field_validator("listen")
    @classmethod
    def _listen(cls, listen: str) -> str:
        split_listen(listen)
        return listen

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, url: str) -> str:
        return check_http_url(url)

    @property
    def host(self) -> str:
        return split_listen(self.listen)[0]

    @property
    def port(self) -> int:
        return split_listen(self.listen)[1]


def split_listen(listen: str) -> tuple[str, int]:
    """Given `host:port` (`[::1]:8750` for IPv6), return (host, port).
    Raise PydanticCustomError if malformed."""
    match = re.fullmatch(
        r"(?:\[(?P<ipv6>[0-9a-fA-F:.]+)\]|(?P<host>[^:\[\]]+)):(?P<port>\d+)", listen
    )
    if not match or not 0 < int(match["port"]) < 65536:
        raise PydanticCustomError(
            "listen", "must be host:port, such as 127.0.0.1:8750 or [::1]:8750"
        )
    return match["ipv6"] or match["host"], int(match["port"])


class LocalWatch(StrictModel):
    """A folder on this machine (or a network share mounted here)."""

    path: ConfigPath
    recursive: bool = True
    polling: bool = False
    quiet_period: Duration = Field(default=5.0, gt=0)
    rescan_interval: Duration = Field(default=600.0, gt=0)

    @field_validator("path", mode="before")
    @classmethod
    def _local(cls, path: object) -> object:
        if isinstance(path, str) and "://" in path:
            raise PydanticCustomError(
                "watch_path", "a watch path is a local folder or s3://bucket/prefix"
            )
        return path


class S3Watch(StrictModel):
    """A bucket and prefix watched by listing (and optionally an SQS event queue).

    `list_interval` paces incremental listings (keys after the last one listed) and
    `full_list_interval` full ones; `rules_file` is a local rules file standing for the
    `.gt-watch.yaml` of the watched prefix; `bucket_rules: false` ignores rules objects in
    the bucket (anyone who can write to it could otherwise place orders)."""

    path: str
    endpoint_url: str | None = None
    region: str | None = None
    path_style: bool = False
    profile: str | None = None
    sqs_queue_url: str | None = None
    output_prefix: str | None = None
    list_interval: Duration = Field(default=60.0, gt=0)
    full_list_interval: Duration = Field(default=600.0, gt=0)
    list_page_size: int = Field(default=1000, ge=1, le=1000)
    rules_file: ConfigPath | None = None
    bucket_rules: bool = True

    @model_validator(mode="after")
    def _full_after_incremental(self) -> S3Watch:
        if self.full_list_interval < self.list_interval:
            raise PydanticCustomError(
                "full_list_interval",
                "full_list_interval must be at least list_interval (full listings are the "
                "source of truth; incremental ones only look past the last key listed)",
            )
        return self

    @field_validator("path")
    @classmethod
    def _s3_path(cls, path: str) -> str:
        bucket, _, prefix = path.removeprefix("s3://").partition("/")
        check_bucket_name(bucket)
        return f"s3://{bucket}/{normalize_prefix(prefix)}"

    @field_validator("endpoint_url", "sqs_queue_url")
    @classmethod
    def _urls(cls, url: str) -> str:
        return check_http_url(url)

    @field_validator("output_prefix")
    @classmethod
    def _output_prefix(cls, prefix: str) -> str:
        return normalize_prefix(prefix)

    @property
    def bucket(self) -> str:
        return self.path.removeprefix("s3://").split("/", 1)[0]

    @property
    def prefix(self) -> str:
        return self.path.removeprefix("s3://").split("/", 1)[1]


def _watch_tag(value: Any) -> str:
    path = value.get("path") if isinstance(value, dict) else getattr(value, "path", None)
    return "S3Watch" if isinstance(path, str) and path.startswith("s3://") else "LocalWatch"


Watch = Annotated[
    Annotated[LocalWatch, Tag("LocalWatch")] | Annotated[S3Watch, Tag("S3Watch")],
    Discriminator(_watch_tag),
]


class Limits(StrictModel):
    """Spending guard defaults and the size of the worker pool. `None` means no limit."""

    max_per_order: Money | None = 50.0
    max_per_day: Money | None = 200.0
    max_in_doubt: int = Field(default=3, ge=1)
    workers: int = Field(default=4, ge=1, le=64)


class Config(StrictModel):
    """The whole of config.yaml."""

    api: ApiSettings = ApiSettings()
    mode: Mode = Mode.TEST
    state: StateSettings = Field(default_factory=dict, validate_default=True)
    # How local files are made reachable by URL; S3 watches hand over their own objects'
    # URLs, so a config watching only buckets needs none (cross-checked).
    storage: Storage | None = None
    server: ServerSettings = ServerSettings()
    watches: tuple[Watch, ...] = Field(min_length=1)
    limits: Limits = Limits()


def watch_folder(watch: LocalWatch | S3Watch) -> str:
    """Given a watch, return how messages and rules sources name its root."""
    return watch.path if isinstance(watch, S3Watch) else str(watch.path)
