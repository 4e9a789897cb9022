"""The schema of a `.gt-watch.yaml` rules file, as pydantic models. No I/O.

Top-level keys, caption profiles and budgets are plain models that refuse unknown keys.
Orders are only shaped here (`OrderSpec`): their API parameters depend on their kind and are
checked against the catalog by `config.orders`. Must not know about inheritance.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from gt_watch.config.schema import StrictModel
from gt_watch.config.units import Duration, Money, Timecode
from gt_watch.model import Mode

RULES_FILE_NAME = ".gt-watch.yaml"

# A name appears in logs, status tables and sidecar names ({rule}): keep it file-name safe.
Name = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]


def _one_or_many(value: object) -> object:
    """Let a single glob stand for a list of one: `match: "*.wav"`."""
    return [value] if isinstance(value, str) else value


Globs = Annotated[
    tuple[Annotated[str, StringConstraints(min_length=1)], ...], BeforeValidator(_one_or_many)
]


class ProfileSpec(StrictModel):
    """A caption style profile: a base profile and the fields that differ from it. A key set
    to null means "no limit" for the limits that allow it; an absent key keeps the base's."""

    base: str | None = None
    max_chars_per_line: int | None = Field(default=None, ge=10, le=120)
    max_lines: int | None = Field(default=None, ge=1, le=4)
    min_duration: Duration | None = None
    max_duration: Duration | None = Field(default=None, gt=0)
    max_chars_per_second: float | None = Field(default=None, gt=0)
    max_words_per_minute: float | None = Field(default=None, gt=0)
    min_seconds_per_word: float | None = Field(default=None, gt=0)
    frame_rate: float | None = Field(default=None, gt=0, le=120)
    min_gap_frames: int | None = Field(default=None, ge=0)
    close_gap_frames: int | None = Field(default=None, ge=0)
    max_extension: Duration | None = None
    bottom_heavy: bool | None = None
    language: str | None = None
    dialogue_dash: str | None = Field(default=None, min_length=1, max_length=3)


class BudgetSpec(StrictModel):
    """A folder's spending guard, in USD. Merged key by key with the parent folders'."""

    max_per_order: Money | None = None
    max_per_day: Money | None = None


class RulesSchema(StrictModel):
    """The whole of a .gt-watch.yaml file. `model_fields_set` tells which keys it sets."""

    mode: Mode | None = None
    match: Globs | None = None
    ignore: Globs | None = None
    inherit: bool = True
    caption_profile: str | None = None
    profiles: dict[Name, ProfileSpec] = Field(default_factory=dict)
    timecode_offset: Timecode | None = None
    overwrite: bool | None = None
    budget: BudgetSpec | None = None
    orders: tuple[Any, ...] = ()


class OrderSpec(BaseModel):
    """The keys of an order that are not API parameters. Other keys are kept in
    `model_extra` and checked against the order kind's parameters."""

    model_config = ConfigDict(extra="allow", frozen=True)

    name: Name | None = None
    enabled: bool = True
    kind: str | None = None
    mode: Mode | None = None
    outputs: tuple[str, ...] | None = None
    naming: str | None = None
    script: str | None = None
    then: tuple[Any, ...] = ()


ORDER_KEYS = tuple(OrderSpec.model_fields)
