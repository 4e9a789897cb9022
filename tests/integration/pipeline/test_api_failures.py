"""The API saying no, being away, or failing on reads: a refusal fails the job with the API's
own words and waits for a person; an order that provably never left is simply tried again
later; reads are retried by the client."""

from __future__ import annotations

from gt_watch.model import JobState
from tests.integration.pipeline.harness import CAPTIONS, Harness


def test_a_refusal_for_a_small_wallet_fails_with_the_api_s_words_and_retry_after_top_up_orders_once(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(CAPTIONS)
    pipeline.admin("PUT", "wallet", usd=0.50)
    media = pipeline.drop("talk.wav")
    pipeline.run()

    job = pipeline.job(media)
    assert job.state is JobState.FAILED
    assert job.error is not None
    assert "not enough money in the wallet" in job.error
    # Nothing is tried again by itself, however long it waits.
    pipeline.clock.advance(3600)
    pipeline.run()
    assert pipeline.job(media).state is JobState.FAILED
    assert pipeline.states(job.id).count("ordering") == 1
    assert pipeline.orders() == []

    pipeline.admin("PUT", "wallet", usd=100.0)
    pipeline.retry(job.id)
    pipeline.run()

    job = pipeline.job(media)
    assert job.state is JobState.DELIVERED
    assert pipeline.states(job.id).count("ordering") == 2
    assert [order["id"] for order in pipeline.orders()] == [job.order_id]


def test_an_unreachable_api_sends_the_order_back_to_staged_and_it_is_placed_later_never_in_doubt(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(CAPTIONS)
    with pipeline.sandbox_down():
        media = pipeline.drop("talk.wav")
        job = pipeline.run_until_job(
            media, lambda job: pipeline.states(job.id).count("ordering") >= 2
        )
        assert job.error is not None and "could not be reached" in job.error

    pipeline.run()

    job = pipeline.job(media)
    assert job.state is JobState.DELIVERED
    assert "in_doubt" not in pipeline.states(job.id)
    assert [order["id"] for order in pipeline.orders()] == [job.order_id]


def test_server_errors_on_reads_are_retried_by_the_client_and_the_job_goes_on(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(CAPTIONS)
    pipeline.fault("orders", method="GET", count=3, status=502)
    media = pipeline.drop("talk.wav")

    pipeline.run()

    job = pipeline.job(media)
    assert job.state is JobState.DELIVERED
    assert pipeline.admin("GET", "knobs")["faults"] == []  # every one of them was met
    assert "needs_attention" not in pipeline.states(job.id)
    assert len(pipeline.orders()) == 1
