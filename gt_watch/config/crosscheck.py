"""Checks of config.yaml that span several keys or sections. Pure: a Config in, findings out.

Each finding names the key path it is about, so that it is reported at that key's line.
Must not read files: whether a watched folder exists is `config.validate`'s question.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from gt_watch.config.schema import BuiltinStorage, Config, LocalWatch, S3Watch, watch_folder
from gt_watch.config.yamlsource import KeyPath

Finding = tuple[KeyPath, str]


def cross_check(config: Config) -> list[Finding]:
    """Given a schema-valid Config, return every problem between its sections."""
    return [
        *_token_sources(config),
        *_local_watches_need_storage(config),
        *_builtin_needs_public_url(config),
        *_overlapping_watches(config),
        *_one_endpoint_per_bucket(config),
        *_limits(config),
    ]


def _token_sources(config: Config) -> Iterator[Finding]:
    if config.api.token_file is not None and config.api.token_env is not None:
        yield (
            ("api", "token_env"),
            "api.token_file and api.token_env are both set; keep the one the token is in",
        )


def _local_watches_need_storage(config: Config) -> Iterator[Finding]:
    if config.storage is not None:
        return
    for index, watch in enumerate(config.watches):
        if isinstance(watch, LocalWatch):
            yield (
                ("watches", index, "path"),
                f"{watch.path} is a local folder: GoTranscript downloads its files from a URL, "
                "so config.yaml needs `storage:`, type 's3' (upload to a bucket) or 'builtin' "
                "(served by gt-watch under server.public_url); see config.example.yaml",
            )
            return


def _builtin_needs_public_url(config: Config) -> Iterator[Finding]:
    if isinstance(config.storage, BuiltinStorage) and config.server.public_url is None:
        yield (
            ("storage", "type"),
            "storage type 'builtin' serves media to GoTranscript from this machine: set "
            "server.public_url to the https address at which GoTranscript reaches "
            "server.listen (or use storage type 's3')",
        )


def _overlapping_watches(config: Config) -> Iterator[Finding]:
    seen: list[tuple[int, LocalWatch | S3Watch]] = []
    for index, watch in enumerate(config.watches):
        for earlier_index, earlier in seen:
            problem = _overlap(watch, earlier, earlier_index)
            if problem:
                yield (("watches", index, "path"), problem)
        seen.append((index, watch))


def _overlap(watch: LocalWatch | S3Watch, earlier: LocalWatch | S3Watch, index: int) -> str:
    root, recursive = _watch_root(watch)
    earlier_root, earlier_recursive = _watch_root(earlier)
    shown, earlier_shown = watch_folder(watch), watch_folder(earlier)
    if root == earlier_root:
        return f"{shown} is already watched by watches[{index}]; remove one"
    if _contains(earlier_root, root) and earlier_recursive:
        return (
            f"{shown} lies inside watches[{index}] ({earlier_shown}), which is recursive: "
            "its files would be seen twice; remove one of them"
        )
    if _contains(root, earlier_root) and recursive:
        return (
            f"{shown} contains watches[{index}] ({earlier_shown}) and is recursive: "
            "its files would be seen twice; remove one of them"
        )
    return ""


def _watch_root(watch: LocalWatch | S3Watch) -> tuple[str, bool]:
    if isinstance(watch, S3Watch):
        return watch.path, True
    return str(Path(watch.path)).rstrip("/") + "/", watch.recursive


def _contains(outer: str, inner: str) -> bool:
    return inner.startswith(outer) and inner != outer


def _one_endpoint_per_bucket(config: Config) -> Iterator[Finding]:
    """Objects are named `s3://bucket/key` alone: a bucket must be reached one way."""
    reached: dict[str, tuple[int, tuple[object, ...]]] = {}
    for index, watch in enumerate(config.watches):
        if not isinstance(watch, S3Watch):
            continue
        how = (watch.endpoint_url, watch.region, watch.path_style, watch.profile)
        first = reached.setdefault(watch.bucket, (index, how))
        if first[1] != how:
            yield (
                ("watches", index, "path"),
                f"bucket {watch.bucket} is also watched by watches[{first[0]}] with another "
                "endpoint_url, region, path_style or profile: give both watches the same",
            )


def _limits(config: Config) -> Iterator[Finding]:
    per_order, per_day = config.limits.max_per_order, config.limits.max_per_day
    if per_order is not None and per_day is not None and per_order > per_day:
        yield (
            ("limits", "max_per_order"),
            f"max_per_order ({per_order:g} USD) is larger than max_per_day ({per_day:g} USD): "
            "no order that large could ever be placed",
        )
