"""Listing and reconciling a bucket of 100,000 objects: gt-watch's full listing pass against a
bare boto3 paginator over the same bucket, in the same run.

    python bench/s3_listing.py [--objects 100000] [--rounds 3] [--page-size 1000]

A moto server is started in a child process (127.0.0.1) and seeded there with the objects
straight into moto's in-memory S3 backend before it serves: 100,000 PUTs over HTTP run at
about 300 per second against moto on this machine (5-6 minutes), writing the backend
directly takes seconds, and the objects are the same to every client. Keys are spread over
100 prefixes (`media/000/000000.wav` ...), one byte each.

The state database (a temporary SQLite file, WAL, synchronous=FULL as in the daemon) knows
every object at its listed ETag, as after a first pass: this is the steady state of the
periodic full pass, the source of truth that runs for as long as gt-watch watches the bucket.

Each way runs in a fresh child process, `--rounds` times in alternating order:

  boto3      a bare `list_objects_v2` paginator over the prefix, counting objects
  gt-watch   `ListingPass` (full): list, reconcile each page against the state database
             (two queries per page), hand on what is new (nothing), persist the position

and the script prints the median seconds of each, the ratio (target: <= 1.5x) and each
child's peak RSS (VmHWM), next to a child that holds every listed key in a list, for scale,
and gt-watch's own cost: the same pass fed pages from memory instead of the endpoint (moto
spends most of the time of each page; a real endpoint answers a page far faster).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

BUCKET = "bench-listing"
PREFIX = "media/"
BODY = b"x"
ETAG = hashlib.md5(BODY).hexdigest()  # S3: the ETag of a single-part object
WAYS = ("boto3", "gt-watch")
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def key_of(number: int) -> str:
    return f"{PREFIX}{number // 1000:03}/{number:06}.wav"


# -- the seeded server (child process) -------------------------------------------------------


def serve(port: int, objects: int) -> None:
    """Seed moto's S3 backend in this process, then serve it on 127.0.0.1:port until
    stdin closes."""
    import logging

    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.s3.models import s3_backends
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    backend = s3_backends[DEFAULT_ACCOUNT_ID]["aws"]
    backend.create_bucket(BUCKET, "us-east-1")
    for number in range(objects):
        backend.put_object(BUCKET, key_of(number), BODY)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    print("ready", flush=True)
    sys.stdin.read()
    server.stop()


@contextmanager
def seeded_server(objects: int) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port), "--objects", str(objects)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        print(f"seeded {objects:,} objects in {time.monotonic() - started:.1f} s")
        yield f"http://127.0.0.1:{port}"
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=30)


# -- the state database ----------------------------------------------------------------------


def seed_state(database: Path, objects: int) -> None:
    """Every object known at its ETag, `ready`, as after a first pass."""
    from gt_watch.store import Store

    Store.open(database).close()  # create and migrate
    root = f"s3://{BUCKET}/{PREFIX}"
    now = "2026-01-01T00:00:00.000000+00:00"
    with sqlite3.connect(database) as connection:
        connection.executemany(
            "INSERT INTO files (source, watch_root, size, version, content_hash, state,"
            " first_seen, updated_at) VALUES (?, ?, ?, ?, ?, 'ready', ?, ?)",
            (
                (f"s3://{BUCKET}/{key_of(n)}", root, len(BODY), ETAG, ETAG, now, now)
                for n in range(objects)
            ),
        )


# -- one measurement (child process) ---------------------------------------------------------


def measure(way: str, endpoint: str, database: Path, page_size: int) -> dict[str, Any]:
    import boto3

    from gt_watch.storage.s3 import s3_client
    from gt_watch.storage.s3_settings import S3Settings

    settings = S3Settings(bucket=BUCKET, endpoint_url=endpoint, path_style=True)
    client = s3_client(boto3.session.Session(), settings)
    started = time.perf_counter()
    if way == "boto3":
        listed = _bare_paginator(client, page_size)
        handed_on = 0
    elif way == "hold-all":
        listed = len(_all_keys(client, page_size))
        handed_on = 0
    elif way == "reconcile-only":
        listed, handed_on = _gt_watch_pass(_InstantClient(), settings, database, page_size)
    else:
        listed, handed_on = _gt_watch_pass(client, settings, database, page_size)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "listed": listed, "handed_on": handed_on, "rss_mib": _peak_rss()}


class _InstantClient:
    """Answers ListObjectsV2 from memory with the bucket's keys: gt-watch's own cost per
    page, without the endpoint's."""

    def __init__(self) -> None:
        self.objects = int(os.environ["BENCH_OBJECTS"])

    def list_objects_v2(self, **params: Any) -> dict[str, Any]:
        start = int(params.get("ContinuationToken") or 0)
        end = min(start + int(params["MaxKeys"]), self.objects)
        contents = [
            {"Key": key_of(n), "Size": len(BODY), "ETag": f'"{ETAG}"'} for n in range(start, end)
        ]
        return {
            "Contents": contents,
            "IsTruncated": end < self.objects,
            "NextContinuationToken": str(end),
        }


