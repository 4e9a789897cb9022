"""Order requests, pure: the API parameters of one job's order, and the tag that finds it again.

The pipeline fills what rules may not set: the media URL (`url` or `audio_url`), the text to
proofread/align/translate (`transcription_url`, or `url` for translations), `callback_url`,
and a reference tag in `comment` where the kind has one.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from gt_watch.catalog import spec_for
from gt_watch.model import OrderKind

TAG_PREFIX = "gtw:"

# Which result of a parent order feeds a chained order, and in which format.
# ASSUMPTION: proofreading and forced alignment read plain text best; translations a document.
CHAIN_INPUT: Mapping[OrderKind, tuple[tuple[str, ...], str | None]] = {
    OrderKind.PROOFREADING: (("transcription_url",), "text"),
    OrderKind.FORCED_ALIGNMENT: (("proofread_transcription_url", "transcription_url"), "text"),
    OrderKind.TRANSLATION: (("proofread_transcription_url", "transcription_url"), "docx"),
}


def order_tag(job_id: str) -> str:
    """The short reference put into an order's comment so reconciliation can find it."""
    return f"{TAG_PREFIX}{job_id}"


def callback_url(public_url: str, secret: str, job_id: str) -> str:
    """The URL GoTranscript calls when the order changes: the job id travels in the path."""
    return f"{public_url.rstrip('/')}/callbacks/{secret}/{job_id}"


def chained_params(
    kind: OrderKind, rule_params: Mapping[str, str], parent_language: str
) -> dict[str, str]:
    """Given a chained order's kind and rule parameters and the language of the order it
    follows, return its parameters with the parent's language filled in where the rule
    left it open (the language to proofread or align, the language to translate from)."""
    params = dict(rule_params)
    for name in ("translate_from", "language"):
        if name in spec_for(kind).param_index:
            params.setdefault(name, parent_language)
    return params


def with_format(url: str, fmt: str | None) -> str:
    """Given a result URL, return it with its `format` query parameter set (or unchanged)."""
    if fmt is None:
        return url
    parts = urlsplit(url)
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key != "format"
    ]
    query.append(("format", fmt))
    return urlunsplit(parts._replace(query=urlencode(query)))


def order_params(
    kind: OrderKind,
    rule_params: Mapping[str, str],
    *,
    media_url: str | None,
    text_url: str | None,
    callback: str | None,
    tag: str,
) -> dict[str, str]:
    """Given a job's kind and rule parameters, the staged media URL, the URL of the text it
    works on (chained orders, alignment scripts) and the callback URL, return the request
    parameters (without token and mode, which the client adds)."""
    spec = spec_for(kind)
    params = dict(rule_params)
    if kind is OrderKind.TRANSLATION:
        source = text_url or media_url
        if source:
            params["url"] = source
    else:
        if media_url:
            params[spec.media_param] = media_url
        if text_url and "transcription_url" in spec.param_index:
            params["transcription_url"] = text_url
    if callback:
        params["callback_url"] = callback
    if "comment" in spec.param_index:
        comment = params.get("comment", "").strip()
        params["comment"] = f"{comment} [{tag}]".strip()
    return params


def tag_in(comment: str | None, tag: str) -> bool:
    """Whether an order's comment carries this job's tag."""
    return bool(comment) and f"[{tag}]" in (comment or "")
