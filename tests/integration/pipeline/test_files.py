"""Files and their content: copies are not paid for twice, a file that changes before its
order is placed is ordered with its new content only, results of old content are never
written next to new content, and files a rule now matches are planned."""

from __future__ import annotations

import os

import pytest

from gt_watch.errors import GtWatchError
from gt_watch.model import JobState
from tests.integration.pipeline.harness import CAPTIONS, Harness
from tests.support.media import write_wav


def _writer_of(pipeline: Harness, name: str) -> str | None:
    """The job whose results gt-watch last wrote into the sidecar `name`."""
    row = pipeline.store.database.query_one(
        "SELECT job_id FROM sidecars WHERE path = ?", (str(pipeline.folder / name),)
    )
    return str(row["job_id"]) if row else None


def test_the_same_content_under_two_names_is_ordered_once_with_sidecars_for_both(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(CAPTIONS)
    first = pipeline.drop("first.wav")
    second = pipeline.copy(first, "second.wav")

    pipeline.run()

    job = pipeline.job(first)
    assert pipeline.job(second).id == job.id
    assert job.state is JobState.DELIVERED
    assert [order["id"] for order in pipeline.orders()] == [job.order_id]
    assert {"first.en.srt", "second.en.srt", "first.en.txt", "second.en.txt"} <= pipeline.files()


def test_a_copy_found_after_delivery_gets_its_sidecars_without_another_order(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(CAPTIONS)
    first = pipeline.drop("first.wav")
    pipeline.run()

    copy = pipeline.copy(first, "archive/copy.wav")
    pipeline.run()

    assert pipeline.job(copy).id == pipeline.job(first).id
    assert len(pipeline.orders()) == 1
    assert (pipeline.folder / "archive" / "copy.en.srt").read_bytes() == (
        pipeline.folder / "first.en.srt"
    ).read_bytes()


def test_a_file_changed_before_its_order_is_placed_is_ordered_with_its_new_content_only(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(CAPTIONS)
    with pipeline.sandbox_down():
        media = pipeline.drop("talk.wav", seed=1)
        old = pipeline.run_until_state(media, JobState.STAGED)
        write_wav(media, 4.0, seed=2)
        pipeline.notice(media)
        pipeline.run_until(lambda: pipeline.store.jobs.get(old.id).state is JobState.SUPERSEDED)

    pipeline.run()

    new = pipeline.job(media)
    assert new.id != old.id
    assert new.state is JobState.DELIVERED
    [order] = pipeline.orders()
    assert order["id"] == new.order_id and order["callback_url"].endswith(f"/{new.id}")
    assert pipeline.store.jobs.get(old.id).order_id is None
    assert _writer_of(pipeline, "talk.en.srt") == new.id


def test_results_of_a_file_changed_after_ordering_are_not_written_next_to_the_new_content(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(CAPTIONS)
    pipeline.knobs(delay=600)
    media = pipeline.drop("talk.wav", seed=1)
    old = pipeline.run_until_state(media, JobState.ORDERED)
    write_wav(media, 4.0, seed=2)
    pipeline.notice(media)
    new = pipeline.run_until_job(
        media, lambda job: job.id != old.id and job.state is JobState.ORDERED
    )

    pipeline.admin("POST", f"orders/{old.order_id}/finish")
    pipeline.run_until(lambda: pipeline.store.jobs.get(old.id).state is JobState.DELIVERED)
    assert not (pipeline.folder / "talk.en.srt").exists()

    pipeline.admin("POST", f"orders/{new.order_id}/finish")
    pipeline.run()

    assert pipeline.job(media).state is JobState.DELIVERED
    assert _writer_of(pipeline, "talk.en.srt") == new.id
    assert len(pipeline.orders()) == 2


def test_a_file_its_rules_ignored_is_planned_when_the_rules_change_to_match_it(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(CAPTIONS + 'match: ["*.mp3"]\n')
    media = pipeline.drop("talk.wav")
    pipeline.run()
    assert pipeline.find_job(media) is None
    assert pipeline.file(media).state == "ignored"

    pipeline.write_rules(CAPTIONS)
    pipeline.run()

    assert pipeline.job(media).state is JobState.DELIVERED
    assert "talk.en.srt" in pipeline.files()


def test_a_file_touched_before_its_order_is_placed_is_still_ordered_once(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(CAPTIONS)
    with pipeline.sandbox_down():
        media = pipeline.drop("talk.wav")
        first = pipeline.run_until_state(media, JobState.STAGED)
        status = media.stat()
        os.utime(media, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
        pipeline.notice(media)  # same bytes, new mtime: a new version to the watcher
        touched = f"{status.st_size}:{status.st_mtime_ns + 1_000_000_000}"
        pipeline.run_until(
            lambda: (
                pipeline.file(media).version == touched
                and pipeline.job(media).state is not JobState.ORDERING
            )
        )

    pipeline.run()

    job = pipeline.job(media)
    assert job.id == first.id
    assert job.state is JobState.DELIVERED
    assert [order["id"] for order in pipeline.orders()] == [job.order_id]
    assert "talk.en.srt" in pipeline.files()


def test_a_held_job_whose_file_changed_is_superseded_and_cannot_order_the_new_content(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(CAPTIONS + "budget:\n  max_per_order: 0.50\n")
    media = pipeline.drop("talk.wav", seed=1)
    pipeline.run()
    old = pipeline.job(media)
    write_wav(media, 4.0, seed=2)
    pipeline.notice(media)
    pipeline.run()
    new = pipeline.job(media)
    assert new.id != old.id and new.state is JobState.NEEDS_ATTENTION
    assert pipeline.store.jobs.get(old.id).state is JobState.SUPERSEDED
    pipeline.write_rules(CAPTIONS)

    with pytest.raises(GtWatchError, match="superseded: nothing to retry"):
        pipeline.retry(old.id)
    pipeline.retry(new.id)
    pipeline.run()

    assert pipeline.store.jobs.get(old.id).state is JobState.SUPERSEDED
    assert pipeline.job(media).state is JobState.DELIVERED
    [order] = pipeline.orders()
    assert order["callback_url"].endswith(f"/{new.id}")
