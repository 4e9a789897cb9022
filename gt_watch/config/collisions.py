"""Finding orders of one folder that would write the same sidecar file. Pure.

Names are rendered with the literal stem `{stem}`, so two templates collide here exactly
when they collide for every media file. A sidecar that would overwrite a forced
alignment's script (the user's own text) is a collision too. Must not touch files.
"""

from __future__ import annotations

from collections.abc import Sequence

from gt_watch.config.outputs import script_name, sidecar_name
from gt_watch.config.rules import RulesFile
from gt_watch.config.yamlsource import KeyPath
from gt_watch.errors import Problem
from gt_watch.model import OrderRule

STEM = "{stem}"


def sidecar_collisions(placed: Sequence[tuple[OrderRule, RulesFile, KeyPath]]) -> list[Problem]:
    """Given every effective order of a folder (chained ones too) with the file and key path
    that wrote it, return a Problem for each sidecar name written twice."""
    writers: dict[str, tuple[str, str]] = {}
    scripts = {
        script_name(rule.script, stem=STEM): rule.name for rule, _, _ in placed if rule.script
    }
    problems = []
    for rule, file, path in placed:
        for output in rule.outputs:
            name = sidecar_name(rule.naming, stem=STEM, rule=rule, output=output)
            message = _clash(name, rule, output, writers.get(name), scripts.get(name))
            if message:
                naming = (*path, "naming")
                where = naming if naming in file.document.lines else (*path, "outputs")
                problems.append(file.problem(where, message))
            writers.setdefault(name, (rule.name, output))
    return problems


def _clash(
    name: str, rule: OrderRule, output: str, writer: tuple[str, str] | None, script: str | None
) -> str | None:
    if script is not None:
        return (
            f"order '{rule.name}' would write its {output} to '{name}', the script that order "
            f"'{script}' aligns; give it another naming template"
        )
    if writer is None:
        return None
    other_rule, other_output = writer
    if other_rule == rule.name:
        return (
            f"order '{rule.name}' writes both its {other_output} and its {output} to "
            f"'{name}': put {{ext}} into its naming template"
        )
    return (
        f"orders '{other_rule}' ({other_output}) and '{rule.name}' ({output}) both write "
        f"'{name}'; give one of them another naming template, such as "
        '"{stem}.{rule}.{lang}.{ext}", or drop the output from one'
    )
