"""Upload throughput of gt-watch's S3 staging against its two baselines, in the same run.

Uploads one generated file (default 1 GiB) to a `moto_server` started here on 127.0.0.1,
four ways, several rounds in rotating order (so that each way takes each place equally):

  gt-watch         S3Storage.stage with config.yaml's defaults (for 1 GiB: presigned parts
                   in parallel)
  gt-watch 1 PUT   S3Storage.stage with the multipart threshold above the file size
  httpx            one bare presigned PUT, streamed, with the same Content-Type
  boto3            s3.upload_file with boto3's default TransferConfig (multipart)

and prints the median MiB/s of each and gt-watch's ratios to the baselines (targets: >= 0.9x
httpx, >= 1.0x boto3). For the multipart ways it also prints how long the server spent in
CompleteMultipartUpload (moto concatenates all parts in memory there; S3 does not), and the
rate of the transfer without it. Finally it measures the peak RSS of one gt-watch upload in a
separate child process, next to a child that builds the same clients but uploads nothing.

    python bench/upload_throughput.py [--size 1GiB] [--rounds 4] [--part-size 8MiB]
                                      [--concurrency 4] [--threshold 64MiB] [--sparse]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

import boto3  # noqa: E402
import httpx  # noqa: E402

from gt_watch.config.schema import S3Storage as S3StorageConfig  # noqa: E402
from gt_watch.storage.s3 import S3Storage, s3_client  # noqa: E402
from gt_watch.storage.s3_settings import MAX_PUT_SIZE, MIB, S3Settings, UploadTuning  # noqa: E402
from tests.support.servers import moto_server  # noqa: E402

BUCKET = "bench-uploads"
CONTENT_TYPE = "audio/wav"
GT_WATCH = "gt-watch"
GT_WATCH_ONE_PUT = "gt-watch 1 PUT"
HTTPX = "httpx"
BOTO3 = "boto3"
SETTLE_SECONDS = 2
UNITS = {"": 1, "b": 1, "kib": 1024, "mib": MIB, "gib": 1024 * MIB}


def config_default(field: str) -> int:
    """The default of an S3 storage setting in config.yaml, in bytes."""
    return int(S3StorageConfig.model_fields[field].default)


def parse_size(text: str) -> int:
    """Given `1GiB`, `256MiB`, `5242880`, return bytes."""
    match = re.fullmatch(r"\s*(\d+)\s*([a-zA-Z]*)\s*", text)
    if not match or match.group(2).lower() not in UNITS:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (try 1GiB, 256MiB)")
    return int(match.group(1)) * UNITS[match.group(2).lower()]


def make_file(directory: Path, size: int, sparse: bool) -> Path:
    """Write the test file: a repeated random MiB (or a sparse file of zeros)."""
    path = directory / "bench-media.wav"
    with path.open("wb") as out:
        if sparse:
            out.truncate(size)
            return path
        block = os.urandom(MIB)
        for _ in range(size // MIB):
            out.write(block)
        out.write(block[: size % MIB])
    return path


def settings_for(endpoint: str, args: argparse.Namespace) -> S3Settings:
    tuning = UploadTuning(
        multipart_threshold=args.threshold, part_size=args.part_size, concurrency=args.concurrency
    )
    return S3Settings(
        bucket=BUCKET, prefix="bench", endpoint_url=endpoint, path_style=True, upload=tuning
    )


def boto3_session() -> Any:
    return boto3.session.Session(
        aws_access_key_id="bench", aws_secret_access_key="bench", region_name="us-east-1"
    )


def http_client() -> httpx.Client:
    return httpx.Client(timeout=httpx.Timeout(120, connect=10))


def stage_with(storage: S3Storage, path: Path) -> Callable[[str], None]:
    def upload(key: str) -> None:
        storage.stage(path, key)

    return upload


def upload_with_httpx(client: Any, http: httpx.Client, path: Path, key: str) -> None:
    params = {"Bucket": BUCKET, "Key": key, "ContentType": CONTENT_TYPE}
    url = client.generate_presigned_url("put_object", Params=params, ExpiresIn=3600)

    def body() -> Iterator[bytes]:
        with path.open("rb") as file:
            while chunk := file.read(MIB):
                yield chunk

    headers = {"Content-Length": str(path.stat().st_size), "Content-Type": CONTENT_TYPE}
    http.put(url, content=body(), headers=headers).raise_for_status()


def upload_with_boto3(client: Any, path: Path, key: str) -> None:
    client.upload_file(str(path), BUCKET, key, ExtraArgs={"ContentType": CONTENT_TYPE})


class CompletionTimer:
    """Seconds the server spends answering CompleteMultipartUpload, from boto3's events."""

    def __init__(self, client: Any) -> None:
        self.seconds = 0.0
        self._started = 0.0
        events = client.meta.events
        events.register("before-call.s3.CompleteMultipartUpload", self._before)
        events.register("after-call.s3.CompleteMultipartUpload", self._after)

    def _before(self, **_: Any) -> None:
        self._started = time.perf_counter()

    def _after(self, **_: Any) -> None:
        self.seconds += time.perf_counter() - self._started


