"""`gt-watch orders`: the account's orders as GoTranscript lists them, newest first.
Argument parsing and output only; result URLs (which carry the token) are never printed."""

from __future__ import annotations

import itertools
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich import box
from rich.console import Console, JustifyMethod
from rich.table import Table

from gt_watch.cli.options import config_option, refuse_both, sandbox_folder_option
from gt_watch.redact import redact

if TYPE_CHECKING:
    from gt_watch.api.client import GoTranscriptClient
    from gt_watch.model import OrderInfo


@click.command("orders", short_help="List the orders of your GoTranscript account.")
@config_option
@sandbox_folder_option(
    "List the orders of the sandbox that `gt-watch run --sandbox DIR` is running instead."
)
@click.option(
    "--mode",
    type=click.Choice(["live", "test"]),
    default="live",
    show_default=True,
    help="live: the orders placed (and paid for); test: GoTranscript's sample orders.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Show only the N newest orders (and read no further pages).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per order, for scripts.")
def orders_command(
    config_file: Path | None,
    sandbox_dir: Path | None,
    mode: str,
    limit: int | None,
    as_json: bool,
) -> None:
    """List the orders of your GoTranscript account, newest first: id, type, price, when it
    was paid and finished, status, language and comment.

    The comment carries gt-watch's tag [gtw:JOB] when gt-watch placed the order; match it
    with the job column of `gt-watch status`. Result links are not shown (they carry your
    API token): gt-watch fetches results itself.
    """
    from gt_watch.model import Mode

    refuse_both(config_file, sandbox_dir)
    with _client(config_file, sandbox_dir) as client:
        listed = itertools.islice(client.orders(Mode(mode)), limit)
        if as_json:
            for info in listed:
                click.echo(redact(json.dumps(order_record(info), ensure_ascii=False)))
            return
        _print_table(listed, mode, limit)


def _client(config_file: Path | None, sandbox_dir: Path | None) -> GoTranscriptClient:
    from gt_watch.api.client import GoTranscriptClient

    if sandbox_dir is not None:
        from gt_watch.sandbox.settings import DEFAULT_TOKEN
        from gt_watch.service.sandbox_link import require_running_sandbox
        from gt_watch.service.sandbox_mode import STATE_FOLDER

        folder = sandbox_dir.expanduser().resolve()
        link = require_running_sandbox(folder, folder / STATE_FOLDER)
        return GoTranscriptClient(link.api_url, DEFAULT_TOKEN)
    from gt_watch.config.loader import load_config
    from gt_watch.config.paths import config_path
    from gt_watch.config.token import load_token

    config = load_config(config_path(config_file, os.environ))
    return GoTranscriptClient(config.api.base_url, load_token(config))


def order_record(info: OrderInfo) -> dict[str, Any]:
    """Given an order, return what `--json` prints: every field but the result URLs, whose
    names are listed under `results`."""
    return {
        "id": info.id,
        "type": info.type,
        "status": info.status.value,
        "price": info.price,
        "paid_at": info.paid_at,
        "finished_at": info.finished_at,
        "delivery_estimate": info.delivery_estimate,
        "seconds": info.seconds,
        "words": info.words,
        "language": order_language(info),
        "comment": info.comment,
        "results": sorted(info.result_urls),
    }


def order_language(info: OrderInfo) -> str | None:
    """The language of an order: `english`, or `english -> german` for a translation."""
    source = info.fields.get("language") or info.fields.get("translate_from")
    target = info.fields.get("translate_to")
    if source and target:
        return f"{source} -> {target}"
    return str(source or target) if (source or target) else None


def _print_table(listed: Iterator[OrderInfo], mode: str, limit: int | None) -> None:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for heading, justify in _COLUMNS:
        table.add_column(heading, justify=justify, no_wrap=heading != "comment")
    count = 0
    for info in listed:
        count += 1
        table.add_row(
            str(info.id),
            info.type,
            f"{info.price:.2f}",
            info.paid_at or "-",
            info.finished_at or "-",
            info.status.value,
            order_language(info) or "-",
            redact(info.comment or ""),
        )
    console = Console(file=sys.stdout, width=_width())
    if count:
        console.print(table)
    click.echo(listing_summary(count, mode, limit))


def listing_summary(count: int, mode: str, limit: int | None) -> str:
    """The line under the table: how many orders were listed, and whether there may be more."""
    noun = "sample order" if mode == "test" else "order"
    if count == 0:
        return f"no {noun}s" + (" (test mode)" if mode == "test" else "")
    text = f"{count} {noun}{'' if count == 1 else 's'}"
    if mode == "test":
        text += " (test mode)"
    if count == limit:
        text += f"; these are the newest {limit}, raise --limit to see more"
    return text


_COLUMNS: tuple[tuple[str, JustifyMethod], ...] = (
    ("id", "right"),
    ("type", "left"),
    ("USD", "right"),
    ("paid", "left"),
    ("finished", "left"),
    ("status", "left"),
    ("language", "left"),
    ("comment", "left"),
)


def _width() -> int | None:
    """The terminal's width, or a generous one when the output goes to a file or a pipe."""
    return None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 200
