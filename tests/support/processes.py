"""Running the real `gt-watch` command in a subprocess, from this checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def gt_watch_argv(*args: str) -> list[str]:
    """The argv of `gt-watch ARGS...` run from this checkout, whatever is installed."""
    return [sys.executable, "-m", "gt_watch", *args]


def child_env(**extra: str) -> dict[str, str]:
    """An environment for child processes: this checkout first on the path, no stray token."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GT_WATCH_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


def run_gt_watch(
    *args: str, cwd: Path | None = None, timeout: float = 60, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run `gt-watch ARGS...` to completion and return its result (never raises on failure)."""
    return subprocess.run(
        gt_watch_argv(*args),
        cwd=cwd,
        env=child_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
