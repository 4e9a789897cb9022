"""`gt-watch validate`: check config.yaml and every rules file, print every problem at once."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from gt_watch.cli.options import config_option
from gt_watch.config.paths import CONFIG_PATH_VARIABLE, config_path

if TYPE_CHECKING:
    from gt_watch.config.validate import ValidationReport


@click.command("validate", short_help="Check config.yaml and every rules file.")
@config_option
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate_command(config_file: Path | None, paths: tuple[Path, ...]) -> int:
    """Check the config file and the .gt-watch.yaml rules files; print every problem as
    FILE:LINE: message.

    Without PATHS, checks the config file and every rules file under every watched folder.
    With PATHS (folders or rules files), checks the rules files there and below, with the
    rules they inherit; the config file is then checked only when --config or
    $GT_WATCH_CONFIG names it.

    Exits with status 0 when everything is valid, 1 when anything is not.
    """
    from gt_watch.config.validate import validate_setup  # the schema loads only when used

    explicit = config_file is not None or bool(os.environ.get(CONFIG_PATH_VARIABLE))
    checked_config = config_path(config_file, os.environ) if explicit or not paths else None
    report = validate_setup(checked_config, paths)
    for problem in report.problems:
        click.echo(str(problem))
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(summary(report))
    return 1 if report.problems else 0


def summary(report: ValidationReport) -> str:
    """Given a report, return its one-line summary."""
    checked = _count(report.files_checked, "file")
    if not report.problems:
        return f"ok: {checked}"
    problems = _count(len(report.problems), "problem")
    return f"{problems} in {_count(report.files_with_problems, 'file')} ({checked} checked)"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
