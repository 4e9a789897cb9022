"""The `gt-watch` command line: argument parsing, exit codes, human output. No business logic.

Subcommands live in their own modules and are imported only when used, so that `gt-watch qc`
does not pay for boto3 and `--help` stays fast. To add one, add its `module:attribute` to
`COMMANDS`.
"""

from __future__ import annotations

import importlib
import sys

import click

from gt_watch import __version__, logs
from gt_watch.errors import GtWatchError

# name -> "module:attribute" of a click command; the order is the order of `--help`.
COMMANDS: dict[str, str] = {
    "run": "gt_watch.cli.run:run_command",
    "validate": "gt_watch.cli.validate:validate_command",
    "quote": "gt_watch.cli.quote:quote_command",
    "status": "gt_watch.cli.status:status_command",
    "orders": "gt_watch.cli.orders:orders_command",
    "retry": "gt_watch.cli.retry:retry_command",
    "convert": "gt_watch.cli.captions:convert",
    "qc": "gt_watch.cli.captions:qc",
    "sandbox": "gt_watch.cli.sandbox:sandbox",
    "doctor": "gt_watch.cli.doctor:doctor_command",
}


class LazyGroup(click.Group):
    """A click group that imports each subcommand's module on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gt-watch")
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error"], case_sensitive=False),
    default="info",
    show_default=True,
    help="How much to log to stderr.",
)
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="One line of text per event, or one JSON object per event.",
)
def cli(log_level: str, log_format: str) -> None:
    """Watch folders, order GoTranscript transcripts, captions and subtitles as each
    folder's .gt-watch.yaml rules say, and write .srt, .vtt, .docx and .txt files next to
    the media. Every file is ordered once per rule, through crashes and restarts.

    \b
    Try it offline first (no account, nothing is paid):
      gt-watch run --sandbox ./gt-demo
    then drop WAV, MP3 or MP4 files into gt-demo/ and watch the sidecars appear.

    \b
    With your account, write config.yaml (see config.example.yaml), then:
      gt-watch validate      check the config and every rules file
      gt-watch quote FILE    see what a file would cost, without ordering
      gt-watch run           watch and order (as a service: systemctl start gt-watch)
      gt-watch status        see what happened to every file

    Run `gt-watch COMMAND --help` for the details of each command.
    """
    logs.configure(log_level, log_format)


def main() -> None:
    """Run the command line; turn gt-watch errors into a message and exit status 1."""
    try:
        status = cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except GtWatchError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(status if isinstance(status, int) else 0)
