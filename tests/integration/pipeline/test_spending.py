"""Spending guards: a price above a folder's per-order limit, the daily caps of config.yaml
and of a folder's rules, and test mode. Nothing is charged past a guard: the job waits for a
person, who raises the limit (or waits a day) and retries."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gt_watch.model import JobState
from tests.integration.pipeline.harness import CAPTIONS, Harness

# A captions order of media under a minute costs 1.14 USD in the sandbox (5-day turnaround).
PRICE = 1.14


def test_an_order_above_the_folder_s_max_per_order_waits_and_nothing_is_charged(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(CAPTIONS + "budget:\n  max_per_order: 0.50\n")
    wallet = pipeline.wallet()
    media = pipeline.drop("talk.wav")

    pipeline.run()

    job = pipeline.job(media)
    assert job.state is JobState.NEEDS_ATTENTION
    assert job.quote == pytest.approx(PRICE)
    assert job.error is not None
    assert "1.14 USD, above max_per_order 0.50" in job.error
    assert f"`gt-watch retry {job.id}`" in job.error
    assert pipeline.orders() == []
    assert pipeline.wallet() == wallet


def test_raising_max_per_order_and_retrying_places_the_held_order(pipeline: Harness) -> None:
    pipeline.write_rules(CAPTIONS + "budget:\n  max_per_order: 0.50\n")
    media = pipeline.drop("talk.wav")
    pipeline.run()
    held = pipeline.job(media)

    pipeline.write_rules(CAPTIONS + "budget:\n  max_per_order: 5\n")
    pipeline.run()
    pipeline.retry(held.id)
    pipeline.run()

    job = pipeline.job(media)
    assert job.id == held.id
    assert job.state is JobState.DELIVERED
    assert len(pipeline.orders()) == 1


def test_the_global_daily_cap_holds_the_order_that_would_pass_it_until_the_next_day(
    pipeline_with: Callable[..., Harness],
) -> None:
    pipeline = pipeline_with(max_per_day=2.0)
    pipeline.write_rules(CAPTIONS)
    first = pipeline.drop("first.wav", seed=1)
    pipeline.run()
    second = pipeline.drop("second.wav", seed=2)
    pipeline.run()

    assert pipeline.job(first).state is JobState.DELIVERED
    held = pipeline.job(second)
    assert held.state is JobState.NEEDS_ATTENTION
    assert held.error is not None
    assert "2.28 USD, above max_per_day 2.00" in held.error
    assert "limits.max_per_day" in held.error and f"`gt-watch retry {held.id}`" in held.error
    assert len(pipeline.orders()) == 1

    pipeline.clock.advance(24 * 3600)
    pipeline.retry(held.id)
    pipeline.run()

    assert pipeline.job(second).state is JobState.DELIVERED
    assert len(pipeline.orders()) == 2


def test_a_folder_s_daily_cap_counts_only_the_orders_of_its_own_files(pipeline: Harness) -> None:
    pipeline.write_rules(CAPTIONS)
    pipeline.write_rules("budget:\n  max_per_day: 2.00\n", folder="capped")
    elsewhere = pipeline.drop("elsewhere.wav", seed=1)
    pipeline.run()
    first = pipeline.drop("capped/first.wav", seed=2)
    pipeline.run()
    second = pipeline.drop("capped/second.wav", seed=3)
    pipeline.run()
    uncapped = pipeline.drop("later.wav", seed=4)
    pipeline.run()

    assert pipeline.job(elsewhere).state is JobState.DELIVERED
    assert pipeline.job(first).state is JobState.DELIVERED
    held = pipeline.job(second)
    assert held.state is JobState.NEEDS_ATTENTION
    assert held.error is not None
    assert "2.28 USD, above max_per_day 2.00" in held.error
    assert f"in the rules of {pipeline.folder / 'capped'}" in held.error
    assert pipeline.job(uncapped).state is JobState.DELIVERED
    assert len(pipeline.orders()) == 3


def test_a_test_mode_folder_quotes_without_charging_and_switching_it_to_live_orders_a_new_job(
    pipeline: Harness,
) -> None:
    pipeline.write_rules(CAPTIONS.replace("mode: live", "mode: test"))
    wallet = pipeline.wallet()
    media = pipeline.drop("talk.wav")
    pipeline.run()

    quoted = pipeline.job(media)
    assert quoted.state is JobState.QUOTED
    assert quoted.quote == pytest.approx(PRICE)
    assert pipeline.status(media) == [
        ("quoted", "test mode: would cost 1.14 USD; set `mode: live` to order")
    ]
    assert pipeline.orders() == []
    assert pipeline.wallet() == wallet

    pipeline.write_rules(CAPTIONS)
    pipeline.run()

    live = pipeline.job(media)
    assert live.id != quoted.id
    assert live.state is JobState.DELIVERED
    assert [order["id"] for order in pipeline.orders()] == [live.order_id]
    assert pipeline.wallet() == pytest.approx(wallet - PRICE)
    assert "talk.en.srt" in pipeline.files()
