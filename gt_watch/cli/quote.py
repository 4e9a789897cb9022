"""`gt-watch quote FILE...`: the test-mode price of what each file's folder rules would
order. Argument parsing and output only; the quoting lives in `pipeline.quote`."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich import box
from rich.console import Console
from rich.table import Table

from gt_watch.cli.options import config_option, refuse_both, sandbox_folder_option
from gt_watch.redact import redact

if TYPE_CHECKING:
    from gt_watch.pipeline.quote import FileQuote, Quoting


@click.command("quote", short_help="Price what the rules would order for FILEs (test mode).")
@config_option
@sandbox_folder_option(
    "Price against the offline sandbox of DIR instead, with DIR's rules (the sandbox of a "
    "running `gt-watch run --sandbox DIR`, or a temporary one)."
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file, for scripts.")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def quote_command(
    config_file: Path | None, sandbox_dir: Path | None, as_json: bool, files: tuple[Path, ...]
) -> int:
    """Show what each FILE would cost: every order its folder's rules ask for (and every
    order chained after one), priced by GoTranscript in test mode.

    Nothing is ordered or paid and no job is created; `gt-watch run` does the ordering.
    The media must be reachable by URL for the price to be measured: with S3 storage it is
    uploaded (and not uploaded again when it is ordered), with built-in storage it is served
    by the running daemon or, if none runs, by quote itself on server.listen.

    Exits with status 0 when every order of every file got a price, 1 when any did not
    (the output says why: no rule matches, an empty or non-media file, ...).
    """
    from gt_watch.pipeline.quote import quote_file

    refuse_both(config_file, sandbox_dir)
    with _quoting(config_file, sandbox_dir) as quoting:
        quotes = []
        for path in files:
            quote = quote_file(quoting, _source(path, sandbox_dir is not None))
            quotes.append(quote)
            if as_json:
                click.echo(redact(json.dumps(quote_record(quote), ensure_ascii=False)))
            else:
                _print_quote(path, quote)
    if not as_json:
        click.echo(grand_total(quotes))
    return 0 if all(quote.complete for quote in quotes) else 1


@contextmanager
def _quoting(config_file: Path | None, sandbox_dir: Path | None) -> Iterator[Quoting]:
    from gt_watch.service.progress import upload_progress
    from gt_watch.service.quoting import config_quoting, sandbox_quoting

    uploads = upload_progress(sys.stderr)
    if sandbox_dir is not None:
        with sandbox_quoting(sandbox_dir, uploads) as quoting:
            yield quoting
        return
    from gt_watch.config.loader import load_config
    from gt_watch.config.paths import config_path
    from gt_watch.config.token import load_token

    config = load_config(config_path(config_file, os.environ))
    with config_quoting(config, load_token(config), uploads) as quoting:
        yield quoting


def _source(path: Path, in_sandbox: bool) -> str:
    """The source string of a FILE argument. A sandbox folder's path is resolved (so is its
    watch); config watches are compared as written, so only made absolute there."""
    path = path.expanduser()
    return str(path.resolve() if in_sandbox else path.absolute())


def quote_record(quote: FileQuote) -> dict[str, Any]:
    """Given a file's quote, return what `--json` prints for it."""
    return {
        "file": quote.source,
        "duration": quote.duration,
        "problem": quote.problem,
        "total": quote.total,
        "complete": quote.complete,
        "orders": [
            {
                "rule": order.rule_name,
                "kind": order.kind.name.lower(),
                "language": order.language,
                "mode": order.mode.value,
                "depth": order.depth,
                "seconds": order.seconds,
                "price": order.price,
                "note": order.note,
            }
            for order in quote.orders
        ],
    }


def _print_quote(path: Path, quote: FileQuote) -> None:
    if quote.problem is not None:
        click.echo(redact(f"{path}: not priced: {quote.problem}"))
        return
    length = f"{quote.duration:.1f} s" if quote.duration is not None else "length unknown"
    click.echo(f"{path} ({length}): {quote.total:.2f} USD")
    with_notes = any(order.note for order in quote.orders)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for heading in ("order", "kind", "language", "seconds", "USD", "mode", "note"):
        if heading == "note" and not with_notes:
            continue
        right = heading in ("seconds", "USD")
        table.add_column(heading, justify="right" if right else "left", no_wrap=heading != "note")
    names_by_depth: dict[int, str] = {}
    for order in quote.orders:
        names_by_depth[order.depth] = order.rule_name
        cells = [
            _shown_name(order.rule_name, order.depth, names_by_depth),
            order.kind.name.lower(),
            order.language or "-",
            str(order.seconds) if order.seconds is not None else "-",
            f"{order.price:.2f}" if order.price is not None else "-",
            order.mode.value,
        ]
        table.add_row(*cells, *([redact(order.note or "")] if with_notes else []))
    width = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 160
    Console(file=sys.stdout, width=width).print(table, "")


def _shown_name(name: str, depth: int, names_by_depth: dict[int, str]) -> str:
    """A chained order's name without its parent's (`proofreading-english`, not
    `ai-transcription-english.proofreading-english`), indented under it."""
    if depth == 0:
        return name
    return "  " * depth + "then " + name.removeprefix(names_by_depth[depth - 1] + ".")


def grand_total(quotes: Sequence[FileQuote]) -> str:
    """The last line: the sum over every priced file, and what was (not) done."""
    priced = [quote for quote in quotes if quote.problem is None]
    total = sum(quote.total for quote in priced)
    plural = "" if len(quotes) == 1 else "s"
    files = f"{len(quotes)} file{plural}"
    if len(priced) < len(quotes):
        files = f"{len(priced)} of {files}"
    unpriced = sum(order.price is None for quote in priced for order in quote.orders)
    missing = f", without {unpriced} order(s) that could not be priced" if unpriced else ""
    return f"total: {total:.2f} USD for {files}{missing} (test mode: nothing was ordered or paid)"
