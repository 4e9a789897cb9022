"""Doctor: every check in order, from a config file to a list of findings. Must not print
(the CLI does)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path

from botocore.exceptions import BotoCoreError

from gt_watch.config.loader import load_config
from gt_watch.config.schema import Config
from gt_watch.errors import ConfigError, GtWatchError
from gt_watch.service.build import build
from gt_watch.service.doctor import Finding
from gt_watch.service.doctor.buckets import check_buckets
from gt_watch.service.doctor.folders import check_folders, check_inotify
from gt_watch.service.doctor.reach import check_callbacks, check_storage, probe_server
from gt_watch.service.doctor.token import check_token


def run_checks(config_path: Path, environ: Mapping[str, str]) -> list[Finding]:
    """Given a config file and the environment, run every check and return the findings
    (a broken config file is the only finding when it cannot be read)."""
    try:
        config = load_config(config_path, environ)
    except ConfigError as error:
        return [
            Finding.failure(
                "config", str(problem), problem.key or str(config_path), "run `gt-watch validate`"
            )
            for problem in error.problems
        ]
    findings = check_folders(config)
    findings.append(check_inotify(config))
    token_finding, token = check_token(config, environ)
    findings.append(token_finding)
    findings.extend(_reach(config, token))
    return findings


def _reach(config: Config, token: str | None) -> list[Finding]:
    """The checks that need the storage and the HTTP server built as the daemon builds them."""
    state = config.state.database.parent
    if not state.is_dir():
        return []  # the folder check said why
    try:
        runtime = build(config, token or "no-token", public_url=config.server.public_url)
    except (GtWatchError, BotoCoreError) as error:
        return [Finding.failure("storage", str(error), "storage", "fix the storage settings")]
    try:
        with probe_server(config, runtime) as nonce:
            callbacks = check_callbacks(config, nonce)
            probe = state / f".gt-watch-doctor-{secrets.token_hex(8)}"
            return [
                callbacks,
                check_storage(config, runtime, probe),
                *check_buckets(config, runtime),
            ]
    finally:
        runtime.close()
