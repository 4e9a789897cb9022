"""Resolving the rules files of a folder and its parents into its effective `FolderRules`. Pure.

A child file overrides the top-level keys its parents set; `orders` merge by name (the same
name replaces, `enabled: false` removes an inherited order, new names add), and so do
`profiles`; `budget` merges key by key so that a child restricting one limit does not lift
its parent's other one; `inherit: false` starts afresh. Problems that only show once files
are combined (an unknown caption profile, two orders writing one sidecar) are reported at
the file and line that cause them. Must not read files.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from gt_watch.config.collisions import sidecar_collisions
from gt_watch.config.fingerprint import rule_fingerprint
from gt_watch.config.matching import DEFAULT_MATCH, anchored
from gt_watch.config.orders import OrderDraft, OrderEntry
from gt_watch.config.profiles import ProfileError, build_profile, unknown_profile_message
from gt_watch.config.rules import RulesFile
from gt_watch.config.rules_schema import ProfileSpec
from gt_watch.config.schema import Config
from gt_watch.config.units import parse_timecode
from gt_watch.errors import ConfigError, Problem
from gt_watch.model import Budget, FolderRules, Mode, OrderRule, StyleProfile
from gt_watch.results.profiles import DEFAULT_PROFILE, PROFILES


@dataclass(frozen=True, slots=True)
class RuleDefaults:
    """What config.yaml supplies to every folder: the default mode and per-order limit."""

    mode: Mode = Mode.TEST
    max_per_order: float | None = None

    @classmethod
    def from_config(cls, config: Config) -> RuleDefaults:
        """Given the global config, return what it supplies to every folder's rules."""
        return cls(mode=config.mode, max_per_order=config.limits.max_per_order)


@dataclass(frozen=True, slots=True)
class PlacedRule:
    """An effective order rule with the file and the draft that wrote it (for messages)."""

    rule: OrderRule
    file: RulesFile
    draft: OrderDraft


def resolve(
    chain: Sequence[RulesFile], folder: str | None = None, defaults: RuleDefaults = RuleDefaults()
) -> FolderRules:
    """Given the rules files of a folder's ancestors and itself, root first (folders without
    a file are simply absent), return the folder's effective rules. `folder` defaults to the
    last file's folder. Raise ConfigError with every problem of the combination."""
    files = _effective(chain)
    problems: list[Problem] = []
    profile = _caption_profile(files, problems)
    timecode_offset = _timecode_offset(files, profile, problems)
    mode = _last_value(files, "mode") or defaults.mode
    orders = _orders(files, Mode(mode), problems)
    placed = [item for order in orders for item in _flatten(order.rule, order.draft, order.file)]
    problems.extend(_duplicate_names(placed))
    problems.extend(
        sidecar_collisions([(item.rule, item.file, item.draft.path) for item in placed])
    )
    if problems:
        raise ConfigError(list(dict.fromkeys(problems)))
    return FolderRules(
        folder=folder if folder is not None else (chain[-1].folder if chain else ""),
        sources=tuple(file.source for file in files),
        match=_globs(files, "match", DEFAULT_MATCH),
        ignore=_globs(files, "ignore", ()),
        orders=tuple(order.rule for order in orders),
        caption_profile=profile,
        budget=_budget(files, defaults),
        overwrite=bool(_last_value(files, "overwrite")),
        timecode_offset=timecode_offset,
    )


def _effective(chain: Sequence[RulesFile]) -> Sequence[RulesFile]:
    """The files that count: from the last one that says `inherit: false` on."""
    start = 0
    for index, file in enumerate(chain):
        if not file.settings.inherit:
            start = index
    return chain[start:]


def _setter(files: Sequence[RulesFile], key: str) -> RulesFile | None:
    return next((file for file in reversed(files) if file.sets(key)), None)


def _last_value(files: Sequence[RulesFile], key: str) -> Any:
    file = _setter(files, key)
    return getattr(file.settings, key) if file else None


