"""Sandbox prices: per started minute by kind and turnaround, per word for translation."""

from __future__ import annotations

import pytest

from gt_watch.model import OrderKind
from gt_watch.sandbox import pricing


@pytest.mark.parametrize(("seconds", "minutes"), [(1, 1), (59, 1), (60, 1), (61, 2), (3600, 60)])
def test_billing_counts_every_started_minute(seconds: int, minutes: int) -> None:
    assert pricing.billed_minutes(seconds) == minutes


def test_faster_turnaround_costs_more_for_human_kinds() -> None:
    for kind in (OrderKind.TRANSCRIPTION, OrderKind.CAPTIONS, OrderKind.PROOFREADING):
        prices = [
            pricing.price_cents(kind, seconds=60, turnaround=t)
            for t in ("5_days", "3_days", "1_days", "12_hours")
        ]
        assert prices == sorted(prices)
        assert len(set(prices)) == 4


def test_missing_turnaround_is_priced_as_the_documented_default_of_five_days() -> None:
    default = pricing.price_cents(OrderKind.TRANSCRIPTION, seconds=90)
    assert default == pricing.price_cents(OrderKind.TRANSCRIPTION, seconds=90, turnaround="5_days")
    assert default == 2 * 84


def test_translation_is_priced_per_word_and_ignores_seconds() -> None:
    price = pricing.price_cents(OrderKind.TRANSLATION, words=100, seconds=600)
    assert price == 100 * pricing.TRANSLATION_PER_WORD


def test_proofreading_with_captions_costs_more_than_without() -> None:
    plain = pricing.price_cents(OrderKind.PROOFREADING, seconds=120)
    with_captions = pricing.price_cents(OrderKind.PROOFREADING, seconds=120, captions=True)
    assert with_captions > plain


def test_every_kind_has_a_price() -> None:
    for kind in OrderKind:
        assert pricing.price_cents(kind, seconds=30, words=10) > 0


def test_ai_minutes_cover_the_order_before_the_wallet() -> None:
    assert pricing.ai_split(seconds=150, minutes_left=2) == (2, 1)
    assert pricing.ai_split(seconds=150, minutes_left=10) == (3, 0)
    assert pricing.ai_split(seconds=150, minutes_left=0) == (0, 3)


def test_money_converts_between_cents_and_dollars_without_drift() -> None:
    assert pricing.dollars(1234) == 12.34
    assert pricing.cents(0.1 + 0.2) == 30