@dataclass
class Timings:
    """Per way: MiB/s of each round, and MiB/s without the server's completion."""

    total: list[float] = field(default_factory=list)
    without_completion: list[float] = field(default_factory=list)
    completion_seconds: list[float] = field(default_factory=list)


def measure_throughput(endpoint: str, path: Path, args: argparse.Namespace) -> dict[str, Timings]:
    """Upload `args.rounds` times each way, rotating the order; return the timings."""
    settings = settings_for(endpoint, args)
    single_put = replace(
        settings, upload=replace(settings.upload, multipart_threshold=MAX_PUT_SIZE)
    )
    client = s3_client(boto3_session(), settings)
    completion = CompletionTimer(client)
    client.create_bucket(Bucket=BUCKET)
    size_mib = path.stat().st_size / MIB
    with http_client() as http:
        storage = S3Storage(client, http, settings)
        storage_single_put = S3Storage(client, http, single_put)
        ways: dict[str, Callable[[str], None]] = {
            GT_WATCH: stage_with(storage, path),
            GT_WATCH_ONE_PUT: stage_with(storage_single_put, path),
            HTTPX: lambda key: upload_with_httpx(client, http, path, f"bench/{key}"),
            BOTO3: lambda key: upload_with_boto3(client, path, f"bench/{key}"),
        }
        timings = {name: Timings() for name in ways}
        names = list(ways)
        for round_number in range(args.rounds):
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:
                key = f"{name.replace(' ', '-')}-{round_number}.wav"
                completion.seconds = 0.0
                started = time.perf_counter()
                ways[name](key)
                seconds = time.perf_counter() - started
                record(timings[name], size_mib, seconds, completion.seconds)
                print(
                    f"  round {round_number + 1} {name:15} {size_mib / seconds:7.1f} MiB/s"
                    + (f"  (complete: {completion.seconds:.1f} s)" if completion.seconds else "")
                )
                # Free the server's copy, and let it settle, so that every upload meets the
                # same conditions.
                client.delete_object(Bucket=BUCKET, Key=f"bench/{key}")
                time.sleep(SETTLE_SECONDS)
    return timings


def record(timings: Timings, size_mib: float, seconds: float, completion: float) -> None:
    timings.total.append(size_mib / seconds)
    timings.without_completion.append(size_mib / (seconds - completion))
    timings.completion_seconds.append(completion)


def child_peak_rss(mode: str, endpoint: str, path: Path, args: argparse.Namespace) -> float:
    """Run this script in a child (`--child upload|idle`); return its peak RSS in MiB."""
    argv = [sys.executable, __file__, "--child", mode, "--child-endpoint", endpoint]
    argv += ["--child-file", str(path), "--part-size", str(args.part_size)]
    argv += ["--concurrency", str(args.concurrency), "--threshold", str(args.threshold)]
    # The child reports its own VmHWM: the rusage of a child would include the memory of
    # this parent, which the child shares between fork and exec.
    output = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    return int(output.split()[-1]) / 1024


