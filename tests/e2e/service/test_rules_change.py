"""A rules change seen by the running daemon: an order waiting behind config.yaml's
`limits.max_per_order` is taken out of the folder's rules, and it is superseded, never
placed, and left out of `gt-watch status` (which says so; --all lists it), while the order
that replaced it is placed and delivered. The real `gt-watch run` in a subprocess against a
sandbox on 127.0.0.1, with the built-in media URLs."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from gt_watch.model import JobState
from gt_watch.sandbox import SandboxServer
from gt_watch.store import Store
from gt_watch.store.rows import JobRecord
from tests.e2e.service.daemon import Setup, make_setup, running
from tests.support.media import write_wav
from tests.support.processes import run_gt_watch
from tests.support.sandbox_admin import inspect
from tests.support.waiting import wait_for

pytestmark = pytest.mark.slow  # starts the daemon and the sandbox

# In the sandbox, captions of a short file cost 1.14 USD and a transcript 0.84 USD (5 days).
LIMIT = "1.00"
CAPTIONS = """\
mode: live
orders:
  - {name: captions, kind: captions, language: english, outputs: [srt]}
"""
TRANSCRIPT = """\
mode: live
orders:
  - {name: transcript, kind: transcription, language: english, outputs: [txt]}
"""


@pytest.fixture
def setup(tmp_path: Path, sandbox: SandboxServer) -> Setup:
    """The service tests' setup, with a spending limit per order below the captions'."""
    made = make_setup(tmp_path, sandbox)
    config = made.config.read_text()
    made.config.write_text(config.replace("max_per_order: null", f"max_per_order: {LIMIT}"))
    (made.media / ".gt-watch.yaml").write_text(CAPTIONS)
    return made


def _job(setup: Setup, rule: str) -> JobRecord | None:
    database = setup.state / "state.db"
    if not database.exists():
        return None
    with Store.open(database) as store:
        jobs = [job for job in store.jobs.all() if job.rule_name == rule]
    return jobs[0] if jobs else None


def _in_state(setup: Setup, rule: str, state: JobState) -> JobRecord | None:
    job = _job(setup, rule)
    return job if job is not None and job.state is state else None


def _status(setup: Setup, *args: str) -> list[str]:
    result = run_gt_watch("status", "--config", str(setup.config), *args)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_an_order_held_by_a_limit_and_removed_from_the_rules_is_superseded_and_never_placed(
    setup: Setup, sandbox: SandboxServer
) -> None:
    with running(setup) as daemon:
        daemon.notify.wait_for(lambda message: message.get("READY") == "1")
        write_wav(setup.media / "talk.wav", 2.0, seed=5)
        held = wait_for(lambda: _in_state(setup, "captions", JobState.NEEDS_ATTENTION), 60)
        assert held.error is not None and f"above max_per_order {LIMIT}" in held.error

        (setup.media / ".gt-watch.yaml").write_text(TRANSCRIPT)
        wait_for(lambda: _in_state(setup, "captions", JobState.SUPERSEDED), 60)
        delivered = wait_for(lambda: _in_state(setup, "transcript", JobState.DELIVERED), 60)
        shown, everything = _status(setup), _status(setup, "--all")
        refused = run_gt_watch("retry", held.id, "--config", str(setup.config))
        daemon.process.send_signal(signal.SIGTERM)
        assert daemon.wait(timeout=60) == 0

    [order] = inspect(sandbox)
    assert order["callback_url"].endswith(f"/{delivered.id}")
    assert (setup.media / "talk.en.txt").exists()
    assert not (setup.media / "talk.en.srt").exists()
    assert held.id not in "\n".join(shown)
    assert shown[-1].startswith("1 superseded job not shown")
    [superseded_row] = [line for line in everything if held.id in line]
    assert "superseded" in superseded_row
    assert refused.returncode != 0 and "superseded: nothing to retry" in refused.stderr