def _globs(files: Sequence[RulesFile], key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    file = _setter(files, key)
    if file is None:
        return anchored(default, "")
    return anchored(getattr(file.settings, key) or (), file.folder)


def _caption_profile(files: Sequence[RulesFile], problems: list[Problem]) -> StyleProfile:
    definitions: dict[str, tuple[ProfileSpec, RulesFile]] = {}
    for file in files:
        for name, spec in file.settings.profiles.items():
            definitions[name] = (spec, file)
    specs = {name: spec for name, (spec, _) in definitions.items()}
    for name, (_, file) in definitions.items():
        try:
            build_profile(name, specs)
        except ProfileError as error:
            where = ("profiles", name, error.key) if error.key else ("profiles", name)
            problems.append(file.problem(where, str(error)))
    setter = _setter(files, "caption_profile")
    if setter is None or setter.settings.caption_profile is None:
        return DEFAULT_PROFILE
    name = setter.settings.caption_profile
    if name not in specs and name not in PROFILES:
        problems.append(setter.problem(("caption_profile",), unknown_profile_message(name, specs)))
        return DEFAULT_PROFILE
    try:
        return build_profile(name, specs)
    except ProfileError:
        return DEFAULT_PROFILE  # reported above, at the definition


def _timecode_offset(
    files: Sequence[RulesFile], profile: StyleProfile, problems: list[Problem]
) -> float:
    setter = _setter(files, "timecode_offset")
    if setter is None or setter.settings.timecode_offset is None:
        return 0.0
    try:
        return parse_timecode(setter.settings.timecode_offset, profile.frame_rate)
    except ValueError as error:
        problems.append(setter.problem(("timecode_offset",), str(error)))
        return 0.0


def _budget(files: Sequence[RulesFile], defaults: RuleDefaults) -> Budget:
    per_order = _budget_setter(files, "max_per_order")
    per_day = _budget_setter(files, "max_per_day")
    return Budget(
        max_per_order=_budget_value(per_order, "max_per_order", defaults.max_per_order),
        max_per_day=_budget_value(per_day, "max_per_day", None),
        scope=per_day.folder if per_day else None,
    )


def _budget_setter(files: Sequence[RulesFile], key: str) -> RulesFile | None:
    for file in reversed(files):
        budget = file.settings.budget
        if budget is not None and key in budget.model_fields_set:
            return file
    return None


def _budget_value(file: RulesFile | None, key: str, default: float | None) -> float | None:
    if file is None or file.settings.budget is None:
        return default
    value: float | None = getattr(file.settings.budget, key)
    return value


def _orders(files: Sequence[RulesFile], mode: Mode, problems: list[Problem]) -> list[PlacedRule]:
    merged: dict[str, tuple[OrderEntry, RulesFile]] = {}
    for file in files:
        for entry in file.orders:
            if entry.draft is not None:
                merged[entry.name] = (entry, file)
            elif merged.pop(entry.name, None) is None and entry.bare:
                problems.append(
                    file.problem((*entry.path, "name"), _nothing_to_remove(entry.name, merged))
                )
    return [
        PlacedRule(to_rule(entry.draft, mode), file, entry.draft)
        for entry, file in merged.values()
        if entry.draft is not None
    ]


def _nothing_to_remove(name: str, merged: dict[str, tuple[OrderEntry, RulesFile]]) -> str:
    inherited = ", ".join(merged) or "none"
    return (
        f"`enabled: false` switches off an inherited order, but no order named '{name}' "
        f"is inherited here (inherited: {inherited})"
    )


def to_rule(draft: OrderDraft, mode: Mode, parent_fingerprint: str = "") -> OrderRule:
    """Given an order draft, the mode of its folder (or parent order) and its parent's
    fingerprint, return the OrderRule with its chain and fingerprints."""
    rule = OrderRule(
        name=draft.name,
        kind=draft.kind,
        params=dict(draft.params),
        mode=draft.mode or mode,
        outputs=draft.outputs,
        naming=draft.naming,
        script=draft.script,
    )
    fingerprint = rule_fingerprint(rule, parent_fingerprint)
    then = tuple(to_rule(child, rule.mode, fingerprint) for child in draft.then)
    return dataclasses.replace(rule, then=then, fingerprint=fingerprint)


def _flatten(rule: OrderRule, draft: OrderDraft, file: RulesFile) -> list[PlacedRule]:
    placed = [PlacedRule(rule, file, draft)]
    for child_rule, child_draft in zip(rule.then, draft.then, strict=True):
        placed.extend(_flatten(child_rule, child_draft, file))
    return placed


def _duplicate_names(placed: list[PlacedRule]) -> list[Problem]:
    first: dict[str, PlacedRule] = {}
    problems = []
    for item in placed:
        earlier = first.setdefault(item.rule.name, item)
        if earlier is not item:
            line = earlier.file.document.line_of(earlier.draft.path)
            problems.append(
                item.file.problem(
                    item.draft.path,
                    f"two orders are named '{item.rule.name}' (the other is in "
                    f"{earlier.file.source}:{line}); set a distinct `name:` on one of them",
                )
            )
    return problems
