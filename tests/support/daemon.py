"""The real daemon in a subprocess: `gt-watch run --config FILE`, started, stopped, killed at
a failpoint and started again, with every run's stdout and stderr kept in files; and the
other commands (`status --json`, `validate`, `retry`) run against the same config."""

from __future__ import annotations

import json
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gt_watch.failpoints import VARIABLE as FAILPOINT_VARIABLE
from tests.support.processes import child_env, gt_watch_argv


@dataclass
class Daemon:
    """`gt-watch run --config config` runs; output of run N in `logs/run-N.out` / `.err`."""

    config: Path
    logs: Path
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    runs: int = 0

    def start(
        self, *args: str, failpoint: str | None = None, log_level: str = "info"
    ) -> subprocess.Popen[bytes]:
        """Start `gt-watch --log-level LEVEL run --config FILE ARGS...` (with a failpoint
        armed, if given)."""
        assert self.process is None or self.process.poll() is not None, "already running"
        self.runs += 1
        self.logs.mkdir(parents=True, exist_ok=True)
        extra = {FAILPOINT_VARIABLE: failpoint} if failpoint else {}
        with (
            (self.logs / f"run-{self.runs}.out").open("wb") as out,
            (self.logs / f"run-{self.runs}.err").open("wb") as err,
        ):
            self.process = subprocess.Popen(
                gt_watch_argv("--log-level", log_level, "run", "--config", str(self.config), *args),
                env=child_env(**self.env, **extra),
                stdout=out,
                stderr=err,
            )
        return self.process

    def wait(self, timeout: float = 60) -> int:
        """Wait for the running daemon to exit by itself; return its exit status."""
        assert self.process is not None
        return self.process.wait(timeout=timeout)

    def stop(self, timeout: float = 40) -> int:
        """Stop the daemon as systemd does (SIGTERM); return its exit status."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.wait(timeout)

    def kill(self) -> None:
        """Kill the daemon if it still runs (test teardown)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def output(self) -> str:
        """Everything every run of the daemon wrote to stdout and stderr."""
        return "".join(path.read_text(errors="replace") for path in sorted(self.logs.glob("run-*")))

    def command(
        self, *args: str, timeout: float = 60, **env: str
    ) -> subprocess.CompletedProcess[str]:
        """Run `gt-watch ARGS... --config FILE` to completion (never raises on failure)."""
        return subprocess.run(
            gt_watch_argv(*args, "--config", str(self.config)),
            env=child_env(**self.env, **env),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def status(self, *args: str) -> list[dict[str, Any]]:
        """The rows of `gt-watch status --json` (with ARGS such as --all)."""
        result = self.command("status", "--json", *args)
        assert result.returncode == 0, result.stderr
        return [json.loads(line) for line in result.stdout.splitlines()]
