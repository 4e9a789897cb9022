"""How long from a file's close to its job being `staged`, through the real daemon, next to
raw inotify delivery of the same closes, in the same run.

Starts `gt-watch sandbox` and `gt-watch run --config ...` as separate processes (the daemon
watches one folder, quiet period 1 s by default, rules: English captions in test mode), and
an S3 endpoint (`moto_server`) when S3 storage is measured. Then writes N distinct WAV files
(tests/support/media.write_wav, 30 s mono 16 kHz: 938 KiB each) into the folder one after the
other, and records when each close returned. Meanwhile a bare watchdog InotifyObserver in
this process records when each close-write event arrives (the baseline: no quiet period).

The daemon takes each file through LocalWatcher -> Engine.submit -> intake (hash, media check,
rules, job) -> stage (built-in signed URL, or an upload to S3) -> `staged`, and then goes on
to ask the sandbox for a quote. Its state database says when each step happened: the job's
history rows, written in the same transaction as each transition (the clocks agree: one
machine). Printed per storage: p50/p99/max of close -> raw event, close -> file recorded
(intake began), close -> job planned, close -> staged, and staged -> the next step (placing
the quote), which shows whether any step waits for a polling interval instead of being woken.
The target (issue 3): p99 of close -> staged within the quiet period + 100 ms, for the
default, cheap stager (built-in).

    python bench/staging_latency.py [--files 200] [--interval 0.25] [--quiet-period 1]
                                    [--storage builtin|s3|both] [--seconds 30]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from watchdog.events import FileClosedEvent, FileSystemEvent, FileSystemEventHandler  # noqa: E402
from watchdog.observers.inotify import InotifyObserver  # noqa: E402

from tests.support.media import write_wav  # noqa: E402
from tests.support.net import free_port, wait_for_port  # noqa: E402
from tests.support.processes import child_env, gt_watch_argv  # noqa: E402
from tests.support.servers import moto_server  # noqa: E402

TOKEN = "bench-staging-token"
BUCKET = "bench-staging"
RULES = """\
mode: test
orders:
  - name: english-captions
    kind: captions
    language: english
    outputs: [srt]
"""
WAV_HEADER = 44  # bytes before the samples in write_wav's files


# -- the processes -------------------------------------------------------------------------


@contextlib.contextmanager
def sandbox() -> Iterator[str]:
    """A `gt-watch sandbox` process; yield its API base URL."""
    port = free_port()
    argv = gt_watch_argv("sandbox", "--port", str(port), "--token", TOKEN, "--delay", "3600")
    with _process(argv, child_env()) as _:
        wait_for_port(port, timeout=30)
        yield f"http://127.0.0.1:{port}/api/v4"


@contextlib.contextmanager
def daemon(config: Path, env: dict[str, str]) -> Iterator[None]:
    """A `gt-watch run` process; return once its startup scan is taken in."""
    argv = gt_watch_argv("--log-level", "info", "run", "--config", str(config))
    with _process(argv, env, stderr=subprocess.PIPE) as process:
        scanned = threading.Event()
        threading.Thread(target=_read_log, args=(process, scanned), daemon=True).start()
        if not scanned.wait(60):
            raise SystemExit("the daemon did not finish its startup scan within 60 s")
        yield


def _read_log(process: subprocess.Popen[str], scanned: threading.Event) -> None:
    assert process.stderr is not None
    for line in process.stderr:
        if "scanned " in line:
            scanned.set()
        elif " ERROR " in line or "Traceback" in line:
            print(f"  daemon: {line.rstrip()}", file=sys.stderr)


@contextlib.contextmanager
def _process(
    argv: list[str], env: dict[str, str], stderr: int = subprocess.DEVNULL
) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=stderr, text=True)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# -- the run ---------------------------------------------------------------------------------


class RawCloses(FileSystemEventHandler):
    """The baseline: when a bare inotify observer reports each close-write."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}

    def dispatch(self, event: FileSystemEvent) -> None:
        if isinstance(event, FileClosedEvent):
            self.times.setdefault(os.fsdecode(event.src_path), time.time())


def media_payloads(count: int, seconds: float, scratch: Path) -> list[bytes]:
    """`count` distinct WAVs: one written by write_wav, each with its own first samples."""
    base = write_wav(scratch / "base.wav", seconds, seed=11, rate=16000).read_bytes()
    return [
        base[:WAV_HEADER] + index.to_bytes(4, "little") + base[WAV_HEADER + 4 :]
        for index in range(count)
    ]


