"""`gt-watch doctor`: check the setup against the real world and print what is wrong, the
setting at fault and how to fix it. No business logic."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from gt_watch.cli.options import config_option

MARKS = {"ok": "ok  ", "warning": "WARN", "failure": "FAIL"}


@click.command("doctor")
@config_option
def doctor_command(config_file: Path | None) -> None:
    """Check the token (a free test-mode read), the storage (a probe file staged and
    fetched back), callback reachability (the public URL answers /healthz), inotify limits,
    and free space and write permission in the state folder and every watched folder.

    Run it as the service user (sudo -u gt-watch gt-watch doctor). Exits 1 if anything
    fails; warnings alone exit 0.
    """
    from gt_watch.config.paths import config_path
    from gt_watch.service.doctor import Status
    from gt_watch.service.doctor.checks import run_checks

    findings = run_checks(config_path(config_file, os.environ), os.environ)
    for finding in findings:
        setting = f" [{finding.setting}]" if finding.setting else ""
        click.echo(f"{MARKS[finding.status.value]} {finding.check}{setting}: {finding.message}")
        if finding.fix and finding.status is not Status.OK:
            click.echo(f"     fix: {finding.fix}")
    failures = sum(1 for finding in findings if finding.status is Status.FAILURE)
    click.echo(f"{failures} problem(s) found" if failures else "all checks passed")
    sys.exit(1 if failures else 0)
