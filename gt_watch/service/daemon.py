"""Running the daemon: start the HTTP server, the engine and the watchers, tell systemd the
truth about them, reload on SIGHUP, and stop cleanly.

`run` is what `gt-watch run` calls (and, in sandbox mode, with the sandbox already started).
Startup: the database is opened and in-doubt orders reconciled, the HTTP server listens, the
watchers run, and only then READY=1. SIGTERM and SIGINT: STOPPING=1, no new work, running
steps finish (bounded by DRAIN_SECONDS), exit 0. A part that dies (an observer thread, the
HTTP server) stops the watchdog pings and, after a bounded time, ends the process with
EXIT_UNHEALTHY so that systemd restarts it.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import json
import logging
import os
import socket
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gt_watch.config.schema import Config, LocalWatch
from gt_watch.model import JobState
from gt_watch.pipeline.engine import ACTIVE
from gt_watch.pipeline.intake import file_version
from gt_watch.redact import register_secret
from gt_watch.service import testhooks
from gt_watch.service.app import ThreadStores, build_app
from gt_watch.service.bucket_watchers import BucketWatchers, bucket_watchers
from gt_watch.service.build import Runtime, build, local_watches
from gt_watch.service.http import HttpServer, bind
from gt_watch.service.liveness import Heartbeat, Liveness, Watched
from gt_watch.service.metrics import ErrorCounter, Metrics
from gt_watch.service.notify import Notifier
from gt_watch.service.progress import upload_progress
from gt_watch.service.reload import ConfigLoader, reload
from gt_watch.service.signals import EXIT_UNHEALTHY, Control
from gt_watch.service.supervisor import Supervisor
from gt_watch.store.tallies import Tallies
from gt_watch.watchers import LocalWatcher
from gt_watch.watchers.emitted import ConsumerHas

log = logging.getLogger("gt_watch.service")
DRAIN_SECONDS = 30.0


def run(
    config: Config,
    token: str,
    *,
    once: bool = False,
    sock: socket.socket | None = None,
    public_url: str | None = None,
    load_config: ConfigLoader | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Run until SIGTERM/SIGINT (or, with `once`, until every file present has settled).
    `sock` is a listening socket already bound for the HTTP server (sandbox mode); by default
    `server.listen` is bound. `load_config` re-reads config.yaml on SIGHUP (None: only the
    rules files are re-read). Return the exit status."""
    register_secret(token)
    environ = os.environ if environ is None else environ
    sock = sock or bind(config.server.host, config.server.port)
    runtime = build(
        config,
        token,
        public_url=public_url or config.server.public_url,
        uploads=upload_progress(sys.stderr),
    )
    # What exists now (modules, clients, the rules) lives as long as the process: out of
    # the cyclic collector's sight, it is not walked again by every full collection, the
    # first of which loading 100,000 known files triggers at once.
    gc.freeze()
    daemon = Daemon(runtime, Notifier.from_environ(environ), load_config)
    try:
        daemon.start(sock, environ)
        daemon.loop(once=once)
    finally:
        drained = daemon.stop()
    if not drained:
        # Worker threads still busy (a long upload) would hold the interpreter's exit;
        # everything they do is safe to cut off (the next start resumes it).
        logging.shutdown()
        os._exit(daemon.control.exit_status)
    return daemon.control.exit_status


