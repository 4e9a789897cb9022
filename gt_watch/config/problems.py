"""Turning pydantic's validation errors into Problems people can act on, at the right line.

Each error becomes `errors.Problem(message, path, line, key)`: the line is that of the key
that is wrong (or of its parent when the key is missing), the key is written as people write
it (`watches[0].quiet_period`), and unknown keys get a "did you mean" hint computed from the
schema itself. Must not know any particular schema, and must never echo values under `api`
(a misplaced token would otherwise land in a terminal or a log).
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from gt_watch.config.yamlsource import KeyPath, YamlDocument
from gt_watch.errors import Problem

# Keys whose values are never repeated in a message.
_SECRET_SECTIONS = frozenset({"api"})


def problems_from_validation(
    error: ValidationError,
    document: YamlDocument,
    model: type[BaseModel],
    base: KeyPath = (),
) -> list[Problem]:
    """Given pydantic's error for validating the data at `base` of `document` against `model`,
    return one Problem per error, each at the line of the offending key."""
    data = _value_at(document.data, base)
    problems = []
    for details in _without_consequences(error.errors()):
        path = _data_path(data, tuple(details["loc"]))
        if details["type"] == "union_tag_invalid":
            path = _at_discriminator(data, path, details)
        message = _message(details, path, model)
        problems.append(document.problem((*base, *path), message))
    return sorted(problems, key=lambda problem: problem.line or 0)


def _without_consequences(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop "too few items" errors caused by items that failed themselves: the items'
    own errors say what to fix."""
    locs = [tuple(details["loc"]) for details in errors]
    return [
        details
        for details in errors
        if details["type"] != "too_short"
        or not any(
            len(loc) > len(details["loc"]) and loc[: len(details["loc"])] == details["loc"]
            for loc in locs
        )
    ]


def suggest(word: str, choices: Iterable[str]) -> str:
    """Given a misspelled word and the right choices, return ` (did you mean 'x'?)` or ``."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def describe(value: object) -> str:
    """Given a value from YAML, return a short description of it for a message."""
    if value is None:
        return "an empty value"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def _value_at(data: Any, path: KeyPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _data_path(data: Any, loc: tuple[str | int, ...]) -> KeyPath:
    """Map pydantic's loc onto the written data: union tags and model names in a loc are not
    keys of the file, so they are skipped; a trailing missing key is kept."""
    path: list[str | int] = []
    current = data
    for position, part in enumerate(loc):
        last = position == len(loc) - 1
        if _has_key(current, part):
            current = current[part]
        elif last:
            current = None
        else:
            continue
        path.append(part)
    return tuple(path)


def _at_discriminator(data: Any, path: KeyPath, details: ErrorDetails) -> KeyPath:
    """A wrong tag is the fault of the key that holds it (`storage.type`), not its section."""
    key = str((details.get("ctx") or {}).get("discriminator", "")).strip("'")
    section = _value_at(data, path)
    return (*path, key) if isinstance(section, Mapping) and key in section else path


def _has_key(data: Any, part: str | int) -> bool:
    if isinstance(data, Mapping):
        return part in data
    return isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)


def _message(details: ErrorDetails, path: KeyPath, model: type[BaseModel]) -> str:
    kind = details["type"]
    ctx = details.get("ctx") or {}
    secret = bool(path) and path[0] in _SECRET_SECTIONS
    if kind == "extra_forbidden":
        key = str(path[-1]) if path else "?"
        known = _known_keys(model, tuple(details["loc"])[:-1])
        hint = suggest(key, known) or (f" (known keys: {', '.join(known)})" if known else "")
        return f"unknown key '{key}'{hint}"
    if kind == "missing":
        return f"missing required key '{path[-1] if path else '?'}'"
    if kind == "union_tag_invalid":
        expected = str(ctx.get("expected_tags", "")).replace("'", "")
        tag = str(ctx.get("tag"))
        return (
            f"'{tag}' is not known; choose one of: {expected}{suggest(tag, expected.split(', '))}"
        )
    if kind == "union_tag_not_found":
        return f"missing required key {ctx.get('discriminator', '')}"
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace("'", "")
        value = details.get("input")
        hint = suggest(str(value), expected.replace(" or ", ", ").split(", "))
        shown = "" if secret else f"{describe(value)} is not allowed; "
        return f"{shown}choose {expected}{hint}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    message = _PLAIN_MESSAGES.get(kind) or details["msg"].removeprefix("Value error, ")
    if message.startswith("Input should be"):
        message = "should be" + message.removeprefix("Input should be")
    if message.startswith("should be") and not secret:
        message += f", not {describe(details.get('input'))}"
    return message


_PLAIN_MESSAGES = {
    "int_parsing": "should be a whole number",
    "int_type": "should be a whole number",
    "int_from_float": "should be a whole number",
    "float_parsing": "should be a number",
    "float_type": "should be a number",
    "bool_parsing": "should be true or false",
    "bool_type": "should be true or false",
    "string_type": "should be text",
    "dict_type": "should be a mapping of keys to values",
    "model_type": "should be a mapping of keys to values",
    "model_attributes_type": "should be a mapping of keys to values",
    "list_type": "should be a list",
    "tuple_type": "should be a list",
}


def _known_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """Given a model and the loc of a mapping inside it, return the keys that mapping allows."""
    candidates: list[Any] = [model]
    for part in loc:
        candidates = [step for candidate in candidates for step in _descend(candidate, part)]
    keys: list[str] = []
    for candidate in map(_strip_annotated, candidates):
        if _is_model(candidate):
            keys.extend(name for name in candidate.model_fields if name not in keys)
    return keys


def _descend(annotation: Any, part: str | int) -> list[Any]:
    annotation = _strip_annotated(annotation)
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [member for member in arguments if member is not type(None)]
        tagged = [member for member in members if _has_tag(member, part)]
        if tagged:
            return tagged
        return [step for member in members for step in _descend(member, part)]
    if isinstance(part, int) and origin in (list, tuple, Sequence):
        return [arguments[0]] if arguments else []
    if isinstance(part, str) and origin in (dict, Mapping):
        return [arguments[1]] if len(arguments) == 2 else []
    if _is_model(annotation) and isinstance(part, str) and part in annotation.model_fields:
        return [annotation.model_fields[part].annotation]
    return []


def _strip_annotated(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _has_tag(member: Any, part: str | int) -> bool:
    """Whether `part` is how pydantic names this union member in a loc (a tag or class name)."""
    member = _strip_annotated(member)
    if not _is_model(member):
        return False
    if part == member.__name__:
        return True
    return any(
        typing.get_origin(field.annotation) is typing.Literal
        and part in typing.get_args(field.annotation)
        for field in member.model_fields.values()
    )


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)
