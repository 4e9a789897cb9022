"""How long the daemon takes to start over a watch of many files it already knows, next to a
bare os.scandir walk that lstat()s every file, in the same run.

Builds a watch root of N files (default 100,000) in folders of 1,000, with a rules file at
the root and in every tenth folder, and a state database that already knows every file:
each file `ready` with its size and mtime, one job per file (`delivered`), one delivery,
and with `--sidecars N` N sidecar files next to each, recorded with their size and mtime as
delivery records what it wrote.
The database is written through the store's own repositories (the calls intake makes), all
in one transaction, then the jobs and deliveries are set to `delivered` with one UPDATE each
(as if every order had been delivered); `--check` proves the result is what a restart
expects: the measured run hands nothing on and plans nothing.

Then, in rounds, each measurement in a fresh child process (imports done before the clock
starts; file system caches warm):

  bare walk   os.scandir over every folder, lstat of every file, nothing else (baseline)
  gt-watch    `gt-watch run --once` in-process: load config.yaml and the token, then
              service.daemon.run: build (rules discovery), load known files, start the HTTP
              server, the engine and the watcher, the startup scan, and stop once the scan
              is taken in with nothing handed on and nothing planned

and prints the medians, the ratio (target <= 2x) and each child's peak RSS (VmHWM), next to
the RSS of the same child after its imports. `--profile` prints where gt-watch's time goes.

    python bench/startup_known_files.py [--files 100000] [--rounds 5] [--dir DIR]
                                        [--profile] [--sidecars 0]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tree_walk import bare_walk  # noqa: E402

TOKEN_ENV = "GT_BENCH_STARTUP_TOKEN"
ROOT_RULES = """\
mode: test
orders:
  - name: english-captions
    kind: captions
    language: english
    outputs: [srt, vtt, docx, txt]
"""
FOLDER_RULES = """\
orders:
  - name: english-transcript
    kind: transcription
    language: english
    outputs: [docx, txt]
    naming: "{stem}.{rule}.{lang}.{ext}"
