"""Running the daemon: start the HTTP server, the engine and the watchers; stop them cleanly.

`run` is what `gt-watch run` calls (and, in sandbox mode, with the sandbox already started).
SIGTERM and SIGINT stop taking new work, let running steps finish (bounded), and exit 0.
"""

from __future__ import annotations

import logging
import signal
import socket
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import FrameType
from typing import Any

from gt_watch.config.schema import Config, LocalWatch
from gt_watch.model import JobState
from gt_watch.pipeline.intake import parse_file_version
from gt_watch.service.app import build_app
from gt_watch.service.build import Runtime, build, local_watches
from gt_watch.service.http import HttpServer, bind
from gt_watch.watchers import LocalWatcher

log = logging.getLogger("gt_watch.service")
DRAIN_SECONDS = 30.0


def run(
    config: Config,
    token: str,
    *,
    once: bool = False,
    sock: socket.socket | None = None,
    public_url: str | None = None,
) -> int:
    """Run until SIGTERM/SIGINT (or, with `once`, until every file present has settled).
    `sock` is a listening socket already bound for the HTTP server (sandbox mode); by default
    `server.listen` is bound. Return the exit status."""
    sock = sock or bind(config.server.host, config.server.port)
    runtime = build(config, token, public_url=public_url or config.server.public_url)
    watchers: list[LocalWatcher] = []
    http: HttpServer | None = None
    try:
        runtime.engine.startup()
        known = runtime.engine.known_versions()
        watchers = [_watcher(watch, runtime, known) for watch in local_watches(config)]
        http = HttpServer(build_app(runtime, lambda: _health(runtime, watchers, http)), sock)
        http.start()
        for watcher in watchers:
            watcher.start()
        log.info(
            "watching %d folder(s); callbacks and media at %s",
            len(watchers),
            runtime.settings.public_url or http.url,
        )
        stop = _stop_on_signals(runtime.engine.wake)
        if once:
            _run_once(runtime, watchers, stop)
        else:
            runtime.engine.run(stop)
        return 0
    finally:
        _shutdown(runtime, watchers, http)


def _run_once(runtime: Runtime, watchers: list[LocalWatcher], stop: threading.Event) -> None:
    # The startup scan began after everything present was there: wait for it rather than
    # asking for a second full scan.
    for watcher in watchers:
        watcher.wait_scanned()
    engine = runtime.engine
    while not stop.is_set():
        engine.tick()
        if engine.settled() and not any(watcher.pending() for watcher in watchers):
            return
        engine.wake.wait(timeout=0.5)
        engine.wake.clear()


def _watcher(watch: LocalWatch, runtime: Runtime, known: Mapping[str, str]) -> LocalWatcher:
    root = Path(watch.path)
    return LocalWatcher(
        root,
        recursive=watch.recursive,
        polling=watch.polling,
        quiet_period=watch.quiet_period,
        rescan_interval=watch.rescan_interval,
        sink=runtime.engine.submit,
        known_files=[*_known_files(known, str(root)), *runtime.rules.rules_files(root)],
    )


def _known_files(known: Mapping[str, str], root: str) -> Iterator[tuple[str, int, int]]:
    """(path, size, mtime_ns) of every known file under `root`, so a restart hands on only
    what is new or changed."""
    prefix = root.rstrip("/") + "/"  # is_under, once for 100,000 files
    for source, version in known.items():
        if source.startswith(prefix):
            signature = parse_file_version(version)
            if signature is not None:
                yield source, signature[0], signature[1]


def _health(
    runtime: Runtime, watchers: list[LocalWatcher], http: HttpServer | None
) -> Mapping[str, Any]:
    dead = [str(watcher.root) for watcher in watchers if not watcher.alive()]
    with runtime.open_store() as store:
        attention = len(store.jobs.in_states({JobState.NEEDS_ATTENTION}))
    return {
        "ok": not dead and (http is None or http.alive()),
        "watches": len(watchers),
        "dead_watchers": dead,
        "needs_attention": attention,
        "last_error": runtime.engine.last_error,
    }


def _stop_on_signals(wake: threading.Event) -> threading.Event:
    """An event set by SIGTERM or SIGINT (which also wake the engine to notice it)."""
    stop = threading.Event()

    def handle(number: int, frame: FrameType | None) -> None:
        log.info("received %s: finishing running work, then stopping", signal.Signals(number).name)
        stop.set()
        wake.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, handle)
        signal.signal(signal.SIGINT, handle)
    return stop


def _shutdown(runtime: Runtime, watchers: list[LocalWatcher], http: HttpServer | None) -> None:
    for watcher in watchers:
        watcher.stop()
    if not runtime.engine.shutdown(timeout=DRAIN_SECONDS):
        log.warning(
            "some steps were still running after %.0f s; they resume at next start", DRAIN_SECONDS
        )
    if http is not None:
        http.stop()
    runtime.close()
