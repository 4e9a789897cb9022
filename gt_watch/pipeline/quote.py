"""Quoting: what a file's folder rules would order, each order (and each chained order)
priced by GoTranscript in test mode. Must not touch the store, create jobs or place a live
order: its only side effects are making the media reachable by URL (an upload with S3
storage) and test-mode requests.

The requests are the ones the daemon would send (same parameters, same storage key, so an
upload made for a quote is not repeated when the file is ordered), except that test mode
is always asked and no callback is given. A chained order whose input does not exist yet
is priced with what can stand in for it: proofreading and forced alignment are billed by
the length of the media, so the API's sample transcript stands in for the parent's; a
translation is billed per word of a transcript that does not exist yet, so it gets no
price, only a note.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from gt_watch.errors import ApiError, ConfigError, MediaError, StorageError, ValidationError
from gt_watch.model import Mode, OrderKind, OrderRule
from gt_watch.pipeline.context import log
from gt_watch.pipeline.media import MediaFacts
from gt_watch.pipeline.ordering import content_key
from gt_watch.pipeline.ports import OrderApi, RulesSource, UploadProgress
from gt_watch.pipeline.requests import CHAIN_INPUT, chained_params, order_params
from gt_watch.pipeline.sources import SourceRouter, source_name, source_stem, source_suffix

# The reference put into a quoted order's comment (where the kind has one), in place of
# the job tag the daemon puts there: a quote has no job.
QUOTE_TAG = "gtw:quote"


@dataclass(frozen=True, slots=True)
class QuotedOrder:
    """One order a file's rules ask for, as priced. `depth` is 0 for the file's own orders
    and grows along `then` chains; `price` is None when it could not be priced (`note`
    says why) and `note` may also say how a chained order was priced."""

    rule_name: str
    kind: OrderKind
    language: str | None
    mode: Mode
    depth: int
    seconds: int | None = None
    price: float | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class FileQuote:
    """The quote of one file: its orders, or the reason nothing can be ordered for it."""

    source: str
    duration: float | None = None
    orders: tuple[QuotedOrder, ...] = ()
    problem: str | None = None

    @property
    def total(self) -> float:
        """The sum of the prices known (orders without a price are not in it)."""
        return round(sum(order.price or 0.0 for order in self.orders), 2)

    @property
    def complete(self) -> bool:
        """Whether every order the rules ask for got a price."""
        return self.problem is None and all(order.price is not None for order in self.orders)


@dataclass(frozen=True, slots=True)
class Quoting:
    """What quoting works with. `sample_text_url` is a transcript the API can read (its
    own sample), standing in for a parent's transcript that does not exist yet."""

    api: OrderApi
    sources: SourceRouter
    rules: RulesSource
    uploads: UploadProgress
    sample_text_url: str | None


def quote_file(quoting: Quoting, source: str) -> FileQuote:
    """Given a source (an absolute path, or `s3://bucket/key`), return the price of every
    order its folder's rules would place for it, or the reason none would be placed."""
    try:
        rules = quoting.rules.rules_for(source)
    except ConfigError as error:
        return FileQuote(source, problem=f"its rules cannot be used: {error}")
    if not rules.orders:
        return FileQuote(source, problem="no rules file in its folder or above asks for orders")
    if not quoting.rules.matches(rules, source):
        return FileQuote(source, problem=_unmatched(source))
    try:
        facts = quoting.sources(source).examine(source)
        media_url = _stage(quoting, source, facts)
    except (MediaError, StorageError) as error:
        return FileQuote(source, problem=str(error))
    orders = tuple(_quote_rules(quoting, source, facts, media_url, rules.orders, None, 0))
    return FileQuote(source, facts.duration, orders)


def _unmatched(source: str) -> str:
    return (
        f"its folder's rules do not order for {source_name(source)} (it is not in their "
        "`match:` globs, or is in their `ignore:` globs)"
    )


def _stage(quoting: Quoting, source: str, facts: MediaFacts) -> str:
    with quoting.uploads.track(source_name(source), facts.size) as progress:
        staged = quoting.sources(source).stage(
            source, content_key(facts.content_hash, source), progress=progress
        )
    return staged.url


def _quote_rules(
    quoting: Quoting,
    source: str,
    facts: MediaFacts,
    media_url: str,
    rules: tuple[OrderRule, ...],
    parent: OrderRule | None,
    depth: int,
) -> Iterator[QuotedOrder]:
    """Quote each rule, then the rules chained after it, depth first (the order `status`
    shows them in)."""
    for rule in rules:
        params = dict(rule.params)
        if parent is not None:
            params = chained_params(rule.kind, params, parent.params.get("language", ""))
        unpriced = QuotedOrder(
            rule.name, rule.kind, params.get("translate_to") or params.get("language"),
            rule.mode, depth,
        )  # fmt: skip
        yield _priced(quoting, source, facts, media_url, rule, params, parent, unpriced)
        yield from _quote_rules(quoting, source, facts, media_url, rule.then, rule, depth + 1)


def _priced(
    quoting: Quoting,
    source: str,
    facts: MediaFacts,
    media_url: str,
    rule: OrderRule,
    params: dict[str, str],
    parent: OrderRule | None,
    unpriced: QuotedOrder,
) -> QuotedOrder:
    try:
        text_url, note = _text_for(quoting, source, rule, parent)
    except (StorageError, _Unpriced) as reason:
        return replace(unpriced, note=str(reason))
    request = order_params(
        rule.kind, params, media_url=media_url, text_url=text_url, callback=None, tag=QUOTE_TAG
    )
    try:
        receipt = quoting.api.place_order(rule.kind, request, Mode.TEST)
    except (ValidationError, ApiError) as error:
        return replace(unpriced, note=str(error))
    if receipt.order_id is not None:
        # Test mode never creates an order; if the API did, a person must know at once.
        log.error("GoTranscript answered a test-mode quote with order %s", receipt.order_id)
        note = f"GoTranscript created order {receipt.order_id} although test mode was asked"
    return replace(unpriced, seconds=receipt.seconds, price=receipt.order_total, note=note)


class _Unpriced(Exception):
    """An order cannot be priced before something exists (the message says what)."""


def _text_for(
    quoting: Quoting, source: str, rule: OrderRule, parent: OrderRule | None
) -> tuple[str | None, str | None]:
    """The URL of the text an order works on, and a note on how it stands in. Raise
    _Unpriced if the order cannot be priced yet, StorageError if a script cannot be staged."""
    if parent is not None:
        fields, _ = CHAIN_INPUT.get(rule.kind, ((), None))
        if not fields:
            return None, None
        if rule.kind is OrderKind.TRANSLATION:
            raise _Unpriced("priced per word of the transcript, once it exists")
        if quoting.sample_text_url is None:
            raise _Unpriced("needs the transcript, which does not exist yet")
        return quoting.sample_text_url, "a sample transcript stood in for the one to come"
    if rule.kind is OrderKind.FORCED_ALIGNMENT and rule.script:
        return _script_url(quoting, source, rule.script), None
    return None, None


def _script_url(quoting: Quoting, source: str, template: str) -> str:
    name = template.format(stem=source_stem(source), name=source_name(source))
    sources = quoting.sources(source)
    script = sources.sibling(source, name)
    script_hash = sources.content_id(script)
    if script_hash is None:
        raise _Unpriced(f"the alignment script {name} is missing next to the media")
    return sources.stage(script, f"scripts/{script_hash}{source_suffix(script)}").url
