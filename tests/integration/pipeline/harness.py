"""The pipeline driven in-process from real parts, for the fine-grained integration tests.

`Harness` is what a test talks to: a watched folder with real rules files, the real `Engine`
(real SQLite store, real `GoTranscriptClient`, built-in signed media URLs and callbacks served
by the daemon's own app with uvicorn on 127.0.0.1), and the sandbox (also on 127.0.0.1) with
its admin API. Files are handed to the engine as `StableFile` events, as the watcher would;
`run` ticks the engine until every job has settled. The clock is real UTC time that a test
may move forward, to pass a grace period without waiting for it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from gt_watch.api.client import GoTranscriptClient
from gt_watch.api.retry import RetryPolicy
from gt_watch.catalog import spec_for
from gt_watch.config.resolve import RuleDefaults
from gt_watch.config.rules_schema import RULES_FILE_NAME
from gt_watch.config.schema import Config
from gt_watch.model import JobState, Mode, RulesChanged, StableFile
from gt_watch.pipeline.context import Context
from gt_watch.pipeline.engine import Engine
from gt_watch.pipeline.ports import Settings, Stager
from gt_watch.pipeline.retry import retry
from gt_watch.pipeline.sources import LocalSources, SourceRouter
from gt_watch.pipeline.status import next_step, state_of
from gt_watch.results.sidecars import BACKUP_FOLDER
from gt_watch.sandbox import SandboxServer, SandboxSettings
from gt_watch.service.app import ThreadStores, build_app
from gt_watch.service.build import CALLBACK_SECRET, MEDIA_SECRET, Runtime
from gt_watch.service.http import HttpServer, bind
from gt_watch.service.liveness import Heartbeat
from gt_watch.service.metrics import Metrics
from gt_watch.service.rules import WatchedRules
from gt_watch.service.secrets import state_secret
from gt_watch.storage.signed import SignedUrls
from gt_watch.store import Store
from gt_watch.store.rows import FileRecord, JobRecord
from gt_watch.store.status import status_rows
from tests.support.media import write_wav
from tests.support.net import LOOPBACK_TLS
from tests.support.sandbox_admin import admin, inspect

Value = TypeVar("Value")

TOKEN = "pipeline-test-token"
CAPTIONS = """\
mode: live
orders:
  - kind: captions
    language: english