class Daemon:
    """The running parts of one `gt-watch run` and their lifecycle."""

    def __init__(
        self, runtime: Runtime, notifier: Notifier, load_config: ConfigLoader | None
    ) -> None:
        self.runtime = runtime
        self.notifier = notifier
        self.load_config = load_config
        self.control = Control(runtime.engine.wake)
        self.control.install()  # first thing: a SIGHUP during startup must not kill us
        self.heartbeat = Heartbeat()
        self.watchers: list[LocalWatcher] = []
        self.buckets = BucketWatchers()
        # Every watcher, local and S3, whose threads must live (liveness watches the list).
        self.watched: list[Watched] = []
        self.stores = ThreadStores(runtime.config.state.database)
        self.metrics = Metrics(
            self.stores, lambda: self.watchers, self.heartbeat, lambda: runtime.engine.progress
        )
        self.errors = ErrorCounter(self.metrics.errors)
        logging.getLogger("gt_watch").addHandler(self.errors)
        self.http: HttpServer | None = None
        self.liveness = Liveness(
            self.heartbeat, self.watched, None, stall_after=Supervisor.stall_after(notifier)
        )
        self.supervisor = Supervisor(notifier, self.liveness, self.summary)

    def start(self, sock: socket.socket, environ: Mapping[str, str]) -> None:
        """Open the database and settle what a crash left, then serve HTTP, then watch;
        READY=1 once all of it runs."""
        runtime = self.runtime
        runtime.engine.startup()
        self._notice_rules_changed_while_stopped()
        known = runtime.engine.known_versions()
        sidecars = runtime.engine.context().store.sidecars
        self.watchers.extend(
            _watcher(watch, runtime, known, sidecars.signatures_under(str(watch.path)))
            for watch in local_watches(runtime.config)
        )
        self.watched.extend(self.watchers)
        self.buckets = bucket_watchers(runtime)
        self.watched.extend(self.buckets.all())
        if runtime.storage_http is not None:
            runtime.storage_http.event_hooks["response"].append(self.metrics.count_upload)
        app = build_app(runtime, self.stores, self.health, self.metrics)
        self.http = HttpServer(app, sock)
        self.liveness.server = self.http
        self.http.start()
        for watcher in self.watchers:
            watcher.start()
        self.buckets.start()
        testhooks.install(self.watchers, environ)
        for problem in runtime.rules.problems():
            log.error("rules problem (folder disabled until fixed): %s", problem)
        log.info(
            "watching %d folder(s) and %d bucket prefix(es); callbacks and media at %s",
            len(self.watchers),
            len(self.buckets.listers),
            runtime.settings.public_url or self.http.url,
        )
        self.heartbeat.beat()
        self.supervisor.ready()

    def _notice_rules_changed_while_stopped(self) -> None:
        """A watch whose rules files differ from those of the last run (a folder switched
        to live, an order added while gt-watch was stopped) has its known files planned
        again, as if the change had been seen; unchanged watches cost nothing, and so does a
        watch seen for the first time (nothing to compare with: its files are planned as
        they are taken in). The rules in force were read at start: reading them again here
        could catch a rules file half written and keep that."""
        runtime = self.runtime
        store = runtime.engine.context().store  # this thread's, as the engine's steps use
        for watch in local_watches(runtime.config):
            root = Path(watch.path)
            files = sorted(runtime.rules.rules_files(root))
            signature = hashlib.sha256(json.dumps(files).encode()).hexdigest()
            key = f"rules-files:{root}"
            last = store.meta.get(key)
            if last != signature:
                if last is not None:
                    runtime.engine.replan_under(str(root))
                store.meta.set(key, signature)

    def loop(self, *, once: bool) -> None:
        """The main loop: a pass at least every second (the heartbeat), until stopped."""
        engine = self.runtime.engine
        if once:
            # The startup scan began after everything present was there: wait for it rather
            # than asking for a second full scan.
            for watcher in self.watchers:
                watcher.wait_scanned()
        while not self.control.stop.is_set():
            engine.tick()
            self.heartbeat.beat()
            if self.control.take_reload():
                self.reload()
            if not self.supervisor.check():
                self.control.fail(EXIT_UNHEALTHY)
                return
            if once and self._everything_settled():
                self._report_unlisted()
                return
            engine.wake.wait(timeout=self.supervisor.wait_time())
            engine.wake.clear()

    def _everything_settled(self) -> bool:
        """--once: every folder scanned and every bucket prefix listed once, every file
        settled, every job settled."""
        listed = all(lister.full_passes() >= 1 for lister in self.buckets.listers)
        return (
            listed
            and self.runtime.engine.settled()
            and not any(watcher.pending() for watcher in self.watchers)
        )

    def _report_unlisted(self) -> None:
        """--once exits 1 when a bucket could not be listed, after saying why."""
        problems = self.buckets.problems()
        for problem in problems:
            log.error("not everything was listed: %s", problem)
        if problems:
            self.control.fail(1)

    def reload(self) -> None:
        """SIGHUP: re-read config.yaml and the rules files (see `service.reload`)."""
        log.info("received SIGHUP: reloading config.yaml and the rules files")
        self.notifier.reloading()
        kept_out = reload(self.runtime, self.load_config)
        if kept_out:
            log.warning("reload done; kept out as invalid: %s", "; ".join(kept_out))
        else:
            log.info("reload done")
        self.supervisor.ready()

    def stop(self) -> bool:
        """STOPPING=1, then stop watching, let running steps finish (bounded), stop serving
        and close everything. Return whether every running step finished."""
        self.notifier.stopping("stopping: finishing running work")
        for watcher in self.watchers:
            watcher.stop()
        self.buckets.stop()
        drained = self.runtime.engine.shutdown(timeout=DRAIN_SECONDS)
        if not drained:
            log.warning(
                "some steps were still running after %.0f s; they resume at next start",
                DRAIN_SECONDS,
            )
        if self.http is not None:
            self.http.stop()
        self.runtime.close()
        logging.getLogger("gt_watch").removeHandler(self.errors)
        self.control.restore()
        self.notifier.close()
        return drained

    def summary(self) -> str:
        """The one-line STATUS=: watches, jobs in progress, attention needed, last error."""
        counts = Tallies(self.runtime.engine.context().store.database).jobs_by_state()
        active = sum(count for state, count in counts.items() if state in ACTIVE)
        attention = counts[JobState.NEEDS_ATTENTION]
        watching = f"watching {len(self.watchers)} folder(s)"
        if self.buckets.listers:
            watching += f" and {len(self.buckets.listers)} bucket prefix(es)"
        parts = [
            watching,
            f"{active} job(s) in progress",
            f"{attention} need(s) attention",
        ]
        if self.runtime.engine.last_error:
            parts.append(f"last error: {self.runtime.engine.last_error}")
        return "; ".join(parts)

    def health(self) -> Mapping[str, Any]:
        """The report of /healthz (ok is false while any part is broken)."""
        problems = self.liveness.problems()
        counts = Tallies(self.stores().database).jobs_by_state()
        return {
            "ok": not problems,
            "problems": problems,
            "watches": len(self.watchers) + len(self.buckets.listers),
            "dead_watchers": self.liveness.dead_watchers(),
            "jobs_in_progress": sum(count for state, count in counts.items() if state in ACTIVE),
            "needs_attention": counts[JobState.NEEDS_ATTENTION],
            "last_error": self.runtime.engine.last_error,
            "main_loop_age": round(self.heartbeat.age(), 3),
        }


def _watcher(
    watch: LocalWatch,
    runtime: Runtime,
    known: Mapping[str, str],
    sidecars: list[tuple[str, int, int]],
) -> LocalWatcher:
    """The watcher of a local folder, told what is there already so that a restart hands on
    only what is new or changed: the files the engine knows (`known`, asked, not copied),
    gt-watch's own sidecars as it wrote them (`sidecars`), and the rules files as they were
    read."""
    root = Path(watch.path)
    return LocalWatcher(
        root,
        recursive=watch.recursive,
        polling=watch.polling,
        quiet_period=watch.quiet_period,
        rescan_interval=watch.rescan_interval,
        sink=runtime.engine.submit,
        known_files=itertools.chain(sidecars, runtime.rules.rules_files(root)),
        consumer_has=_taken_in(known),
    )


def _taken_in(known: Mapping[str, str]) -> ConsumerHas:
    """Whether the engine has taken a file in at this size and mtime (it would drop it if
    handed on). One lookup in the engine's own map, which is safe from a watcher's thread,
    instead of a copy of 100,000 entries in each watcher."""
    get = known.get

    def taken_in(path: str, size: int, mtime_ns: int) -> bool:
        return get(path) == file_version(size, mtime_ns)

    return taken_in