def _bare_paginator(client: Any, page_size: int) -> int:
    listed = 0
    paginator = client.get_paginator("list_objects_v2")
    for page in paginator.paginate(
        Bucket=BUCKET, Prefix=PREFIX, PaginationConfig={"PageSize": page_size}
    ):
        listed += len(page.get("Contents", ()))
    return listed


def _all_keys(client: Any, page_size: int) -> list[tuple[str, int, str]]:
    paginator = client.get_paginator("list_objects_v2")
    return [
        (item["Key"], item["Size"], item["ETag"])
        for page in paginator.paginate(
            Bucket=BUCKET, Prefix=PREFIX, PaginationConfig={"PageSize": page_size}
        )
        for item in page.get("Contents", ())
    ]


def _gt_watch_pass(client: Any, settings: Any, database: Path, page_size: int) -> tuple[int, int]:
    import httpx

    from gt_watch.storage.bucket import WatchedBucket
    from gt_watch.storage.s3 import S3Storage
    from gt_watch.store import Store
    from gt_watch.watchers.s3_pass import ListingPass, PassSettings
    from gt_watch.watchers.s3_scope import BucketScope

    handed_on: list[object] = []
    with httpx.Client() as http, Store.open(database) as store:
        bucket = WatchedBucket(BUCKET, client, S3Storage(client, http, settings))
        listing = ListingPass(
            BucketScope(BUCKET, PREFIX),
            bucket,
            store,
            full=True,
            hand_on=lambda event: handed_on.append(event) is None,
            warn_unsafe=lambda key: None,
            stopping=threading.Event(),
            clock=time.monotonic,
            settings=PassSettings(page_size=page_size),
        )
        assert listing.run()
        return listing.listed, len(handed_on)


def _peak_rss() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_child(
    way: str, endpoint: str, database: Path, page_size: int, objects: int
) -> dict[str, Any]:
    if way in (
        "gt-watch",
        "reconcile-only",
    ):  # every round a fresh full pass, not the resumption of one
        with sqlite3.connect(database) as connection:
            connection.execute("DELETE FROM meta")
    argv = [sys.executable, __file__, "--measure", way, "--endpoint", endpoint]
    argv += ["--database", str(database), "--page-size", str(page_size)]
    env = {**os.environ, **CREDENTIALS, "BENCH_OBJECTS": str(objects)}
    output = subprocess.run(argv, env=env, capture_output=True, text=True, check=True).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


# -- the report ------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--measure", choices=(*WAYS, "hold-all", "reconcile-only"), help=argparse.SUPPRESS
    )
    parser.add_argument("--endpoint", help=argparse.SUPPRESS)
    parser.add_argument("--database", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.serve:
        serve(arguments.serve, arguments.objects)
        return
    if arguments.measure:
        result = measure(
            arguments.measure, arguments.endpoint, arguments.database, arguments.page_size
        )
        print(json.dumps(result))
        return
    report(arguments.objects, arguments.rounds, arguments.page_size)


def report(objects: int, rounds: int, page_size: int) -> None:
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as folder, seeded_server(objects) as endpoint:
        database = Path(folder) / "state.db"
        started = time.monotonic()
        seed_state(database, objects)
        print(f"state database knows {objects:,} objects ({time.monotonic() - started:.1f} s)")
        results: dict[str, list[dict[str, Any]]] = {way: [] for way in WAYS}
        for number in range(rounds):
            order = WAYS if number % 2 == 0 else WAYS[::-1]
            for way in order:
                result = run_child(way, endpoint, database, page_size, objects)
                assert result["listed"] == objects, result
                results[way].append(result)
                print(
                    f"round {number + 1} {way:9} {result['seconds']:7.2f} s, "
                    f"peak RSS {result['rss_mib']:.0f} MiB, handed on {result['handed_on']}"
                )
        hold_all = run_child("hold-all", endpoint, database, page_size, objects)
        alone = [
            run_child("reconcile-only", endpoint, database, page_size, objects)
            for _ in range(rounds)
        ]
    medians = {way: statistics.median(r["seconds"] for r in results[way]) for way in WAYS}
    ratio = medians["gt-watch"] / medians["boto3"]
    print()
    print("| way | median s | best s | peak RSS MiB | per 1,000 keys ms |")
    print("|---|---|---|---|---|")
    for way in WAYS:
        best = min(r["seconds"] for r in results[way])
        rss = max(r["rss_mib"] for r in results[way])
        print(
            f"| {way} | {medians[way]:.2f} | {best:.2f} | {rss:.0f} | "
            f"{medians[way] / objects * 1000 * 1000:.1f} |"
        )
    print(
        f"| boto3, every key kept in a list | {hold_all['seconds']:.2f} | | "
        f"{hold_all['rss_mib']:.0f} | |"
    )
    own = statistics.median(r["seconds"] for r in alone)
    print(
        f"| gt-watch without the endpoint (pages from memory) | {own:.2f} | "
        f"{min(r['seconds'] for r in alone):.2f} | {max(r['rss_mib'] for r in alone):.0f} | "
        f"{own / objects * 1000 * 1000:.1f} |"
    )
    verdict = "met" if ratio <= 1.5 else "NOT met"
    print(f"\ngt-watch / boto3 paginator: {ratio:.2f}x (target <= 1.5x: {verdict})")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
