"""Orders in doubt: the order POST got no usable answer. The sandbox's fault `after=True`
places and charges the order, then answers 5xx: the case a client cannot tell apart from an
order that never arrived. gt-watch never posts again blindly; it finds the order or asks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gt_watch.model import JobState
from tests.integration.pipeline.harness import CAPTIONS, Harness
from tests.support.media import write_wav

AI = """\
mode: live
orders:
  - kind: ai_transcription
    language: english
"""
ENGLISH = {"language": "english"}


def _elsewhere(pipeline: Harness, seed: int) -> Path:
    """A media file outside the watched folder (ordered by someone else, by hand)."""
    return write_wav(pipeline.folder.parent / f"elsewhere-{seed}.wav", 2.0, seed=seed)


def test_an_order_whose_answer_was_lost_is_found_by_its_comment_tag_and_not_posted_again(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(CAPTIONS)
    pipeline.fault("captions", after=True)
    media = pipeline.drop("talk.wav")

    pipeline.run()

    job = pipeline.job(media)
    assert job.state is JobState.DELIVERED
    assert "in_doubt" in pipeline.states(job.id)
    orders = pipeline.orders()
    assert [order["id"] for order in orders] == [job.order_id]
    assert f"[gtw:{job.id}]" in orders[0]["comment"]
    assert {"talk.en.srt", "talk.en.vtt", "talk.en.docx", "talk.en.txt"} <= pipeline.files()


def test_an_ai_order_in_doubt_is_found_by_the_callback_that_names_it(pipeline: Harness) -> None:
    pipeline.write_rules(AI)
    # Someone else's AI order in the same minutes: the time window alone cannot tell.
    other = pipeline.place_elsewhere(_elsewhere(pipeline, 7), "ai_transcription", **ENGLISH)
    pipeline.fault("automatic_transcriptions", after=True)
    media = pipeline.drop("talk.wav")
    job = pipeline.run_until_state(media, JobState.IN_DOUBT, JobState.ORDERED)
    pipeline.run_until(lambda: pipeline.store.inbox.count(job.id))

    # Less than the grace period: only the callback's evidence can settle it this soon.
    pipeline.clock.advance(pipeline.settings.reconcile_grace / 2)
    pipeline.run()

    job = pipeline.job(media)
    assert job.state is JobState.DELIVERED
    assert "in_doubt" in pipeline.states(job.id)
    orders = {order["id"]: order for order in pipeline.orders()}
    assert len(orders) == 2
    assert job.order_id != other
    assert orders[job.order_id]["callback_url"].endswith(f"/{job.id}")


def test_an_ai_order_in_doubt_without_callbacks_is_found_by_its_time_window(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(AI)
    pipeline.knobs(drop_callbacks=True)
    pipeline.fault("automatic_transcriptions", after=True)
    media = pipeline.drop("talk.wav")

    pipeline.run()

    job = pipeline.job(media)
    assert job.state is JobState.DELIVERED
    assert "in_doubt" in pipeline.states(job.id)
    assert [order["id"] for order in pipeline.orders()] == [job.order_id]
    assert pipeline.store.inbox.count(job.id) == 0


def test_an_ai_order_that_never_arrived_is_not_taken_for_someone_else_s_of_another_length(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(AI)
    pipeline.knobs(drop_callbacks=True)
    other = pipeline.place_elsewhere(_elsewhere(pipeline, 7), "ai_transcription", **ENGLISH)
    pipeline.fault("automatic_transcriptions")  # refused before it took effect: no order
    media = pipeline.drop("talk.wav", seconds=9.0)

    pipeline.run_until_state(media, JobState.IN_DOUBT, JobState.ORDERED)
    pipeline.clock.advance(pipeline.settings.reconcile_grace + 1)
    job = pipeline.run_until_state(media, JobState.NEEDS_ATTENTION, JobState.ORDERED)

    assert job.state is JobState.NEEDS_ATTENTION
    assert job.order_id is None
    assert [order["id"] for order in pipeline.orders()] == [other]


def test_an_order_not_found_after_the_grace_period_waits_for_a_person_and_retry_places_it_once(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(CAPTIONS)
    pipeline.fault("captions")  # refused before it took effect: no order exists
    media = pipeline.drop("talk.wav")
    pipeline.run_until_state(media, JobState.IN_DOUBT)
    assert pipeline.orders() == []

    pipeline.clock.advance(pipeline.settings.reconcile_grace + 1)
    job = pipeline.run_until_state(media, JobState.NEEDS_ATTENTION)

    assert job.error is not None
    assert "no matching order" in job.error
    assert "dashboard" in job.error and f"`gt-watch retry {job.id}`" in job.error
    assert pipeline.status(media) == [("needs_attention", job.error)]
    assert pipeline.orders() == []

    pipeline.retry(job.id)
    pipeline.run()

    job = pipeline.job(media)
    assert job.state is JobState.DELIVERED
    assert [order["id"] for order in pipeline.orders()] == [job.order_id]


def test_retry_with_an_order_id_binds_the_order_a_person_found_in_the_dashboard(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(CAPTIONS)
    pipeline.fault("captions")
    media = pipeline.drop("talk.wav")
    pipeline.run_until_state(media, JobState.IN_DOUBT)
    pipeline.clock.advance(pipeline.settings.reconcile_grace + 1)
    job = pipeline.run_until_state(media, JobState.NEEDS_ATTENTION)
    placed_by_hand = pipeline.place_elsewhere(media, "captions", language="english")

    answer = pipeline.retry(job.id, order_id=placed_by_hand)
    pipeline.run()

    assert str(placed_by_hand) in answer
    job = pipeline.job(media)
    assert job.state is JobState.DELIVERED
    assert job.order_id == placed_by_hand
    assert [order["id"] for order in pipeline.orders()] == [placed_by_hand]
    assert "talk.en.srt" in pipeline.files()


def test_several_orders_that_could_be_an_ai_job_s_are_named_for_a_person_to_choose(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(AI)
    pipeline.knobs(drop_callbacks=True)
    other = pipeline.place_elsewhere(_elsewhere(pipeline, 7), "ai_transcription", **ENGLISH)
    pipeline.fault("automatic_transcriptions", after=True)
    media = pipeline.drop("talk.wav")
    pipeline.run_until_state(media, JobState.IN_DOUBT, JobState.NEEDS_ATTENTION)

    pipeline.clock.advance(pipeline.settings.reconcile_grace + 1)
    job = pipeline.run_until_state(media, JobState.NEEDS_ATTENTION)

    ours = next(order["id"] for order in pipeline.orders() if order["id"] != other)
    assert job.error is not None
    assert f"{other}" in job.error and f"{ours}" in job.error
    assert f"`gt-watch retry {job.id} --order ID`" in job.error

    pipeline.retry(job.id, order_id=ours)
    pipeline.run()

    job = pipeline.job(media)
    assert job.state is JobState.DELIVERED
    assert job.order_id == ours
    assert len(pipeline.orders()) == 2


def test_ordering_pauses_while_orders_in_doubt_reach_max_in_doubt_and_resumes_once_settled(
    pipeline_with: Callable[..., Harness],
) -> None:
    pipeline = pipeline_with(max_in_doubt=1)
    pipeline.write_rules(CAPTIONS)
    pipeline.fault("captions")
    first = pipeline.drop("first.wav", seed=1)
    pipeline.run_until_state(first, JobState.IN_DOUBT)

    second = pipeline.drop("second.wav", seed=2)
    waiting = pipeline.run_until_job(second, lambda job: "in doubt" in (job.error or ""))
    assert waiting.state is JobState.STAGED
    # The doubt passes to a person; ordering stays paused until it is settled.
    pipeline.clock.advance(pipeline.settings.reconcile_grace + 1)
    doubtful = pipeline.run_until_state(first, JobState.NEEDS_ATTENTION)
    still = pipeline.run_until_touched(pipeline.job(second).id)
    assert still.state is JobState.STAGED
    assert still.error is not None and "in doubt" in still.error
    assert pipeline.orders() == []

    pipeline.retry(doubtful.id)
    pipeline.run()

    assert pipeline.job(first).state is JobState.DELIVERED
    assert pipeline.job(second).state is JobState.DELIVERED
    assert len(pipeline.orders()) == 2


def test_a_callback_arriving_after_a_person_was_asked_settles_the_doubt_without_a_new_order(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(AI)
    pipeline.knobs(delay=600)  # nothing finishes, so no callback comes, until finished by hand
    pipeline.place_elsewhere(_elsewhere(pipeline, 7), "ai_transcription", **ENGLISH)
    pipeline.fault("automatic_transcriptions", after=True)
    media = pipeline.drop("talk.wav")
    pipeline.run_until_state(media, JobState.IN_DOUBT)
    pipeline.clock.advance(pipeline.settings.reconcile_grace + 1)
    job = pipeline.run_until_state(media, JobState.NEEDS_ATTENTION)
    ours = next(o["id"] for o in pipeline.orders() if (o["callback_url"] or "").endswith(job.id))

    pipeline.admin("POST", f"orders/{ours}/finish")
    pipeline.run_until(lambda: pipeline.store.inbox.count(job.id))
    pipeline.run()

    job = pipeline.job(media)
    assert job.state is JobState.DELIVERED
    assert job.order_id == ours
    assert len(pipeline.orders()) == 2
