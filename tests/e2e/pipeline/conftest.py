"""The whole product, end to end: the real daemon (`gt-watch run --config FILE`) in a
subprocess, the sandbox in another process (one per test module), and a separate
`moto_server` process as the S3 storage (a fresh bucket per test). Each test gets a config
file, a token file, a watched media folder and a state folder in its own tmp_path."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4

import boto3
import pytest

from gt_watch.pipeline.status import state_of
from gt_watch.sandbox.settings import SandboxSettings
from gt_watch.store import Store
from gt_watch.store.status import status_rows
from tests.support.daemon import Daemon
from tests.support.net import free_port
from tests.support.sandbox_process import SandboxProcess, sandbox_process
from tests.support.waiting import wait_for

# Dummy credentials the boto3 way; nothing of the developer's own AWS setup may leak in.
AWS_REGION = "us-east-1"
QUIET_PERIOD = "500ms"


@pytest.fixture(scope="module")
def token() -> str:
    """A distinctive API token, so that a leak anywhere is found by plain search."""
    return f"tok-E2E-{secrets.token_hex(8)}"


@pytest.fixture(scope="module")
def sandbox(token: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxProcess]:
    """`gt-watch sandbox` in its own process for the test module: orders finish after 1 s,
    callback retries wait 1/50 of the real service's minutes."""
    settings = SandboxSettings(token=token, delay=1.0, speed=50.0, wallet_usd=100000.0)
    log = tmp_path_factory.mktemp("sandbox") / "sandbox.log"
    with sandbox_process(settings, log) as running:
        yield running


@pytest.fixture(scope="module")
def aws_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """boto3's environment for the daemon: dummy keys, no shared files, no instance role."""
    nowhere = str(tmp_path_factory.mktemp("aws") / "none")
    return {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": AWS_REGION,
        "AWS_CONFIG_FILE": nowhere,
        "AWS_SHARED_CREDENTIALS_FILE": nowhere,
        "AWS_EC2_METADATA_DISABLED": "true",
    }


@pytest.fixture
def bucket(moto_endpoint: str) -> Iterator[str]:
    """A fresh bucket on the session's moto_server, emptied afterwards (moto keeps every
    object in memory for the whole session)."""
    s3 = boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        region_name=AWS_REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    name = f"e2e-{uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    yield name
    for listed in s3.list_objects_v2(Bucket=name).get("Contents", []):
        s3.delete_object(Bucket=name, Key=listed["Key"])
    s3.delete_bucket(Bucket=name)


def config_text(*, api_url: str, moto_endpoint: str, bucket: str, port: int) -> str:
    """config.yaml of a test: the sandbox as the API, S3 storage on moto, one watch."""
    return f"""\
api:
  base_url: {api_url}
  poll_interval: 1s
  reconcile_grace: 2s
  token_file: token
mode: live
state:
  database: state/state.db
storage:
  type: s3
  bucket: {bucket}
  endpoint_url: {moto_endpoint}
  region: {AWS_REGION}
  path_style: true
  prefix: uploads/
server:
  listen: 127.0.0.1:{port}
  public_url: http://127.0.0.1:{port}
watches:
  - path: media
    quiet_period: {QUIET_PERIOD}
limits:
  max_per_order: null
  max_per_day: null
"""


@dataclass
class Pipeline:
    """One test's setup: folders, config, the daemon, and the module's sandbox."""

    root: Path
    sandbox: SandboxProcess
    daemon: Daemon
    token: str
    first_order_id: int

    @property
    def media(self) -> Path:
        return self.root / "media"

    @property
    def state(self) -> Path:
        return self.root / "state"

    def rules(self, folder: str, text: str) -> Path:
        """Write the rules file of `media/<folder>` (created if missing)."""
        path = self.media / folder / ".gt-watch.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def orders(self) -> list[dict[str, Any]]:
        """The live orders placed in the sandbox since this test started, oldest first."""
        return [o for o in self.sandbox.orders() if o["id"] >= self.first_order_id]

    def orders_of(self, job_id: str) -> list[dict[str, Any]]:
        """This test's orders whose callback URL names the job."""
        return [o for o in self.orders() if (o["callback_url"] or "").endswith(f"/{job_id}")]

    def wait_for_files(self, *paths: Path, timeout: float = 60) -> None:
        """Wait until every path exists."""
        wait_for(lambda: all(path.exists() for path in paths), timeout=timeout)

    def wait_for_states(self, wanted: dict[str, str], timeout: float = 60) -> list[dict[str, Any]]:
        """Wait until status shows every row of each file (a path relative to the media
        folder) in the wanted state; return the rows of `gt-watch status --json --all`.

        The waiting reads the state database in this process through the functions behind
        `gt-watch status` (a subprocess per poll would take a core from the daemon); the
        command itself is run once that shows the wanted states, and again if a job has
        moved on meanwhile (a late callback of an order delivered already has it fetched
        again, and it passes through `finished` until the results prove unchanged)."""

        def reached(states: dict[str, set[str]]) -> bool:
            return all(states.get(name) == {state} for name, state in wanted.items())

        def shown_by_the_command() -> list[dict[str, Any]] | None:
            if not reached(self.states()):
                return None
            rows = self.daemon.status("--all")
            shown: dict[str, set[str]] = {}
            for row in rows:
                shown.setdefault(self.relative(row["file"]), set()).add(row["state"])
            return rows if reached(shown) else None

        return wait_for(shown_by_the_command, timeout=timeout)

    def states(self) -> dict[str, set[str]]:
        """file -> the states `gt-watch status --all` shows in its rows (one per job)."""
        database = self.state / "state.db"
        if not database.exists():
            return {}  # the daemon is still starting
        with Store.open(database) as store:
            rows = status_rows(store.database, include_ignored=True)
        states: dict[str, set[str]] = {}
        for row in rows:
            states.setdefault(self.relative(row.source), set()).add(state_of(row))
        return states

    def relative(self, source: str) -> str:
        return Path(source).relative_to(self.media).as_posix()

    def media_tree(self) -> set[str]:
        """Every file under the media folder, relative to it."""
        return {p.relative_to(self.media).as_posix() for p in self.media.rglob("*") if p.is_file()}


@pytest.fixture
def pipeline(
    tmp_path: Path,
    sandbox: SandboxProcess,
    token: str,
    moto_endpoint: str,
    bucket: str,
    aws_env: dict[str, str],
) -> Iterator[Pipeline]:
    """A config, token file, media and state folders in tmp_path, and a daemon (not yet
    started) for them; the daemon is killed after the test if it still runs."""
    (tmp_path / "media").mkdir()
    token_file = tmp_path / "token"
    token_file.write_text(token + "\n")
    token_file.chmod(0o600)
    config = tmp_path / "config.yaml"
    config.write_text(
        config_text(
            api_url=sandbox.base_url,
            moto_endpoint=moto_endpoint,
            bucket=bucket,
            port=free_port(),
        )
    )
    daemon = Daemon(config, tmp_path / "logs", dict(aws_env))
    existing = sandbox.orders()
    first = existing[-1]["id"] + 1 if existing else 1
    try:
        yield Pipeline(tmp_path, sandbox, daemon, token, first)
    finally:
        daemon.kill()
