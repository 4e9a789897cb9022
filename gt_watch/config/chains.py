"""Chained orders (`then:`): which kind may follow which, and what a chained order takes
from its parent. Pure data and functions over kinds and parameters; must not read rules.

A chained order is placed once its parent has finished and is fed with its results: a
proofreading with the AI transcript, a translation with the transcript, a forced alignment
with the transcript to align.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from gt_watch import catalog
from gt_watch.model import OrderKind

# Which kinds an order may follow in a chain.
FOLLOWS: Mapping[OrderKind, frozenset[OrderKind]] = {
    OrderKind.PROOFREADING: frozenset({OrderKind.AI_TRANSCRIPTION, OrderKind.TRANSCRIPTION}),
    OrderKind.FORCED_ALIGNMENT: frozenset({OrderKind.AI_TRANSCRIPTION, OrderKind.TRANSCRIPTION}),
    OrderKind.TRANSLATION: frozenset(
        {OrderKind.TRANSCRIPTION, OrderKind.CAPTIONS, OrderKind.AI_TRANSCRIPTION}
    ),
    OrderKind.SUBTITLES: frozenset(
        {OrderKind.TRANSCRIPTION, OrderKind.CAPTIONS, OrderKind.AI_TRANSCRIPTION}
    ),
}

# Chained kinds that improve on their parent's results in the parent's own language.
_IMPROVERS = (OrderKind.PROOFREADING, OrderKind.FORCED_ALIGNMENT)


def place_problem(kind: OrderKind, parent: OrderKind | None, *, has_script: bool) -> str | None:
    """Given an order's kind, its parent's kind (None at the top of `orders:`) and whether it
    names a script, return why it cannot stand there, or None if it can."""
    if parent is None:
        return _top_level_problem(kind, has_script=has_script)
    allowed = FOLLOWS.get(kind, frozenset())
    if parent in allowed:
        return None
    title, parent_title = catalog.KINDS[kind].title, catalog.KINDS[parent].title
    where = (
        f"they can follow: {', '.join(sorted(k.name.lower() for k in allowed))}"
        if allowed
        else "they start a chain: put them at the top of `orders:`"
    )
    return f"{title} orders cannot follow {parent_title} orders; {where}"


def _top_level_problem(kind: OrderKind, *, has_script: bool) -> str | None:
    if kind is OrderKind.PROOFREADING:
        return (
            "proofreading needs a transcript to proofread: put it under `then:` of an "
            "ai_transcription or transcription order"
        )
    if kind is OrderKind.TRANSLATION:
        return (
            "translation needs a text to translate: put it under `then:` of a transcription, "
            "captions or ai_transcription order"
        )
    if kind is OrderKind.FORCED_ALIGNMENT and not has_script:
        return (
            'forced alignment needs the text to align: set `script: "{stem}.txt"` (a text '
            "file next to the media), or put it under `then:` of a transcription order"
        )
    return None


def inherited_params(kind: OrderKind, parent_params: Mapping[str, str]) -> dict[str, str]:
    """Given a chained order's kind and its parent's parameters, return the parameters it
    takes from the parent unless written: the language to proofread or align, the language
    to translate from."""
    language = parent_params.get("language")
    if language is None:
        return {}
    if kind in _IMPROVERS:
        return {"language": language}
    if kind in (OrderKind.TRANSLATION, OrderKind.SUBTITLES):
        return {"translate_from": translation_spelling(language)}
    return {}


def translation_spelling(language: str) -> str:
    """Given a transcription language name, return the same language as the translation
    list spells it (`chinese-simplified` -> `simplified-chinese`)."""
    if language in catalog.TRANSLATION_LANGUAGES or language not in catalog.ISO_639_1:
        return language
    tag = catalog.sidecar_tag(language)
    for candidate in catalog.TRANSLATION_LANGUAGES:
        if catalog.sidecar_tag(candidate) == tag:
            return candidate
    return language


def superseded(
    parent_params: Mapping[str, str], children: Iterable[tuple[OrderKind, Mapping[str, str]]]
) -> bool:
    """Given a parent's parameters and its chained orders (kind, parameters), return whether
    one of them improves on the parent in the parent's own language (a proofreading of an
    AI transcript). Such a parent writes nothing unless told to: its sidecars would carry
    the same names as the better ones."""
    language = parent_params.get("language")
    return any(
        kind in _IMPROVERS and params.get("language") == language for kind, params in children
    )
