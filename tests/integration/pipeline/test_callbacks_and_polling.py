"""Callbacks and polling: callbacks are hints, confirmed through the API; polling covers the
lost ones; re-deliveries replace sidecars (keeping backups) only when the results changed;
refunds are reported, not re-ordered; an order that never ends is reported, not polled
forever."""

from __future__ import annotations

from gt_watch.model import JobState
from gt_watch.store.rows import JobRecord
from tests.integration.pipeline.harness import CAPTIONS, Harness
from tests.support.media import write_wav

SIDECARS = ("talk.en.srt", "talk.en.vtt", "talk.en.docx", "talk.en.txt")


def _delivered(pipeline: Harness) -> JobRecord:
    """Drop talk.wav under the captions rule and run until it is delivered; return its job."""
    pipeline.write_rules(CAPTIONS)
    media = pipeline.drop("talk.wav")
    pipeline.run()
    job = pipeline.job(media)
    assert job.state is JobState.DELIVERED
    assert job.order_id is not None
    return job


def _sidecar_bytes(pipeline: Harness) -> dict[str, bytes]:
    return {name: (pipeline.folder / name).read_bytes() for name in SIDECARS}


def test_when_every_callback_is_lost_polling_finishes_the_job(pipeline: Harness) -> None:
    pipeline.knobs(drop_callbacks=True)

    job = _delivered(pipeline)

    assert pipeline.store.inbox.count(job.id) == 0
    [order] = pipeline.orders()
    assert [callback["state"] for callback in order["callbacks"]] == ["dropped"]
    assert set(SIDECARS) <= pipeline.files()


def test_a_duplicated_callback_leaves_one_set_of_sidecars(pipeline: Harness) -> None:
    pipeline.knobs(duplicate_callbacks=True)
    job = _delivered(pipeline)
    pipeline.run_until(lambda: pipeline.store.inbox.count(job.id) == 2)
    pipeline.run()

    after = pipeline.store.jobs.get(job.id)
    assert after.state is JobState.DELIVERED
    assert after.revision == 1  # the duplicate may be read again, but changes nothing
    assert pipeline.backups("talk.en.srt") == []
    assert pipeline.files() == {"talk.wav", *SIDECARS}


def test_a_callback_naming_another_order_is_ignored(pipeline: Harness) -> None:
    job = _delivered(pipeline)
    recording = write_wav(pipeline.folder.parent / "other.wav", 2.0, seed=9)
    other = pipeline.place_elsewhere(recording, "captions", language="english")
    history = pipeline.states(job.id)

    answer = pipeline.callback(job.id, mode="live", order_id=str(other), language="english")
    pipeline.run()

    assert answer.text == "ok"
    assert pipeline.store.inbox.unprocessed() == []
    assert pipeline.states(job.id) == history  # not even taken for a re-delivery
    assert pipeline.store.jobs.get(job.id).order_id == job.order_id


def test_a_re_delivery_replaces_the_sidecars_and_keeps_the_previous_ones_as_backups(
    pipeline: Harness,
) -> None:
    job = _delivered(pipeline)
    first = _sidecar_bytes(pipeline)

    pipeline.admin("POST", f"orders/{job.order_id}/redeliver")
    pipeline.run_until(lambda: pipeline.store.jobs.get(job.id).revision == 2)
    pipeline.run()

    assert pipeline.store.jobs.get(job.id).state is JobState.DELIVERED
    second = _sidecar_bytes(pipeline)
    assert second["talk.en.txt"] != first["talk.en.txt"]
    for name in SIDECARS:
        if second[name] != first[name]:
            assert pipeline.backups(name) == [first[name]]


def test_two_re_deliveries_within_one_second_keep_both_earlier_versions(
    pipeline: Harness,
) -> None:
    job = _delivered(pipeline)
    first = _sidecar_bytes(pipeline)["talk.en.txt"]
    pipeline.clock.stop()  # both replacements happen at the same clock second

    pipeline.admin("POST", f"orders/{job.order_id}/redeliver")
    pipeline.run_until(lambda: pipeline.store.jobs.get(job.id).revision == 2)
    pipeline.run()
    second = _sidecar_bytes(pipeline)["talk.en.txt"]
    pipeline.admin("POST", f"orders/{job.order_id}/redeliver")
    pipeline.run_until(lambda: pipeline.store.jobs.get(job.id).revision == 3)
    pipeline.run()

    assert len({first, second, _sidecar_bytes(pipeline)["talk.en.txt"]}) == 3
    assert pipeline.backups("talk.en.txt") == [first, second]


def test_a_re_delivery_with_unchanged_results_rewrites_nothing(pipeline: Harness) -> None:
    job = _delivered(pipeline)
    written = {name: (pipeline.folder / name).stat().st_mtime_ns for name in SIDECARS}

    answer = pipeline.callback(job.id, mode="live", order_id=str(job.order_id), language="english")
    pipeline.run()

    assert answer.text == "ok"
    after = pipeline.store.jobs.get(job.id)
    assert after.state is JobState.DELIVERED
    assert after.revision == 1
    assert pipeline.store.jobs.history(job.id)[-1].note == "results unchanged"
    assert {name: (pipeline.folder / name).stat().st_mtime_ns for name in SIDECARS} == written
    assert pipeline.backups("talk.en.txt") == []


def test_a_refunded_order_is_reported_in_status_and_not_ordered_again(pipeline: Harness) -> None:
    pipeline.write_rules(CAPTIONS)
    pipeline.knobs(delay=600)
    media = pipeline.drop("talk.wav")
    job = pipeline.run_until_state(media, JobState.ORDERED)

    pipeline.admin("POST", f"orders/{job.order_id}/refund")
    pipeline.run()
    pipeline.clock.advance(3600)
    pipeline.run()

    job = pipeline.job(media)
    assert job.state is JobState.REFUNDED
    [(state, next_step)] = pipeline.status(media)
    assert state == "refunded"
    assert "refunded by GoTranscript" in next_step and f"`gt-watch retry {job.id}`" in next_step
    assert len(pipeline.orders()) == 1
    assert not (pipeline.folder / "talk.en.srt").exists()


def test_orders_without_a_status_field_are_finished_by_their_finished_at(
    pipeline: Harness,
) -> None:
    pipeline.knobs(omit_status=True)

    _delivered(pipeline)

    assert set(SIDECARS) <= pipeline.files()


def test_an_order_that_never_finishes_is_reported_as_stuck_after_its_delivery_estimate(
    pipeline: Harness,
) -> None:
    # A refunded order without a status field looks pending for ever.
    pipeline.write_rules(CAPTIONS)
    pipeline.knobs(omit_status=True, delay=600)
    media = pipeline.drop("talk.wav")
    job = pipeline.run_until_state(media, JobState.ORDERED)
    pipeline.admin("POST", f"orders/{job.order_id}/refund")
    pipeline.clock.advance(600)
    late = pipeline.run_until_touched(job.id)
    assert late.state is JobState.ORDERED  # late, but within the grace

    pipeline.clock.advance(pipeline.settings.overdue_grace)
    job = pipeline.run_until_state(media, JobState.NEEDS_ATTENTION)

    assert job.error is not None
    assert f"order {job.order_id}" in job.error and "delivery estimate" in job.error
    assert f"`gt-watch retry {job.id}`" in job.error
    assert len(pipeline.orders()) == 1
    # A person who decides to wait longer gets another grace period from the retry.
    pipeline.retry(job.id)
    assert pipeline.run_until_touched(job.id).state is JobState.ORDERED
    assert pipeline.run_until_touched(job.id).state is JobState.ORDERED
