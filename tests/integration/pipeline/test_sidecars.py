"""Writing sidecars next to the media: never over a file someone else wrote or edited
without the rule's consent, never half-written, and a failed write waits for a person with
the old file intact."""

from __future__ import annotations

import os
from pathlib import Path

from gt_watch.model import JobState
from gt_watch.results.sidecars import TEMP_PREFIX
from tests.integration.pipeline.harness import CAPTIONS, Harness, read_only

SIDECARS = ("talk.en.srt", "talk.en.vtt", "talk.en.docx", "talk.en.txt")


def test_a_file_gt_watch_did_not_write_is_never_overwritten(pipeline: Harness) -> None:
    pipeline.write_rules(CAPTIONS)
    theirs = pipeline.folder / "talk.en.srt"
    theirs.write_text("1\n00:00:00,000 --> 00:00:01,000\nmy own subtitles\n", encoding="utf-8")
    media = pipeline.drop("talk.wav")

    pipeline.run()

    job = pipeline.job(media)
    assert job.state is JobState.NEEDS_ATTENTION
    assert job.error is not None
    assert f"{theirs} exists and was not written by gt-watch" in job.error
    assert "`overwrite: true`" in job.error and f"`gt-watch retry {job.id}`" in job.error
    assert pipeline.status(media) == [("blocked", job.error)]
    assert "my own subtitles" in theirs.read_text()
    assert pipeline.files() == {"talk.wav", "talk.en.srt"}  # nothing half-delivered

    theirs.rename(pipeline.folder / "mine.srt")
    pipeline.retry(job.id)
    pipeline.run()

    assert pipeline.job(media).state is JobState.DELIVERED
    assert pipeline.files() == {"talk.wav", "mine.srt", *SIDECARS}
    assert "my own subtitles" in (pipeline.folder / "mine.srt").read_text()


def test_a_rule_saying_overwrite_true_replaces_a_file_gt_watch_did_not_write(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(CAPTIONS + "overwrite: true\n")
    theirs = pipeline.folder / "talk.en.srt"
    theirs.write_text("1\n00:00:00,000 --> 00:00:01,000\nmy own subtitles\n", encoding="utf-8")
    media = pipeline.drop("talk.wav")

    pipeline.run()

    assert pipeline.job(media).state is JobState.DELIVERED
    assert "my own subtitles" not in theirs.read_text()


def test_a_sidecar_edited_after_delivery_is_not_replaced_by_a_re_delivery(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(CAPTIONS)
    media = pipeline.drop("talk.wav")
    pipeline.run()
    job = pipeline.job(media)
    edited = pipeline.folder / "talk.en.txt"
    edited.write_text("corrected by hand\n", encoding="utf-8")
    first = {name: (pipeline.folder / name).read_bytes() for name in SIDECARS}

    pipeline.admin("POST", f"orders/{job.order_id}/redeliver")
    job = pipeline.run_until_state(media, JobState.NEEDS_ATTENTION)

    assert job.revision == 2
    assert job.error is not None and f"{edited} exists" in job.error
    assert {name: (pipeline.folder / name).read_bytes() for name in SIDECARS} == first


def test_a_sidecar_that_cannot_be_written_waits_with_the_old_file_intact_and_retry_succeeds(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(CAPTIONS)
    media = pipeline.drop("talk.wav")
    pipeline.run()
    job = pipeline.job(media)
    first = (pipeline.folder / "talk.en.txt").read_bytes()

    with read_only(pipeline.folder):
        pipeline.admin("POST", f"orders/{job.order_id}/redeliver")
        job = pipeline.run_until_state(media, JobState.NEEDS_ATTENTION)
        assert job.error is not None and "permission denied" in job.error
        assert (pipeline.folder / "talk.en.txt").read_bytes() == first
        assert not list(pipeline.folder.glob(f"{TEMP_PREFIX}*"))

    pipeline.retry(job.id)
    pipeline.run()

    job = pipeline.job(media)
    assert job.state is JobState.DELIVERED and job.revision == 2
    assert (pipeline.folder / "talk.en.txt").read_bytes() != first
    assert pipeline.backups("talk.en.txt") == [first]


def recorded(pipeline: Harness) -> list[tuple[str, int, int]]:
    """(path, size, mtime_ns) of every sidecar as the store recorded it."""
    return sorted(pipeline.store.sidecars.signatures_under(str(pipeline.folder)))


def as_on_disk(pipeline: Harness) -> list[tuple[str, int, int]]:
    """(path, size, mtime_ns) of every sidecar in the watched folder as it is now."""
    return sorted((str(path), *signature(path)) for path in pipeline.folder.glob("talk.en.*"))


def signature(path: Path) -> tuple[int, int]:
    status = os.lstat(path)
    return status.st_size, status.st_mtime_ns


def test_each_sidecar_is_recorded_with_its_size_and_mtime_as_written(pipeline: Harness) -> None:
    pipeline.write_rules(CAPTIONS)
    media = pipeline.drop("talk.wav")
    pipeline.run()
    assert pipeline.job(media).state is JobState.DELIVERED
    assert len(recorded(pipeline)) == len(SIDECARS)
    assert recorded(pipeline) == as_on_disk(pipeline)


def test_a_sidecar_found_with_its_bytes_already_there_is_recorded_as_it_is(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(CAPTIONS)
    media = pipeline.drop("talk.wav")
    pipeline.run()
    job = pipeline.job(media)
    srt = pipeline.folder / "talk.en.srt"
    size, written_mtime = signature(srt)
    os.utime(srt, ns=(written_mtime, written_mtime + 1_000_000_000))  # same bytes
    assert recorded(pipeline) != as_on_disk(pipeline)

    # Touched, the media is taken in again and owed the results it already has.
    status = media.stat()
    os.utime(media, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    pipeline.notice(media)
    pipeline.run_until(lambda: pipeline.states(job.id).count("delivered") == 2)
    pipeline.run()

    assert signature(srt) == (size, written_mtime + 1_000_000_000)  # not written again
    assert recorded(pipeline) == as_on_disk(pipeline)
