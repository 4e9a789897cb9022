"""What the CLI end-to-end tests set up: a sandbox in the test process standing in for
GoTranscript, a config.yaml pointing at it (token from an environment variable), rules
files, and the environment of the `gt-watch` child process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from gt_watch.sandbox import SandboxServer, SandboxSettings
from tests.support.processes import run_gt_watch

TOKEN = "gt-live-token-7f3a91c2"
SETTINGS = SandboxSettings(token=TOKEN, delay=30.0, speed=20000.0, page_size=2, random_seed=5)
S3_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}
CAPTIONS_RULES = {
    "mode": "live",
    "orders": [{"name": "captions", "kind": "captions", "language": "english"}],
}


def write_config(
    root: Path,
    sandbox: SandboxServer,
    storage: dict[str, Any],
    *,
    server: dict[str, Any] | None = None,
) -> Path:
    """Write `root/config.yaml` watching `root/media` against the sandbox; return its path.
    State goes to `root/state/`."""
    (root / "media").mkdir(exist_ok=True)
    config = {
        "api": {"base_url": sandbox.base_url, "token_env": "GT_TOKEN"},
        "state": {"database": str(root / "state" / "state.db")},
        "storage": storage,
        "watches": [{"path": str(root / "media")}],
        **({"server": server} if server else {}),
    }
    path = root / "config.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def write_rules(folder: Path, rules: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".gt-watch.yaml").write_text(yaml.safe_dump(rules), encoding="utf-8")


def gt_watch(*args: str, **env: str) -> Any:
    """Run `gt-watch ARGS` with the token in its environment (see `run_gt_watch`)."""
    return run_gt_watch(*args, GT_TOKEN=TOKEN, **env)


def json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]
