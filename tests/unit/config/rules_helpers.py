"""Helpers for tests of rules files: YAML text in, checked rules or problems out."""

from __future__ import annotations

import textwrap

import pytest

from gt_watch.config.resolve import RuleDefaults, resolve
from gt_watch.config.rules import RulesFile, parse_rules
from gt_watch.errors import ConfigError, Problem
from gt_watch.model import FolderRules


def rules_file(text: str, folder: str = "", source: str | None = None) -> RulesFile:
    name = source or (f"{folder}/.gt-watch.yaml" if folder else ".gt-watch.yaml")
    return parse_rules(textwrap.dedent(text), name, folder)


def parse_problems(text: str) -> list[Problem]:
    with pytest.raises(ConfigError) as caught:
        rules_file(text)
    return list(caught.value.problems)


def effective(
    *texts_by_folder: tuple[str, str], defaults: RuleDefaults | None = None
) -> FolderRules:
    chain = [rules_file(text, folder) for folder, text in texts_by_folder]
    return resolve(chain, defaults=defaults or RuleDefaults())


def resolve_problems(*texts_by_folder: tuple[str, str]) -> list[Problem]:
    with pytest.raises(ConfigError) as caught:
        effective(*texts_by_folder)
    return list(caught.value.problems)
