"""`gt-watch run`: the daemon (or, with --sandbox, the offline demo). No business logic."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from gt_watch.cli.options import config_option


@click.command("run", short_help="Watch folders, order by their rules, write sidecars.")
@config_option
@click.option(
    "--once",
    is_flag=True,
    help="Process every file present until nothing is pending (orders finished, sidecars "
    "written), then exit 0. For cron jobs and tests.",
)
@click.option(
    "--sandbox",
    "sandbox_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="Watch DIR against the built-in GoTranscript sandbox instead of the config: "
    "offline, nothing is paid, state under DIR/.gt-watch/, and a starter .gt-watch.yaml "
    "(English captions) if DIR has none.",
)
def run_command(config_file: Path | None, once: bool, sandbox_dir: Path | None) -> None:
    """Watch the folders of the config file, order what their .gt-watch.yaml rules ask
    for, and write the results next to the media (interview.en.srt, ...).

    Runs until stopped (Ctrl-C, SIGTERM: running steps finish first); with --once, until
    everything present is done. SIGHUP re-reads config.yaml and every rules file. Each
    file is ordered once per rule, also across crashes and restarts. `gt-watch status`
    shows how far each file got.

    \b
    Try it offline first (no account, nothing is paid):
      gt-watch run --sandbox ./gt-demo
    """
    if sandbox_dir is not None:
        from gt_watch.service.sandbox_mode import run_sandbox

        sys.exit(run_sandbox(sandbox_dir, once=once))
    from gt_watch.config.loader import load_config
    from gt_watch.config.paths import config_path
    from gt_watch.config.token import load_token
    from gt_watch.service import daemon

    path = config_path(config_file, os.environ)
    config = load_config(path)
    status = daemon.run(
        config, load_token(config), once=once, load_config=lambda: load_config(path)
    )
    sys.exit(status)
