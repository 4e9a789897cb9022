"""The request of an order: its form, checked against the API's rules, and a log-safe
description of it. Pure; sends nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from gt_watch.api.urls import public_url
from gt_watch.catalog import validate_request
from gt_watch.errors import ValidationError
from gt_watch.model import Mode, OrderKind
from gt_watch.redact import redact

ParamValue = str | int | bool


def keyword_params(arguments: Mapping[str, object]) -> dict[str, ParamValue]:
    """Given a kind method's keyword arguments, return the API parameters that were set
    (`from_seconds` -> `from`, `till_seconds` -> `till`)."""
    renamed = {"from_seconds": "from", "till_seconds": "till"}
    return {
        renamed.get(name, name): value
        for name, value in arguments.items()
        if name not in ("self", "mode") and isinstance(value, str | int | bool)
    }


def order_form(
    kind: OrderKind, params: Mapping[str, ParamValue], mode: Mode, token: str
) -> dict[str, str]:
    """Given an order's kind, parameters, mode and token, return the form to post. Raise
    ValidationError with every problem if the request breaks the API's rules."""
    reserved = sorted({"api_token", "mode"} & set(params))
    if reserved:
        raise ValidationError(
            [f"'{name}' is set by the client; do not pass it as a parameter" for name in reserved]
        )
    form = {name: _form_value(value) for name, value in params.items()}
    form.update(mode=mode.value, api_token=token)
    problems = validate_request(kind, form)
    if problems:
        raise ValidationError(problems)
    return form


def _form_value(value: ParamValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def describe_order(form: Mapping[str, str]) -> str:
    """Given an order form, return its parameters for a log line: no token, URLs without
    their query strings (presigned URLs carry signatures)."""
    shown = []
    for name, value in form.items():
        if name == "api_token":
            continue
        shown.append(f"{name}={public_url(value) if name.endswith('url') else value}")
    return redact(" ".join(shown))