"""
CHILD_TIMEOUT = 600  # seconds; a start that hands files on instead takes hours
SIDECAR_SUFFIXES = (".en.srt", ".en.vtt", ".en.docx", ".en.txt")
RULES_FILES_KEY = "rules-files:{root}"  # in `meta`, as the daemon keeps it


# -- building the tree and the state -------------------------------------------------------


def tiny_wav() -> bytes:
    """A valid WAV of 10 ms (a real media file, not an empty one)."""
    path = Path(tempfile.mkstemp(suffix=".wav")[1])
    try:
        with wave.open(str(path), "wb") as output:
            output.setnchannels(1)
            output.setsampwidth(2)
            output.setframerate(8000)
            output.writeframes(b"\x01\x00" * 80)
        return path.read_bytes()
    finally:
        path.unlink()


def build_tree(root: Path, files: int, per_folder: int, sidecars: int) -> list[str]:
    """Write `files` WAVs in folders of `per_folder` (and `sidecars` sidecar files next to
    each); return the media paths."""
    payload = tiny_wav()
    (root / ".gt-watch.yaml").write_text(ROOT_RULES, encoding="utf-8")
    paths: list[str] = []
    for index in range(files):
        folder = root / f"shoot {index // per_folder:04d}"
        if index % per_folder == 0:
            folder.mkdir()
            if (index // per_folder) % 10 == 5:
                (folder / ".gt-watch.yaml").write_text(FOLDER_RULES, encoding="utf-8")
        path = folder / f"clip {index:06d}.wav"
        path.write_bytes(payload)
        for suffix in SIDECAR_SUFFIXES[:sidecars]:
            (folder / f"clip {index:06d}{suffix}").write_bytes(b"sidecar\n")
        paths.append(str(path))
    return paths


def build_state(database: Path, root: Path, media: list[str], sidecars: int) -> None:
    """Record every file as intake would have, in one transaction (see the module's text)."""
    from gt_watch.config.discover import load_rule_book
    from gt_watch.pipeline.intake import file_version
    from gt_watch.pipeline.plan import plan_file
    from gt_watch.store import Store
    from gt_watch.store.rows import DeliveryState, FileState

    book = load_rule_book(root)
    with Store.open(database) as store, store.database.transaction():
        for index, source in enumerate(media):
            info = os.lstat(source)
            version = file_version(info.st_size, info.st_mtime_ns)
            record = store.files.observe(source, str(root), info.st_size, version)
            content_hash = f"{index:064x}"  # distinct content per file, as in real life
            store.files.checked(
                record.id, content_hash=content_hash, duration=0.01, state=FileState.READY
            )
            for planned in plan_file(book.rules_for(source)):
                job, _ = store.jobs.create(
                    content_hash=content_hash,
                    fingerprint=planned.fingerprint,
                    mode=planned.rule.mode,
                    kind=planned.rule.kind,
                    rule_name=planned.rule.name,
                    params=dict(planned.rule.params),
                    origin_file_id=record.id,
                )
                store.deliveries.owe(job.id, record.id, planned.delivery.to_json())
                for suffix in SIDECAR_SUFFIXES[:sidecars]:
                    sidecar = source.removesuffix(".wav") + suffix
                    written = os.lstat(sidecar)  # as delivery records what it wrote
                    store.sidecars.record(
                        sidecar,
                        job_id=job.id,
                        file_id=record.id,
                        sha256="0",
                        signature=(written.st_size, written.st_mtime_ns),
                    )
        store.database.connection.execute("UPDATE jobs SET state = 'delivered'")
        store.database.connection.execute(
            "UPDATE deliveries SET state = ?", (DeliveryState.DELIVERED,)
        )
        store.meta.set(RULES_FILES_KEY.format(root=root), rules_files_signature(root))


def rules_files_signature(root: Path) -> str:
    """What the daemon keeps of a watch's rules files to notice, at its next start, that they
    changed while it was stopped (`Daemon._notice_rules_changed_while_stopped`): as after a
    previous run. If the daemon's recipe changes, the measured run re-plans every file and
    changes the key, which `state_counts` shows and the run stops."""
    import hashlib

    from gt_watch.config.discover import find_rules_files

    found = find_rules_files(root, recursive=True)
    files = sorted((path, *version) for path, version in found.versions.items())
    return hashlib.sha256(json.dumps(files).encode()).hexdigest()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def write_config(path: Path, root: Path, database: Path) -> None:
    port = free_port()
    config = {
        "api": {"base_url": "http://127.0.0.1:9/api/v4", "token_env": TOKEN_ENV},
        "mode": "test",
        "state": {"database": str(database)},
        "storage": {"type": "builtin"},
        "server": {"listen": f"127.0.0.1:{port}", "public_url": f"http://127.0.0.1:{port}"},
        "watches": [{"path": str(root), "recursive": True}],
    }
    path.write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML


# -- the children ----------------------------------------------------------------------------


def peak_rss_kib() -> int:
    status = Path("/proc/self/status").read_text(encoding="ascii")
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    assert match
    return int(match.group(1))


def cpu_seconds() -> float:
    """CPU time of this process so far, all threads, user and system."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child_walk(root: str) -> dict[str, Any]:
    imported = peak_rss_kib()
    cpu, started = cpu_seconds(), time.perf_counter()
    files = bare_walk(root)
    return {
        "seconds": time.perf_counter() - started,
        "cpu": cpu_seconds() - cpu,
        "files": files,
        "rss_imports": imported,
        "rss_peak": peak_rss_kib(),
    }


def child_daemon(config_path: str, profile: bool) -> dict[str, Any]:
    import logging

    import httpcore  # noqa: F401 - httpx imports it on first use; an import, not startup

    from gt_watch.config.loader import load_config
    from gt_watch.config.token import load_token
    from gt_watch.service import daemon

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    imported = peak_rss_kib()
    # The moment `run --once` found everything settled is when it begins to stop.
    settled_at: list[float] = []
    settled_cpu: list[float] = []
    stop = daemon.Daemon.stop

    def timed_stop(self: daemon.Daemon) -> bool:
        settled_at.append(time.perf_counter())
        settled_cpu.append(cpu_seconds())
        return stop(self)

    daemon.Daemon.stop = timed_stop  # type: ignore[method-assign]
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    cpu, started = cpu_seconds(), time.perf_counter()
    config = load_config(Path(config_path))
    status = daemon.run(config, load_token(config), once=True)
    ended = time.perf_counter()
    if profiler is not None:
        import pstats

        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative")
        stats.print_stats(45)
    return {
        "seconds": settled_at[0] - started,
        "cpu": settled_cpu[0] - cpu,
        "with_shutdown": ended - started,
        "status": status,
        "rss_imports": imported,
        "rss_peak": peak_rss_kib(),
    }


def run_child(kind: str, target: Path, profile: bool = False) -> dict[str, Any]:
    argv = [sys.executable, __file__, "--child", kind, "--child-target", str(target)]
    if profile:
        argv.append("--profile")
    env = {**os.environ, TOKEN_ENV: "bench-token-not-used"}
    done = subprocess.run(
        argv, check=True, capture_output=True, text=True, env=env, timeout=CHILD_TIMEOUT
    )
    if profile:
        print(done.stderr)
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


# -- the parent ------------------------------------------------------------------------------


def state_counts(database: Path, under: Path) -> dict[str, int | str]:
    import sqlite3

    connection = sqlite3.connect(database)
    try:
        counts: dict[str, int | str] = {
            "files under the root": connection.execute(
                "SELECT count(*) FROM files WHERE source LIKE ?", (f"{under}/%",)
            ).fetchone()[0],
            "files": connection.execute("SELECT count(*) FROM files").fetchone()[0],
            "files not ready": connection.execute(
                "SELECT count(*) FROM files WHERE state != 'ready'"
            ).fetchone()[0],
            "jobs": connection.execute("SELECT count(*) FROM jobs").fetchone()[0],
            "jobs not delivered": connection.execute(
                "SELECT count(*) FROM jobs WHERE state != 'delivered'"
            ).fetchone()[0],
        }
        signature = connection.execute(
            "SELECT value FROM meta WHERE key = ?", (RULES_FILES_KEY.format(root=under),)
        ).fetchone()
        counts["rules files signature"] = signature[0] if signature else "none"
    finally:
        connection.close()
    return counts


def measure(root: Path, config: Path, rounds: int) -> dict[str, list[dict[str, Any]]]:
    bare_walk(str(root))  # warm the dentry and inode caches for both
    results: dict[str, list[dict[str, Any]]] = {"walk": [], "daemon": []}
    for round_number in range(rounds):
        order = ["walk", "daemon"] if round_number % 2 == 0 else ["daemon", "walk"]
        for kind in order:
            result = run_child(kind, config if kind == "daemon" else root)
            if result.get("status", 0) != 0:
                raise SystemExit(f"gt-watch run --once exited with status {result['status']}")
            results[kind].append(result)
            print(
                f"  round {round_number + 1} {kind:7} {result['seconds'] * 1000:7.0f} ms"
                f" (cpu {result['cpu'] * 1000:5.0f} ms)"
                f"  peak RSS {result['rss_peak'] / 1024:5.0f} MiB"
                f" (after imports {result['rss_imports'] / 1024:.0f} MiB)",
                flush=True,
            )
    return results


def report(results: dict[str, list[dict[str, Any]]], files: int) -> None:
    walk = statistics.median(r["seconds"] for r in results["walk"])
    ours = statistics.median(r["seconds"] for r in results["daemon"])
    best_walk = min(r["seconds"] for r in results["walk"])
    best_ours = min(r["seconds"] for r in results["daemon"])
    print(f"medians of {len(results['walk'])} rounds ({files} files):")
    print(f"  bare os.scandir + lstat walk   {walk * 1000:7.0f} ms  (best {best_walk * 1000:.0f})")
    print(f"  gt-watch startup (run --once)  {ours * 1000:7.0f} ms  (best {best_ours * 1000:.0f})")
    stopping = statistics.median(r["with_shutdown"] - r["seconds"] for r in results["daemon"])
    print(f"    then stopping (not counted)  {stopping * 1000:7.0f} ms")
    cpu_walk = statistics.median(r["cpu"] for r in results["walk"])
    cpu_ours = statistics.median(r["cpu"] for r in results["daemon"])
    print(
        f"  cpu time: walk {cpu_walk * 1000:.0f} ms, gt-watch {cpu_ours * 1000:.0f} ms"
        f" ({cpu_ours / cpu_walk:.2f}x; all threads)"
    )
    verdict = "meets" if ours / walk <= 2 else "MISSES"
    print(
        f"  ratio {ours / walk:.2f}x (best/best {best_ours / best_walk:.2f}x);"
        f" target <= 2x: {verdict}"
    )
    for kind, label in (("walk", "bare walk"), ("daemon", "gt-watch")):
        peak = max(r["rss_peak"] for r in results[kind]) / 1024
        imports = max(r["rss_imports"] for r in results[kind]) / 1024
        print(f"  peak RSS {label:9} {peak:5.0f} MiB (after imports: {imports:.0f} MiB)")


def prepare(base: Path, args: argparse.Namespace) -> Path:
    """Build the tree and the state database under `base` unless a previous run with
    `--tree` left them there; write a fresh config.yaml; return its path."""
    root, database = base / "media", base / "state" / "state.db"
    if not database.exists():
        root.mkdir(parents=True)
        print(
            f"building {args.files} files in folders of {args.per_folder}"
            f" ({args.sidecars} sidecars each) ...",
            flush=True,
        )
        started = time.perf_counter()
        media = build_tree(root, args.files, args.per_folder, args.sidecars)
        built = time.perf_counter()
        build_state(database, root, media, args.sidecars)
        print(
            f"  tree {built - started:.0f} s, state database {time.perf_counter() - built:.0f} s",
            flush=True,
        )
    known_here = state_counts(database, under=root)
    if known_here["files under the root"] != known_here["files"]:
        raise SystemExit(f"the state database in {base} was built for another folder; remove it")
    config = base / "config.yaml"
    write_config(config, root, database)
    return config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--per-folder", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--sidecars",
        type=int,
        default=0,
        choices=range(len(SIDECAR_SUFFIXES) + 1),
        help="sidecar files gt-watch wrote next to each media file",
    )
    parser.add_argument("--dir", type=Path, default=None, help="where to build the tree")
    parser.add_argument(
        "--tree", type=Path, default=None, help="build the tree here and keep it for next runs"
    )
    parser.add_argument("--profile", action="store_true", help="also profile one gt-watch start")
    parser.add_argument("--child", choices=["walk", "daemon"], help=argparse.SUPPRESS)
    parser.add_argument("--child-target", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "walk":
        print(json.dumps(child_walk(args.child_target)))
        return
    if args.child == "daemon":
        print(json.dumps(child_daemon(args.child_target, args.profile)))
        return

    with contextlib.ExitStack() as stack:
        if args.tree:
            base = args.tree
        else:
            scratch = tempfile.TemporaryDirectory(dir=args.dir, prefix="gt-watch-bench-")
            base = Path(stack.enter_context(scratch))
        config = prepare(base, args)
        database = base / "state" / "state.db"
        print(
            f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs,"
            f" load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        before = state_counts(database, base / "media")
        results = measure(base / "media", config, args.rounds)
        after = state_counts(database, base / "media")
        if after != before:
            raise SystemExit(f"the restart changed the state: {before} -> {after}")
        print(f"  state unchanged by the restarts: {after}")
        report(results, before["files"])
        if args.profile:
            run_child("daemon", config, profile=True)
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
