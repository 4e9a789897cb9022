"""Command-line options shared by several `gt-watch` commands. No business logic."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from gt_watch.config.paths import CONFIG_PATH_VARIABLE, DEFAULT_CONFIG_PATH

Command = TypeVar("Command", bound=Callable[..., object])


def config_option(command: Command) -> Command:
    """Add `--config FILE` to a command; the command receives `config_file: Path | None`
    (None when not given: use `config.paths.config_path` to apply $GT_WATCH_CONFIG and the
    default)."""
    return click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=(
            f"The config file. Default: ${CONFIG_PATH_VARIABLE} if set, else {DEFAULT_CONFIG_PATH}."
        ),
    )(command)


def sandbox_option(command: Command) -> Command:
    """Add `--sandbox DIR` to a command that reads the state of `gt-watch run --sandbox DIR`;
    the command receives `sandbox_dir: Path | None`."""
    return sandbox_folder_option(
        "Use the state of `gt-watch run --sandbox DIR` instead of the config's."
    )(command)


def sandbox_folder_option(help_text: str) -> Callable[[Command], Command]:
    """Return a decorator adding `--sandbox DIR` with this help text; the command receives
    `sandbox_dir: Path | None`."""

    def decorate(command: Command) -> Command:
        return click.option(
            "--sandbox",
            "sandbox_dir",
            type=click.Path(file_okay=False, path_type=Path),
            default=None,
            metavar="DIR",
            help=help_text,
        )(command)

    return decorate


def refuse_both(config_file: Path | None, sandbox_dir: Path | None) -> None:
    """Raise a usage error if both --config and --sandbox were given."""
    if config_file is not None and sandbox_dir is not None:
        raise click.UsageError(
            "--config and --sandbox exclude each other: use --config for your GoTranscript "
            "account, --sandbox DIR for the offline sandbox of `gt-watch run --sandbox DIR`"
        )
