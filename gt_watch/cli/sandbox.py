"""`gt-watch sandbox`: serve the built-in GoTranscript sandbox in the foreground. Argument
parsing and the one line of output only; the sandbox itself lives in gt_watch.sandbox.
"""

from __future__ import annotations

from pathlib import Path

import click

from gt_watch.sandbox.server import API_PATH, bind, make_server, root_url
from gt_watch.sandbox.settings import DEFAULT_TOKEN, TRANSCRIPT_SHAPES, SandboxSettings


@click.command("sandbox", short_help="Serve the offline GoTranscript API emulator.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Keep 127.0.0.1 unless other machines must reach it.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="TCP port to listen on (0: any free port).",
)
@click.option(
    "--token",
    default=DEFAULT_TOKEN,
    show_default=True,
    envvar="GT_WATCH_SANDBOX_TOKEN",
    help="The api_token the sandbox accepts (also env GT_WATCH_SANDBOX_TOKEN).",
)
@click.option(
    "--wallet",
    "wallet_usd",
    type=click.FloatRange(min=0),
    default=1000.0,
    show_default=True,
    help="Money in the wallet at the start, in USD.",
)
@click.option(
    "--ai-minutes",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="AI transcription subscription minutes (used before the wallet).",
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=5.0,
    show_default=True,
    help="Seconds until a live order is finished and its callback is sent.",
)
@click.option(
    "--speed",
    type=click.FloatRange(min=0, min_open=True),
    default=1.0,
    show_default=True,
    help="Divide the waits between callback retries (5-60 s at 1) by this.",
)
@click.option(
    "--state",
    "state_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite file keeping orders, wallet and pending callbacks across restarts.",
)
@click.option(
    "--public-url", help="Address written into result URLs, if clients reach the sandbox elsewhere."
)
@click.option(
    "--page-size",
    type=click.IntRange(1, 1000),
    default=20,
    show_default=True,
    help="Orders per page of GET /orders.",
)
@click.option(
    "--error-rate",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Share of API requests answered with HTTP 503 (fault testing).",
)
@click.option(
    "--latency",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    help="Seconds added to every API request.",
)
@click.option(
    "--transcript-shape",
    type=click.Choice(TRANSCRIPT_SHAPES),
    default="segments",
    show_default=True,
    help="Shape of transcript JSON (format=json).",
)
@click.option(
    "--omit-status",
    is_flag=True,
    help="Leave the undocumented 'status' field out of order objects.",
)
@click.option("--drop-callbacks", is_flag=True, help="Never send callbacks.")
@click.option("--duplicate-callbacks", is_flag=True, help="Send every callback twice.")
def sandbox(host: str, port: int, public_url: str | None, **options: object) -> None:
    """Serve a local GoTranscript API emulator at http://HOST:PORT/api/v4.

    It validates requests like the real API, downloads and measures the media you point it
    at, charges a pretend wallet, finishes live orders after --delay seconds, POSTs the
    documented callbacks and serves transcripts, captions and alignment files. Knobs can be
    changed while it runs through the admin API under /sandbox/ (Bearer token). Ctrl+C stops it.

    For developing against the API. To try gt-watch itself offline, `gt-watch run --sandbox
    DIR` is simpler: it starts a sandbox of its own.
    """
    settings = SandboxSettings(public_url=public_url, **options)  # type: ignore[arg-type]
    sock = bind(host, port)
    try:
        address = public_url or root_url(host, sock)
        server = make_server(settings, sock, address)
        click.echo(
            f"GoTranscript sandbox listening on {address}{API_PATH} "
            f"(wallet {settings.wallet_usd:.2f} USD, live orders finish after "
            f"{settings.delay:g} s); press Ctrl+C to stop",
        )
        server.run(sockets=[sock])
    finally:
        sock.close()