"""
# Short waits everywhere: polls, retries of staging and of an unreachable API.
FAST_SETTINGS = {"poll_interval": 0.1, "stage_retry": 0.2, "reconcile_grace": 120.0}
# Client retries that give up within seconds (the policy is the real one, only quicker).
FAST_RETRIES = RetryPolicy(attempts=4, total_seconds=3.0, first_wait=0.01, max_wait=0.05)


class MovableClock:
    """Real UTC time plus an offset a test can grow (never shrink): `advance(seconds)`;
    `stop()` holds it at the present moment (until `advance`)."""

    def __init__(self) -> None:
        self._offset = timedelta(0)
        self._stopped_at: datetime | None = None

    def __call__(self) -> datetime:
        if self._stopped_at is not None:
            return self._stopped_at + self._offset
        return datetime.now(UTC) + self._offset

    def stop(self) -> None:
        self._stopped_at = datetime.now(UTC)

    def advance(self, seconds: float) -> None:
        self._offset += timedelta(seconds=seconds)


@dataclass
class Harness:
    """A watched folder, the engine working on it, and the sandbox it orders from."""

    folder: Path
    engine: Engine
    store: Store
    api: GoTranscriptClient
    signed: SignedUrls
    settings: Settings
    clock: MovableClock
    sandbox: SandboxServer

    # -- the world the daemon watches --------------------------------------------------------

    def write_rules(self, text: str, folder: str = "") -> Path:
        """Write a `.gt-watch.yaml` (into a sub-folder if given) and tell the engine."""
        path = self.folder / folder / RULES_FILE_NAME
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.engine.submit(RulesChanged(path))
        return path

    def drop(self, name: str, *, seconds: float = 3.0, seed: int = 0) -> Path:
        """Write a WAV (its bytes depend on `seed` and `seconds`) and hand it to the engine."""
        path = write_wav(self.folder / name, seconds, seed=seed)
        self.notice(path)
        return path

    def copy(self, source: Path, name: str) -> Path:
        """Copy a file under another name and hand the copy to the engine."""
        target = self.folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        self.notice(target)
        return target

    def notice(self, path: Path) -> None:
        """Hand a file to the engine as the watcher does once it has stopped changing."""
        status = path.stat()
        self.engine.submit(StableFile(path, status.st_size, status.st_mtime_ns, self.folder))

    # -- driving -----------------------------------------------------------------------------

    def run(self, timeout: float = 30.0) -> None:
        """Tick until every job has settled (delivered, quoted, failed, needs attention...)."""
        self.run_until(lambda: self.engine.settled(), timeout)

    def run_until(self, probe: Callable[[], Value | None], timeout: float = 30.0) -> Value:
        """Tick the engine until `probe` returns something truthy; return it. Fail the test
        after `timeout` seconds (a generous bound for a loaded machine, not a speed test)."""
        deadline = time.monotonic() + timeout
        while True:
            self.engine.tick()
            value = probe()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"gave up waiting after {timeout} s")
            # Until a step finishes (it wakes the engine) or something falls due.
            self.engine.wake.wait(0.05)
            self.engine.wake.clear()

    def run_until_state(self, path: Path, *states: JobState, rule: str | None = None) -> JobRecord:
        """Tick until the job of `path` is in one of `states`; return it."""
        return self.run_until_job(path, lambda job: job.state in states, rule)

    def run_until_job(
        self, path: Path, wanted: Callable[[JobRecord], bool], rule: str | None = None
    ) -> JobRecord:
        """Tick until the (newest) job of `path` is as `wanted`; return it."""

        def reached() -> JobRecord | None:
            job = self.find_job(path, rule)
            return job if job is not None and wanted(job) else None

        return self.run_until(reached)

    def run_until_touched(self, job_id: str) -> JobRecord:
        """Tick until the job is worked on again (a poll, a retry, a step); return it."""
        since = self.store.jobs.get(job_id).updated_at

        def touched() -> JobRecord | None:
            job = self.store.jobs.get(job_id)
            return job if job.updated_at > since else None

        return self.run_until(touched)

    # -- looking at the state ----------------------------------------------------------------

    def find_job(self, path: Path, rule: str | None = None) -> JobRecord | None:
        """The newest job that owes results to `path` (of `rule`, if given), if any."""
        record = self.store.files.by_source(str(path))
        if record is None:
            return None
        jobs = [
            self.store.jobs.get(delivery.job_id)
            for delivery in self.store.deliveries.for_file(record.id)
        ]
        jobs = [job for job in jobs if rule is None or job.rule_name == rule]
        return max(jobs, key=lambda job: job.created_at, default=None)

    def file(self, path: Path) -> FileRecord:
        """What gt-watch recorded about a file."""
        record = self.store.files.by_source(str(path))
        assert record is not None, f"{path.name} is unknown"
        return record

    def job(self, path: Path, rule: str | None = None) -> JobRecord:
        job = self.find_job(path, rule)
        assert job is not None, f"no job for {path.name}"
        return job

    def states(self, job_id: str) -> list[str]:
        """The states a job went through, in order."""
        return [entry.state for entry in self.store.jobs.history(job_id)]

    def status(self, path: Path) -> list[tuple[str, str]]:
        """What `gt-watch status` shows for a file: (state, next step) per row."""
        return [
            (state_of(row), next_step(row))
            for row in status_rows(self.store.database)
            if row.source == str(path)
        ]

    def files(self, folder: str = "") -> set[str]:
        """The names of the visible files in the watched folder (or a sub-folder)."""
        return {
            path.name
            for path in (self.folder / folder).iterdir()
            if path.is_file() and not path.name.startswith(".")
        }

    def backups(self, name: str, folder: str = "") -> list[bytes]:
        """Every backup gt-watch kept of the sidecar `name`, oldest first."""
        root = self.folder / folder / BACKUP_FOLDER
        return [path.read_bytes() for path in sorted(root.glob(f"*/{name}"))]

    def retry(self, job_id: str, order_id: int | None = None) -> str:
        """`gt-watch retry JOB [--order ID]`, from its own connection like the CLI."""
        with Store.open(self.store.database.path, clock=self.clock) as store:
            return retry(store, job_id, order_id=order_id)

    # -- the sandbox -------------------------------------------------------------------------

    def orders(self) -> list[dict[str, Any]]:
        """Every live order the sandbox account holds, oldest first."""
        return inspect(self.sandbox)

    def wallet(self) -> float:
        return float(self.admin("GET", "wallet")["usd"])

    def admin(self, method: str, route: str, /, **body: Any) -> dict[str, Any]:
        response = admin(self.sandbox, method, route, **body)
        response.raise_for_status()
        answer: dict[str, Any] = response.json()
        return answer

    def knobs(self, **changes: Any) -> None:
        self.admin("PATCH", "knobs", **changes)

    def fault(
        self,
        path: str,
        *,
        after: bool = False,
        count: int = 1,
        status: int = 503,
        method: str = "POST",
    ) -> None:
        """Make the next `count` API requests to `/api/v4/<path>` fail with `status`;
        `after=True` lets them take effect first (an order is placed and paid)."""
        self.admin(
            "POST",
            "faults",
            path=f"/api/v4/{path}",
            after=after,
            count=count,
            status=status,
            method=method,
        )

    @contextmanager
    def sandbox_down(self) -> Iterator[None]:
        """GoTranscript unreachable (connections refused) while the block runs; then back on
        the same port with every order it had."""
        self.sandbox.port = int(self.sandbox.root_url.rsplit(":", 1)[1])
        self.sandbox.stop()
        try:
            yield
        finally:
            self.sandbox.start()

    def callback(self, job_id: str, **fields: str) -> httpx.Response:
        """POST a callback to the daemon for a job, as GoTranscript would (multipart)."""
        url = f"{self.settings.public_url}/callbacks/{self.settings.callback_secret}/{job_id}"
        form = {name: (None, value) for name, value in fields.items()}
        return httpx.post(url, files=form, timeout=30, verify=LOOPBACK_TLS)

    def place_elsewhere(self, path: Path, kind_path: str, **params: str) -> int:
        """Place a live order for `path` outside gt-watch (in the dashboard, by a colleague);
        return its id."""
        spec = spec_for(kind_path)
        media_url = self.signed.stage(path, "elsewhere").url
        receipt = self.api.place_order(
            spec.kind, {spec.media_param: media_url, **params}, Mode.LIVE
        )
        assert receipt.order_id is not None
        return receipt.order_id


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """No file can be created or replaced in `folder` while the block runs: its mode for a
    normal user; for root (whom modes do not stop), the file system's immutable flag."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    made = subprocess.run(["chattr", "+i", folder], capture_output=True, text=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"running as root without the immutable flag ({made.stderr.strip()})")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", folder], check=True)


