"""Planning, pure: which jobs a file needs under its folder's rules and what each delivery
owes. No I/O, no database.

A job is identified by (content hash, rule fingerprint, mode). The fingerprint (computed by
`config` when rules are resolved) covers what is *ordered* (kind, API parameters, the chain
above it) and not what is *written* (outputs, naming, folder), so the same bytes under the
same order are paid for once and their results are rendered for every copy with each
folder's own output choices.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gt_watch.catalog import spec_for
from gt_watch.model import Budget, FolderRules, Mode, OrderRule, StyleProfile


@dataclass(frozen=True, slots=True)
class DeliveryPlan:
    """What one job owes to one source file: rendered outputs, names, style; and the orders
    to place after it (its `then` chain), as the folder's rules said when the file was seen."""

    rule_name: str
    outputs: tuple[str, ...]
    naming: str
    language: str | None
    profile: StyleProfile
    overwrite: bool
    timecode_offset: float
    then: tuple[OrderRule, ...]
    budget: Budget = dataclasses.field(default_factory=Budget)

    def to_json(self) -> dict[str, Any]:
        return {
            "rule_name": self.rule_name,
            "outputs": list(self.outputs),
            "naming": self.naming,
            "language": self.language,
            "profile": dataclasses.asdict(self.profile),
            "overwrite": self.overwrite,
            "timecode_offset": self.timecode_offset,
            "then": [rule_to_json(rule) for rule in self.then],
            "budget": dataclasses.asdict(self.budget),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DeliveryPlan:
        return cls(
            rule_name=data["rule_name"],
            outputs=tuple(data["outputs"]),
            naming=data["naming"],
            language=data["language"],
            profile=StyleProfile(**data["profile"]),
            overwrite=bool(data["overwrite"]),
            timecode_offset=float(data["timecode_offset"]),
            then=tuple(rule_from_json(rule) for rule in data["then"]),
            budget=Budget(**data.get("budget", {})),
        )


@dataclass(frozen=True, slots=True)
class PlannedJob:
    """One order a file needs: the rule, its identity, and what it owes the file."""

    rule: OrderRule
    fingerprint: str
    delivery: DeliveryPlan


def plan_file(rules: FolderRules) -> list[PlannedJob]:
    """Given a folder's effective rules, return the top-level jobs a matching file needs."""
    return [plan_rule(rules, rule) for rule in rules.orders]


def plan_rule(rules: FolderRules | DeliveryPlan, rule: OrderRule) -> PlannedJob:
    """Given the folder context (rules, or the parent's delivery plan for chained orders) and
    one resolved order rule, return the planned job."""
    delivery = DeliveryPlan(
        rule_name=rule.name,
        outputs=rule.outputs,
        naming=rule.naming,
        language=rule.result_language,
        profile=rules.caption_profile if isinstance(rules, FolderRules) else rules.profile,
        overwrite=rules.overwrite,
        timecode_offset=rules.timecode_offset,
        then=rule.then,
        budget=rules.budget,
    )
    return PlannedJob(rule, rule.fingerprint, delivery)


def rule_to_json(rule: OrderRule) -> dict[str, Any]:
    return {
        "name": rule.name,
        "kind": rule.kind.value,
        "params": dict(rule.params),
        "mode": rule.mode.value,
        "outputs": list(rule.outputs),
        "naming": rule.naming,
        "then": [rule_to_json(child) for child in rule.then],
        "script": rule.script,
        "fingerprint": rule.fingerprint,
    }


def rule_from_json(data: Mapping[str, Any]) -> OrderRule:
    return OrderRule(
        name=data["name"],
        kind=spec_for(data["kind"]).kind,
        params=dict(data["params"]),
        mode=Mode(data["mode"]),
        outputs=tuple(data["outputs"]),
        naming=data["naming"],
        then=tuple(rule_from_json(child) for child in data["then"]),
        script=data.get("script"),
        fingerprint=data["fingerprint"],
    )
