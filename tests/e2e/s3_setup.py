"""An S3 watch set up for `gt-watch run` in a subprocess: a bucket of the session's
moto_server, the sandbox in this process, and a config.yaml pointing at both."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gt_watch.store import Store
from tests.support.net import free_port
from tests.support.processes import child_env, gt_watch_argv

AWS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}
TOKEN_VARIABLE = "GT_TEST_API_TOKEN"


@dataclass
class Setup:
    """One S3 watch of `bucket` (prefix `prefix`) with its config and state under `folder`."""

    folder: Path
    endpoint: str
    bucket: str
    api_url: str
    token: str
    prefix: str = "incoming"
    watch_options: dict[str, Any] = field(default_factory=dict)
    limits: dict[str, Any] = field(
        default_factory=lambda: {"max_per_order": None, "max_per_day": None}
    )

    @property
    def database(self) -> Path:
        return self.folder / "state" / "state.db"

    @property
    def config(self) -> Path:
        return self.folder / "config.yaml"

    def write_config(self) -> Path:
        port = free_port()
        watch = {
            "path": f"s3://{self.bucket}/{self.prefix}",
            "endpoint_url": self.endpoint,
            "path_style": True,
            **self.watch_options,
        }
        config = {
            "api": {"base_url": self.api_url, "token_env": TOKEN_VARIABLE, "poll_interval": "1s"},
            "mode": "live",
            "state": {"database": str(self.database)},
            # No `storage:`: bucket objects are presigned in place, nothing is uploaded.
            "server": {"listen": f"127.0.0.1:{port}", "public_url": f"http://127.0.0.1:{port}"},
            "watches": [watch],
            "limits": self.limits,
        }
        self.config.write_text(json.dumps(config, indent=2))  # JSON is YAML
        return self.config

    def env(self, **extra: str) -> dict[str, str]:
        return child_env(**AWS, **{TOKEN_VARIABLE: self.token}, **extra)

    def run_once(self, timeout: float = 90, **env: str) -> subprocess.CompletedProcess[str]:
        """`gt-watch run --once` to completion (never raises on failure)."""
        return subprocess.run(
            gt_watch_argv("run", "--once", "--config", str(self.write_config())),
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def start(self) -> subprocess.Popen[str]:
        """`gt-watch run` in the background; the caller stops it."""
        return subprocess.Popen(
            gt_watch_argv("run", "--config", str(self.write_config())),
            env=self.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    def recorded(self) -> tuple[int, str | None]:
        """How many objects the state database knows, and the listing's resume key."""
        with Store.open(self.database) as store:
            row = store.database.query_one("SELECT count(*) AS files FROM files")
            position = store.meta.get(f"s3-watch:s3://{self.bucket}/{self.prefix}/:position")
        resume = json.loads(position)["resume"] if position else None
        return (int(row["files"]) if row else 0), resume

    def orders_by_source(self) -> dict[str, list[int]]:
        """For each source in the state database, the order ids of the jobs it got results
        from (a copy of known content shares its original's order)."""
        with Store.open(self.database) as store:
            rows = store.database.query(
                "SELECT files.source, jobs.order_id FROM deliveries"
                " JOIN files ON files.id = deliveries.file_id"
                " JOIN jobs ON jobs.id = deliveries.job_id"
                " WHERE deliveries.state = 'delivered' ORDER BY jobs.order_id"
            )
        found: dict[str, list[int]] = {}
        for row in rows:
            found.setdefault(row["source"], []).append(int(row["order_id"]))
        return found