def start_harness(
    stack: ExitStack, root: Path, *, stager: Stager | None = None, **settings: Any
) -> Harness:
    """Build and start everything under `root` (torn down by `stack`); `settings` override
    the pipeline's `Settings` (`max_in_doubt`, `max_per_day`, ...). Media are reachable
    through `stager` (an S3 bucket), by default through the daemon's signed URLs."""
    folder, state_dir = root / "watched", root / "state"
    folder.mkdir()
    sandbox_settings = SandboxSettings(
        token=TOKEN, delay=0.1, speed=10_000.0, random_seed=11, state_path=root / "sandbox.db"
    )
    sandbox = SandboxServer(sandbox_settings)
    sandbox.start()
    stack.callback(sandbox.stop)
    sock = bind("127.0.0.1", 0)
    public_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    config = _daemon_config(folder, state_dir, sandbox.base_url, public_url)
    api = GoTranscriptClient(sandbox.base_url, TOKEN, retry=FAST_RETRIES)
    stack.callback(api.close)
    signed = SignedUrls(state_secret(state_dir, MEDIA_SECRET).encode("ascii"), public_url)
    pipeline_settings = Settings(
        public_url=public_url,
        callback_secret=state_secret(state_dir, CALLBACK_SECRET),
        results_dir=state_dir / "results",
        **{**FAST_SETTINGS, **settings},
    )
    clock = MovableClock()
    rules = WatchedRules({folder: True}, RuleDefaults.from_config(config))
    sources = SourceRouter([LocalSources(stager or signed)])

    def make_context() -> Context:
        # One per worker thread, as in the daemon (sqlite3 lets only that thread close it).
        store = Store.open(config.state.database, clock=clock)
        return Context(store, api, sources, rules, pipeline_settings, clock)

    engine = Engine(make_context, workers=4, on_rules_changed=rules.reload)
    runtime = Runtime(config, state_dir, api, signed, signed, rules, pipeline_settings, engine)
    stores = ThreadStores(config.state.database)
    metrics = Metrics(stores, list, Heartbeat(), lambda: engine.progress)
    http = HttpServer(build_app(runtime, stores, lambda: {"ok": True}, metrics), sock)
    http.start()
    stack.callback(_stop_side_by_side, http.stop, sandbox.stop)
    store = stack.enter_context(Store.open(config.state.database, clock=clock))
    stack.callback(engine.shutdown, 30.0)
    engine.startup()
    return Harness(folder, engine, store, api, signed, pipeline_settings, clock, sandbox)


def _daemon_config(folder: Path, state_dir: Path, api_url: str, public_url: str) -> Config:
    """The config.yaml of the daemon under test: one watch, built-in media URLs, live mode,
    no spending limits unless a test sets them."""
    return Config.model_validate(
        {
            "api": {"base_url": api_url},
            "mode": "live",
            "state": {"database": state_dir / "state.db"},
            "storage": {"type": "builtin"},
            "server": {"listen": public_url.removeprefix("http://"), "public_url": public_url},
            "watches": [{"path": folder}],
            "limits": {"max_per_order": None, "max_per_day": None},
        }
    )


def _stop_side_by_side(*stops: Callable[[], None]) -> None:
    """Stop servers at the same time: each takes a few tenths of a second to wind down."""
    threads = [threading.Thread(target=stop) for stop in stops]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