def write_config(
    path: Path, watched: Path, api_url: str, storage: dict[str, Any], quiet: float
) -> None:
    port = free_port()
    config = {
        "api": {"base_url": api_url, "token_env": "GT_BENCH_TOKEN", "poll_interval": 3600},
        "mode": "test",
        "state": {"database": str(path.parent / "state" / "state.db")},
        "storage": storage,
        "server": {"listen": f"127.0.0.1:{port}", "public_url": f"http://127.0.0.1:{port}"},
        "watches": [{"path": str(watched), "quiet_period": quiet}],
    }
    path.write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML


def drop_files(folder: Path, payloads: list[bytes], interval: float) -> dict[str, float]:
    """Write each payload as a new file; return when each close returned (wall clock)."""
    closed: dict[str, float] = {}
    for index, payload in enumerate(payloads):
        path = folder / f"take {index:04d}.wav"
        with path.open("wb") as output:
            output.write(payload)
        closed[str(path)] = time.time()
        if interval:
            time.sleep(interval)
    return closed


def job_times(database: Path) -> dict[str, dict[str, float]]:
    """{source: {state: first time the job of that file reached it}} from the history."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "SELECT f.source, h.state, min(h.at) FROM files f"
            " JOIN jobs j ON j.origin_file_id = f.id JOIN history h ON h.job_id = j.id"
            " GROUP BY f.source, h.state"
            " UNION ALL SELECT source, 'recorded', first_seen FROM files"
        ).fetchall()
    except sqlite3.OperationalError:
        return {}  # not created yet
    finally:
        connection.close()
    times: dict[str, dict[str, float]] = {}
    for source, state, at in rows:
        times.setdefault(source, {})[state] = datetime.fromisoformat(at).timestamp()
    return times


def wait_staged(database: Path, sources: set[str], timeout: float) -> dict[str, dict[str, float]]:
    deadline = time.monotonic() + timeout
    while True:
        times = job_times(database)
        done = {source for source in sources if "staged" in times.get(source, {})}
        if done == sources or time.monotonic() > deadline:
            if done != sources:
                print(f"  only {len(done)} of {len(sources)} jobs staged within {timeout:.0f} s")
            return times
        time.sleep(0.5)


def measure(
    label: str, storage: dict[str, Any], env: dict[str, str], api_url: str, args: argparse.Namespace
) -> bool:
    with tempfile.TemporaryDirectory(prefix="gt-watch-bench-", dir=args.dir) as scratch:
        base = Path(scratch)
        watched = base / "media"
        watched.mkdir()
        (watched / ".gt-watch.yaml").write_text(RULES, encoding="utf-8")
        payloads = media_payloads(args.files, args.seconds, base)
        config = base / "config.yaml"
        write_config(config, watched, api_url, storage, args.quiet_period)
        raw = RawCloses()
        observer = InotifyObserver()
        observer.schedule(raw, str(watched), recursive=True)
        observer.start()
        try:
            with daemon(config, env), CommitProbe(base) as probe:
                closed = drop_files(watched, payloads, args.interval)
                probe.stop()
                times = wait_staged(base / "state" / "state.db", set(closed), 120 + args.files)
        finally:
            observer.stop()
            observer.join()
    p50, p99, worst = percentiles(probe.timings)
    print(
        f"{label}: a durable SQLite commit on the same disk while the files were written:"
        f" p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {worst:.0f} ms"
    )
    return report(label, closed, raw.times, times, args)


def percentiles(values: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[98], max(values)


def report(
    label: str,
    closed: dict[str, float],
    raw: dict[str, float],
    jobs: dict[str, dict[str, float]],
    args: argparse.Namespace,
) -> bool:
    def after(start: dict[str, float], end: str) -> list[float]:
        return [
            1000 * (jobs[source][end] - start[source])
            for source in closed
            if end in jobs.get(source, {}) and source in start
        ]

    staged_at = {
        source: jobs[source]["staged"] for source in closed if "staged" in jobs.get(source, {})
    }
    next_step = [
        1000
        * (min(t for state, t in jobs[source].items() if t > staged_at[source]) - staged_at[source])
        for source in staged_at
        if any(t > staged_at[source] for t in jobs[source].values())
    ]
    rows = [
        ("raw inotify close-write", [1000 * (raw[s] - t) for s, t in closed.items() if s in raw]),
        ("file recorded (intake began)", after(closed, "recorded")),
        ("job planned (stable)", after(closed, "stable")),
        ("job staged", after(closed, "staged")),
        ("staged -> next step", next_step),
    ]
    print(
        f"{label}: {len(closed)} WAVs of {args.seconds:g} s, {args.interval * 1000:.0f} ms apart,"
        f" quiet period {args.quiet_period:g} s"
    )
    print("  close -> ...                     n    p50 ms    p99 ms    max ms")
    for name, values in rows:
        if len(values) >= 2:
            p50, p99, worst = percentiles(values)
            print(f"  {name:<30} {len(values):4d}  {p50:8.1f}  {p99:8.1f}  {worst:8.1f}")
    slowest = sorted(staged_at, key=lambda source: staged_at[source] - closed[source])[-3:]
    for source in reversed(slowest):
        marks = sorted((t, state) for state, t in jobs[source].items() if t <= staged_at[source])
        steps = ", ".join(f"{state} {1000 * (t - closed[source]):.0f}" for t, state in marks)
        print(f"  slow: {Path(source).name}: {steps} ms after its close")
    staged = rows[3][1]
    target = 1000 * args.quiet_period + 100
    met = len(staged) == len(closed) and percentiles(staged)[1] <= target
    print(f"  target p99 close -> staged <= {target:.0f} ms: {'meets' if met else 'MISSES'}")
    return met


class CommitProbe:
    """A thread that times a durable commit (WAL, synchronous=FULL, as the state database
    makes them) every 50 ms until stopped: what each commit of intake waits meanwhile."""

    def __init__(self, folder: Path) -> None:
        self.timings: list[float] = []
        self._folder = folder
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> CommitProbe:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        connection = sqlite3.connect(self._folder / "probe.db", isolation_level=None)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("CREATE TABLE t (x INTEGER)")
        while not self._stop.wait(0.05):
            started = time.perf_counter()
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("INSERT INTO t VALUES (1)")
            connection.execute("COMMIT")
            self.timings.append(1000 * (time.perf_counter() - started))
        connection.close()


def commit_latency(folder: Path, commits: int = 50) -> tuple[float, float]:
    """p50 and p99 ms of one committed write in a WAL database with synchronous=FULL, as the
    state database commits (a history time is taken just before its commit)."""
    connection = sqlite3.connect(folder / "fsync.db", isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("CREATE TABLE t (x INTEGER)")
    timings = []
    for number in range(commits):
        started = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO t VALUES (?)", (number,))
        connection.execute("COMMIT")
        timings.append(1000 * (time.perf_counter() - started))
    connection.close()
    p50, p99, _ = percentiles(timings)
    return p50, p99


def s3_storage(endpoint: str) -> dict[str, Any]:
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="bench",
        aws_secret_access_key="bench",
    )
    client.create_bucket(Bucket=BUCKET)
    return {
        "type": "s3",
        "bucket": BUCKET,
        "endpoint_url": endpoint,
        "region": "us-east-1",
        "path_style": True,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--interval", type=float, default=0.25, help="seconds between files")
    parser.add_argument("--quiet-period", type=float, default=1.0)
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each WAV")
    parser.add_argument("--storage", choices=["builtin", "s3", "both"], default="builtin")
    parser.add_argument("--dir", type=Path, default=None, help="where to make the folders")
    args = parser.parse_args()
    env = child_env(GT_BENCH_TOKEN=TOKEN, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench")
    with tempfile.TemporaryDirectory(prefix="gt-watch-bench-", dir=args.dir) as scratch:
        p50, p99 = commit_latency(Path(scratch))
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average"
        f" {os.getloadavg()[0]:.1f}; a durable SQLite commit here: p50 {p50:.1f} ms,"
        f" p99 {p99:.1f} ms (history times are taken just before their commit)"
    )
    met = True
    with sandbox() as api_url:
        if args.storage in ("builtin", "both"):
            met &= measure("built-in signed URLs", {"type": "builtin"}, env, api_url, args)
        if args.storage in ("s3", "both"):
            with moto_server() as endpoint:
                s3_met = measure(
                    "S3 upload (moto_server)", s3_storage(endpoint), env, api_url, args
                )
            if args.storage == "s3":
                met = s3_met
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