def run_child(args: argparse.Namespace) -> None:
    """The child side of `child_peak_rss`: build clients, then upload once or not at all."""
    settings = settings_for(args.child_endpoint, args)
    client = s3_client(boto3_session(), settings)
    with http_client() as http:
        storage = S3Storage(client, http, settings)
        if args.child == "upload":
            storage.stage(Path(args.child_file), "rss-probe.wav")
            client.delete_object(Bucket=BUCKET, Key="bench/rss-probe.wav")
    status = Path("/proc/self/status").read_text(encoding="ascii")
    print(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))  # type: ignore[union-attr]


def print_report(
    timings: dict[str, Timings], multipart: bool, idle_rss: float, upload_rss: float
) -> None:
    median = {name: statistics.median(timing.total) for name, timing in timings.items()}
    print("median of the rounds:")
    for name, timing in timings.items():
        line = f"  {name:15} {median[name]:7.1f} MiB/s (best {max(timing.total):.1f})"
        if any(timing.completion_seconds):
            completion = statistics.median(timing.completion_seconds)
            without = statistics.median(timing.without_completion)
            line += f"; server's completion {completion:.1f} s, without it {without:.1f} MiB/s"
        print(line)
    path = "multipart" if multipart else "single PUT"
    print("ratios of the medians:")
    ratios = (
        (GT_WATCH, HTTPX, 0.9, f"gt-watch as configured ({path}) / bare PUT"),
        (GT_WATCH, BOTO3, 1.0, f"gt-watch as configured ({path}) / boto3 upload_file"),
        (GT_WATCH_ONE_PUT, HTTPX, 0.9, "gt-watch single PUT / bare PUT"),
    )
    for ours, theirs, target, label in ratios:
        ratio = median[ours] / median[theirs]
        print(f"  {label}: {ratio:.2f}x (target >= {target:.2f}x)")
    if multipart:
        parts = statistics.median(timings[GT_WATCH].without_completion)
        print(
            f"  gt-watch parts without the server's completion / bare PUT: "
            f"{parts / median[HTTPX]:.2f}x"
        )
    print(
        f"peak RSS of a gt-watch upload ({path}): {upload_rss:.0f} MiB (target <= 100 MiB); "
        f"the same child without uploading: {idle_rss:.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=parse_size, default=parse_size("1GiB"))
    # Each way takes each place in the order equally often when rounds are a multiple of 4:
    # on a loaded machine the place matters.
    parser.add_argument("--rounds", type=int, default=4)
    # Defaults: what the daemon uses when config.yaml leaves them out (config's schema for
    # the part size and threshold, UploadTuning for what config does not expose).
    parser.add_argument("--part-size", type=parse_size, default=config_default("part_size"))
    parser.add_argument("--concurrency", type=int, default=UploadTuning().concurrency)
    parser.add_argument(
        "--threshold", type=parse_size, default=config_default("multipart_threshold")
    )
    parser.add_argument("--sparse", action="store_true", help="a sparse file of zeros")
    parser.add_argument("--child", choices=["upload", "idle"], help=argparse.SUPPRESS)
    parser.add_argument("--child-endpoint", help=argparse.SUPPRESS)
    parser.add_argument("--child-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args)
        return

    with tempfile.TemporaryDirectory(prefix="gt-watch-bench-") as scratch:
        path = make_file(Path(scratch), args.size, args.sparse)
        print(
            f"file: {args.size / MIB:.0f} MiB ({'sparse' if args.sparse else 'generated'}); "
            f"gt-watch: threshold {args.threshold // MIB} MiB, parts {args.part_size // MIB} "
            f"MiB x {args.concurrency}; python {sys.version.split()[0]}, "
            f"httpx {httpx.__version__}, boto3 {boto3.__version__}, {os.cpu_count()} CPUs, "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        with moto_server() as endpoint:
            timings = measure_throughput(endpoint, path, args)
            idle = child_peak_rss("idle", endpoint, path, args)
            upload = child_peak_rss("upload", endpoint, path, args)
        print_report(timings, args.size >= args.threshold, idle, upload)
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
