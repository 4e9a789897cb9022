"""`/metrics` of the real daemon counts what happened, and `gt-watch doctor` against the
sandbox names the setting a broken config gets wrong."""

from __future__ import annotations

import json
import signal
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from gt_watch.sandbox import SandboxServer
from tests.e2e.s3_setup import AWS
from tests.e2e.service.daemon import Setup, make_setup, running
from tests.support.media import write_wav
from tests.support.processes import run_gt_watch
from tests.support.waiting import wait_for


def _samples(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = httpx.get(f"{url}/metrics", timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def _settled(database: Path) -> bool:
    """The one job is delivered and every callback received has been acted on."""
    with sqlite3.connect(database) as connection:
        states = connection.execute("SELECT state FROM jobs").fetchall()
        (waiting,) = connection.execute(
            "SELECT COUNT(*) FROM callbacks WHERE processed_at IS NULL"
        ).fetchone()
    return states == [("delivered",)] and waiting == 0


def test_metrics_count_jobs_orders_money_and_callbacks(setup: Setup) -> None:
    database = setup.state / "state.db"
    with running(setup) as daemon:
        daemon.notify.wait_for(lambda message: message.get("READY") == "1")
        write_wav(setup.media / "talk.wav", 2.0, seed=11)
        wait_for(lambda: database.exists() and _settled(database), timeout=60)
        with sqlite3.connect(database) as connection:
            job_id, cost = connection.execute("SELECT id, cost FROM jobs").fetchone()
            (stored,) = connection.execute("SELECT COUNT(*) FROM callbacks").fetchone()
            (payload,) = connection.execute("SELECT payload FROM callbacks").fetchone()
        secret = (setup.state / "callback-secret").read_text().strip()
        wrong = httpx.post(f"{setup.url}/callbacks/not-the-secret/{job_id}", data={"x": "1"})
        assert wrong.status_code == 404
        again = httpx.post(f"{setup.url}/callbacks/{secret}/{job_id}", data=json.loads(payload))
        assert again.text == "ok"
        wait_for(lambda: _settled(database), timeout=60)  # the repeat is acted on too
        samples = _samples(setup.url)
        daemon.process.send_signal(signal.SIGTERM)
        assert daemon.wait() == 0
    assert samples[("gt_watch_jobs", (("state", "delivered"),))] == 1
    assert samples[("gt_watch_jobs", (("state", "ordered"),))] == 0
    assert samples[("gt_watch_orders", (("kind", "captions"), ("mode", "live")))] == 1
    assert samples[("gt_watch_spent_usd", ())] == pytest.approx(cost)
    assert samples[("gt_watch_spent_today_usd", ())] == pytest.approx(cost)
    assert samples[("gt_watch_refunded_usd", ())] == 0
    assert samples[("gt_watch_callbacks_total", (("outcome", "received"),))] == stored + 1
    assert samples[("gt_watch_callbacks_total", (("outcome", "duplicate"),))] == 1
    assert samples[("gt_watch_callbacks_total", (("outcome", "rejected"),))] == 1
    assert samples[("gt_watch_upload_bytes_total", ())] == 0  # built-in storage uploads nothing
    watch = str(setup.media)
    assert samples[("gt_watch_watcher_up", (("watch", watch),))] == 1
    assert samples[("gt_watch_watcher_lag_seconds", (("watch", watch),))] >= 0
    assert samples[("gt_watch_main_loop_passes_total", ())] > 0


def test_database_metrics_survive_a_restart(setup: Setup) -> None:
    with running(setup) as daemon:
        daemon.notify.wait_for(lambda message: message.get("READY") == "1")
        write_wav(setup.media / "talk.wav", 2.0, seed=12)
        database = setup.state / "state.db"
        wait_for(lambda: database.exists() and _settled(database), timeout=60)
        daemon.process.send_signal(signal.SIGTERM)
        assert daemon.wait() == 0
    with running(setup) as daemon:
        daemon.notify.wait_for(lambda message: message.get("READY") == "1")
        samples = _samples(setup.url)
        daemon.process.send_signal(signal.SIGTERM)
        assert daemon.wait() == 0
    assert samples[("gt_watch_jobs", (("state", "delivered"),))] == 1
    assert samples[("gt_watch_orders", (("kind", "captions"), ("mode", "live")))] == 1
    assert samples[("gt_watch_spent_usd", ())] > 0
    assert samples[("gt_watch_callbacks_total", (("outcome", "received"),))] == 0


def test_doctor_passes_against_the_sandbox(setup: Setup) -> None:
    result = run_gt_watch("doctor", "--config", str(setup.config))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all checks passed" in result.stdout
    for check in ("token", "callbacks", "storage", "inotify", "watched folder", "state folder"):
        assert f"ok   {check}" in result.stdout


@pytest.mark.parametrize(
    ("override", "setting"),
    [
        ({"token_file": "wrong-token"}, "[api.token_file]"),
        ({"base_url": "http://127.0.0.1:9/api/v4"}, "[api.base_url]"),
        ({"public_url": "http://127.0.0.1:9"}, "[server.public_url]"),
        ({"path": "missing"}, "[watches[0].path]"),
    ],
    ids=["token", "api-url", "public-url", "watched-folder"],
)
def test_doctor_names_the_broken_setting(
    tmp_path: Path, sandbox: SandboxServer, override: dict[str, str], setting: str
) -> None:
    setup = make_setup(tmp_path, sandbox, **override)
    (tmp_path / "wrong-token").write_text("not-the-token\n")
    result = run_gt_watch("doctor", "--config", str(setup.config))
    assert result.returncode == 1, result.stdout + result.stderr
    failures = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    # Built-in media URLs live under the public URL: both of those checks blame it.
    assert failures and all(setting in line for line in failures), result.stdout
    assert "fix:" in result.stdout
    assert "not-the-token" not in result.stdout + result.stderr


def _with_s3_storage(setup: Setup, bucket: str, endpoint: str) -> None:
    text = setup.config.read_text()
    s3_storage = (
        f"storage:\n  type: s3\n  bucket: {bucket}\n  endpoint_url: {endpoint}\n"
        "  path_style: true\n"
    )
    setup.config.write_text(text.replace("storage:\n  type: builtin\n", s3_storage))


def test_doctor_stages_a_probe_through_s3_storage_and_deletes_it(
    setup: Setup, moto_endpoint: str, s3: Any
) -> None:
    s3.create_bucket(Bucket="doctor-bucket")
    _with_s3_storage(setup, "doctor-bucket", moto_endpoint)
    result = run_gt_watch("doctor", "--config", str(setup.config), **AWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok   storage: a probe file was staged and fetched back (presigned S3" in result.stdout
    assert s3.list_objects_v2(Bucket="doctor-bucket").get("KeyCount") == 0, "probe left behind"


def test_doctor_names_the_bucket_that_does_not_exist(
    setup: Setup, moto_endpoint: str, s3: Any
) -> None:
    _with_s3_storage(setup, "no-such-bucket", moto_endpoint)
    failure = _the_one_doctor_failure(setup)
    assert failure.startswith("FAIL storage [storage.bucket")
    assert "the bucket does not exist" in failure


def _the_one_doctor_failure(setup: Setup) -> str:
    """Run doctor with moto's credentials; return its one FAIL line (it must exit 1 and
    never show a credential)."""
    result = run_gt_watch("doctor", "--config", str(setup.config), **AWS)
    assert result.returncode == 1, result.stdout + result.stderr
    assert AWS["AWS_SECRET_ACCESS_KEY"] not in result.stdout + result.stderr
    (failure,) = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    return failure


def _with_s3_watch(setup: Setup, bucket: str, endpoint: str) -> None:
    text = setup.config.read_text()
    watch = (
        f"  - path: s3://{bucket}/incoming\n    endpoint_url: {endpoint}\n    path_style: true\n"
    )
    setup.config.write_text(text.replace("limits:\n", watch + "limits:\n"))


def test_doctor_lists_a_watched_bucket_and_leaves_it_as_it_was(
    setup: Setup, moto_endpoint: str, s3: Any
) -> None:
    s3.create_bucket(Bucket="watched-bucket")
    s3.put_object(Bucket="watched-bucket", Key="incoming/talk.wav", Body=b"RIFF")
    _with_s3_watch(setup, "watched-bucket", moto_endpoint)
    result = run_gt_watch("doctor", "--config", str(setup.config), **AWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok   watched bucket s3://watched-bucket/incoming/: listed, and a probe" in result.stdout
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket="watched-bucket")["Contents"]]
    assert keys == ["incoming/talk.wav"]


def test_doctor_names_the_watch_whose_bucket_cannot_be_listed(
    setup: Setup, moto_endpoint: str, s3: Any
) -> None:
    _with_s3_watch(setup, "missing-bucket", moto_endpoint)
    failure = _the_one_doctor_failure(setup)
    assert failure.startswith("FAIL watched bucket s3://missing-bucket/incoming/ [watches[1].path")
    assert "cannot list it" in failure and "the bucket does not exist" in failure
