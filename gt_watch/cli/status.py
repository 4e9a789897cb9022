"""`gt-watch status`: a table of every file, rule, state, order, cost and next step, and a
summary line. Argument parsing and output only; what to say lives in `pipeline.status`."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import textwrap
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich import box
from rich.console import Console
from rich.table import Table

from gt_watch.cli.options import config_option, refuse_both, sandbox_option
from gt_watch.redact import redact

if TYPE_CHECKING:
    from gt_watch.store.status import StatusRow

# Output width when stdout is not a terminal (a pipe, a file) and $COLUMNS is not set:
# wide enough that ids and paths stay whole, narrow enough to read in a pager.
PIPED_WIDTH = 160


def state_database(config_file: Path | None, sandbox_dir: Path | None) -> Path:
    """The state database of the config file, or of a sandbox folder."""
    if sandbox_dir is not None:
        from gt_watch.service.sandbox_mode import STATE_FOLDER

        return sandbox_dir.expanduser().resolve() / STATE_FOLDER / "state.db"
    from gt_watch.config.loader import load_config
    from gt_watch.config.paths import config_path
    from gt_watch.config.token import load_token
    from gt_watch.errors import ConfigError

    config = load_config(config_path(config_file, os.environ))
    # Reading the token registers it, so that nothing printed can show it. Status works
    # without access to it too: the texts it prints were redacted when they were stored.
    with contextlib.suppress(ConfigError):
        load_token(config)
    return config.state.database


@click.command("status", short_help="Show every file's state, order, cost and next step.")
@config_option
@sandbox_option
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="Also list files no rule asks for, and superseded jobs (their file changed, or its "
    "rules stopped asking for them before they were ordered).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per row, for scripts.")
def status_command(
    config_file: Path | None, sandbox_dir: Path | None, show_all: bool, as_json: bool
) -> None:
    """Show every file gt-watch knows: rule, state, job, order id, cost, and the next step
    or what went wrong (with what to do). Files are shown relative to their watched folder
    (--json gives full paths); the last lines count jobs by state, today's spending, and
    the superseded jobs left out (--all lists them).

    Reads the state database only: it works whether or not `gt-watch run` is running.
    """
    from gt_watch.errors import GtWatchError
    from gt_watch.pipeline.status import shown_rows
    from gt_watch.store import Store
    from gt_watch.store.status import status_rows

    refuse_both(config_file, sandbox_dir)
    path = state_database(config_file, sandbox_dir)
    if not path.exists():
        raise GtWatchError(f"no state database at {path} yet: has `gt-watch run` started?")
    midnight = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    with Store.open(path) as store:
        rows, hidden = shown_rows(
            status_rows(store.database, include_ignored=show_all), show_all=show_all
        )
        spent_today = store.intents.spent_since(midnight)
    if as_json:
        _print_json(rows)
    else:
        _print_table(rows, spent_today, hidden)


def _print_json(rows: Sequence[StatusRow]) -> None:
    from gt_watch.pipeline.status import next_step, state_of

    for row in rows:
        record = {
            "file": row.source,
            "rule": row.rule_name,
            "kind": row.kind,
            "mode": row.mode,
            "job": row.job_id,
            "state": state_of(row),
            "order_id": row.order_id,
            "cost": row.cost,
            "quote": row.quote,
            "next": next_step(row),
        }
        click.echo(redact(json.dumps(record, ensure_ascii=False)))


def _print_table(rows: Sequence[StatusRow], spent_today: float, hidden: int) -> None:
    from gt_watch.pipeline.status import hidden_note, next_step, shown_source, state_of, summary

    cells = [
        (
            redact(shown_source(row)),
            row.rule_name or "-",
            state_of(row),
            row.job_id or "-",
            str(row.order_id) if row.order_id else "-",
            _money(row.cost if row.cost is not None else row.quote),
            redact(next_step(row)),
        )
        for row in rows
    ]
    terminal = sys.stdout.isatty() or bool(os.environ.get("COLUMNS"))
    console = Console(file=sys.stdout, width=None if terminal else PIPED_WIDTH)
    if cells and _room_for_names(cells, console.width) >= _MIN_NAMES:
        console.print(_table(cells, console.width))
    elif cells:
        for row in cells:
            click.echo(_block(row, console.width))
    click.echo(summary(rows, spent_today))
    if hidden:
        click.echo(hidden_note(hidden))


_HEADINGS = ("file", "rule", "state", "job", "order", "USD", "next step / problem")
# The explanation wraps first; below this width, file and rule names wrap too.
_MIN_EXPLANATION = 24
# Below this room for file and rule names together, each row becomes a block of lines.
_MIN_NAMES = 30
_GAP = 3


def _natural_widths(cells: Sequence[tuple[str, ...]]) -> list[int]:
    return [
        max(len(heading), *(len(row[index]) for row in cells))
        for index, heading in enumerate(_HEADINGS)
    ]


def _room_for_names(cells: Sequence[tuple[str, ...]], width: int) -> int:
    """The width left for the file and rule columns next to the others."""
    fixed = sum(_natural_widths(cells)[2:-1]) + _MIN_EXPLANATION
    return width - fixed - _GAP * (len(_HEADINGS) - 1)


def _block(row: tuple[str, ...], width: int) -> str:
    """One row as lines, for a narrow terminal: the file, then the rest indented."""
    file, rule, state, job, order, cost, explanation = row
    labelled = (("", rule), ("", state), ("job ", job), ("order ", order), ("USD ", cost))
    facts = " · ".join(label + value for label, value in labelled if value != "-")
    wrap = textwrap.TextWrapper(
        width=max(width, 20), initial_indent="  ", subsequent_indent="    ",
        break_on_hyphens=False,
    )  # fmt: skip
    return "\n".join([file, wrap.fill(facts), wrap.fill(explanation)])


def _table(cells: Sequence[tuple[str, ...]], width: int) -> Table:
    """The status table: ids, states and money never wrap; the explanation takes the room
    the other columns leave (file and rule names wrap only when that is too little)."""
    natural = _natural_widths(cells)
    room = width - sum(natural[:-1]) - _GAP * (len(_HEADINGS) - 1)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("file", overflow="fold")
    table.add_column("rule", overflow="fold")
    for heading in ("state", "job"):
        table.add_column(heading, no_wrap=True)
    for heading in ("order", "USD"):
        table.add_column(heading, no_wrap=True, justify="right")
    table.add_column(
        _HEADINGS[-1], overflow="fold", width=max(_MIN_EXPLANATION, min(room, natural[-1]))
    )
    for row in cells:
        table.add_row(*row)
    return table


def _money(amount: float | None) -> str:
    return f"{amount:.2f}" if amount is not None else "-"
