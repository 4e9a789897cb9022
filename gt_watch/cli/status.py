"""`gt-watch status`: a table of every file, rule, state, order, cost and next step."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from gt_watch.cli.options import config_option, sandbox_option
from gt_watch.redact import redact


def state_database(config_file: Path | None, sandbox_dir: Path | None) -> Path:
    """The state database of the config file, or of a sandbox folder."""
    if sandbox_dir is not None:
        from gt_watch.service.sandbox_mode import STATE_FOLDER

        return sandbox_dir.expanduser().resolve() / STATE_FOLDER / "state.db"
    from gt_watch.config.loader import load_config
    from gt_watch.config.paths import config_path

    return load_config(config_path(config_file, os.environ)).state.database


@click.command("status")
@config_option
@sandbox_option
@click.option("--all", "show_all", is_flag=True, help="Also list files no rule asks for.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per row, for scripts.")
def status_command(
    config_file: Path | None, sandbox_dir: Path | None, show_all: bool, as_json: bool
) -> None:
    """Show every file gt-watch knows: rule, state, order id, cost, and the next step or
    what went wrong (with what to do)."""
    from gt_watch.errors import GtWatchError
    from gt_watch.pipeline.status import next_step, state_of
    from gt_watch.store import Store
    from gt_watch.store.status import status_rows

    path = state_database(config_file, sandbox_dir)
    if not path.exists():
        raise GtWatchError(f"no state database at {path} yet: has `gt-watch run` started?")
    with Store.open(path) as store:
        rows = status_rows(store.database, include_ignored=show_all)
    if as_json:
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
        return
    table = Table(title=f"gt-watch status ({len(rows)} rows)", title_justify="left")
    for heading in ("file", "rule", "state", "job", "order", "cost", "next step / problem"):
        table.add_column(heading, overflow="fold")
    for row in rows:
        cost = row.cost if row.cost is not None else row.quote
        table.add_row(
            redact(row.source),
            row.rule_name or "-",
            state_of(row),
            row.job_id or "-",
            str(row.order_id) if row.order_id else "-",
            f"{cost:.2f}" if cost is not None else "-",
            redact(next_step(row)),
        )
    Console(file=sys.stdout, soft_wrap=False).print(table)
