"""`gt-watch retry JOB`: a person's decision to re-queue a stopped job."""

from __future__ import annotations

from pathlib import Path

import click

from gt_watch.cli.options import config_option, refuse_both, sandbox_option
from gt_watch.cli.status import state_database


@click.command("retry", short_help="Re-queue a stopped job once you have decided.")
@config_option
@sandbox_option
@click.argument("job_id", metavar="JOB")
@click.option(
    "--order",
    "order_id",
    type=int,
    default=None,
    metavar="ID",
    help="Bind the job to this existing order (found in the GoTranscript dashboard) instead "
    "of placing a new one.",
)
def retry_command(
    config_file: Path | None, sandbox_dir: Path | None, job_id: str, order_id: int | None
) -> None:
    """Re-queue JOB after you decided what should happen (see `gt-watch status`).

    A job in needs_attention goes back to where it stopped: sidecars are written again, an
    order is checked again, or, if no order was placed, it is placed. A failed, refunded or
    quoted job is ordered again (a live order is paid again). The running daemon picks the
    job up within seconds.
    """
    from gt_watch.pipeline.retry import retry
    from gt_watch.store import Store

    refuse_both(config_file, sandbox_dir)
    with Store.open(state_database(config_file, sandbox_dir)) as store:
        click.echo(retry(store, job_id, order_id=order_id))
