"""Reading the `orders:` list of one rules file into checked order drafts. Pure.

Each order is checked on its own, as far as one file allows: its kind, where it may stand in
a chain, every API parameter against the catalog (with placeholders for what the pipeline
fills in), its outputs and its naming template. Problems point at the key that is wrong.
What depends on other files (mode, merging by name, sidecar collisions) is `config.resolve`'s.
Must not read files.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from gt_watch import catalog
from gt_watch.config.chains import inherited_params, place_problem, superseded
from gt_watch.config.outputs import (
    DEFAULT_NAMING,
    DEFAULT_OUTPUTS,
    NAMING_KEYS,
    SCRIPT_KEYS,
    output_problem,
    template_problem,
)
from gt_watch.config.problems import describe, problems_from_validation, suggest
from gt_watch.config.rules_schema import ORDER_KEYS, OrderSpec
from gt_watch.config.yamlsource import KeyPath, YamlDocument
from gt_watch.errors import Problem
from gt_watch.model import Mode, OrderKind

# Parameters the pipeline fills in for every order, and what it fills them with.
PIPELINE_PARAMS: Mapping[str, str] = {
    "url": "the media file's URL",
    "audio_url": "the media file's URL",
    "transcription_url": "the parent order's transcript or the script file",
    "api_token": "the token named in config.yaml",
    "callback_url": "gt-watch's own callback address",
}
_PLACEHOLDERS: Mapping[str, str] = {
    "url": "https://media.invalid/file",
    "audio_url": "https://media.invalid/file",
    "transcription_url": "https://media.invalid/transcript",
    "api_token": "placeholder",
    "mode": "test",
}

KIND_NAMES = tuple(kind.name.lower() for kind in OrderKind)


@dataclass(frozen=True, slots=True)
class OrderDraft:
    """One checked order as written in one file; its mode may still come from the folder."""

    name: str
    kind: OrderKind
    params: Mapping[str, str]
    outputs: tuple[str, ...]
    naming: str
    script: str | None
    mode: Mode | None
    then: tuple[OrderDraft, ...]
    path: KeyPath


@dataclass(frozen=True, slots=True)
class OrderEntry:
    """One item of `orders:`: an order, or with `enabled: false` the removal of an inherited
    order of that name. `bare` is true when the item says nothing but its name."""

    name: str
    draft: OrderDraft | None
    path: KeyPath
    bare: bool = False

    @property
    def enabled(self) -> bool:
        return self.draft is not None


def read_orders(
    document: YamlDocument, items: Sequence[Any]
) -> tuple[list[OrderEntry], list[Problem]]:
    """Given a rules document and its `orders:` items, return the entries that could be read
    and every problem found in any of them."""
    reader = _OrderReader(document)
    entries = []
    for index, raw in enumerate(items):
        entry = reader.entry(("orders", index), raw)
        if entry is not None:
            entries.append(entry)
    reader.check_unique_names(entries)
    return entries, reader.problems


def default_name(kind: OrderKind, params: Mapping[str, str], parent: str | None) -> str:
    """Given a kind, its parameters and the parent order's name, return the order's name when
    none is written: `captions-english`, `transcription-english.translation-german`."""
    language = params.get("translate_to") or params.get("language") or "any"
    name = f"{kind.name.lower().replace('_', '-')}-{language}"
    return f"{parent}.{name}" if parent else name


def tree_names(draft: OrderDraft) -> list[tuple[str, KeyPath]]:
    """Given an order, return the name and place of it and of every order chained below it."""
    names = [(draft.name, draft.path)]
    for child in draft.then:
        names.extend(tree_names(child))
    return names


class _OrderReader:
    """Reads orders of one document, collecting problems instead of stopping at the first."""

    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.problems: list[Problem] = []

    def report(self, path: KeyPath, message: str) -> None:
        self.problems.append(self.document.problem(path, message))

    def entry(self, path: KeyPath, raw: Any) -> OrderEntry | None:
        if not isinstance(raw, dict):
            self.report(path, f"an order is a mapping with at least `kind:`, not {describe(raw)}")
            return None
        spec = self.spec(path, raw)
        if raw.get("enabled") is False:
            return self.disabled(path, raw)
        draft = self.order(path, raw, spec, parent=None)
        return OrderEntry(draft.name, draft, path) if draft else None

    def disabled(self, path: KeyPath, raw: dict[str, Any]) -> OrderEntry | None:
        name = raw.get("name")
        if isinstance(name, str):
            return OrderEntry(name, None, path, bare=set(raw) <= {"name", "enabled"})
        if "kind" not in raw:  # neither switches off a named order nor is an order itself
            self.report(path, "`enabled: false` needs the `name:` of an order to switch off")
        return None

    def spec(self, path: KeyPath, raw: dict[str, Any]) -> OrderSpec | None:
        try:
            return OrderSpec.model_validate(raw)
        except ValidationError as error:
            self.problems.extend(problems_from_validation(error, self.document, OrderSpec, path))
            return None

    def order(
        self, path: KeyPath, raw: dict[str, Any], spec: OrderSpec | None, parent: OrderDraft | None
    ) -> OrderDraft | None:
        kind = self.kind(path, raw)
        if kind is None:
            return None
        self.check_place(path, kind, parent, raw)
        params, derived = self.params(path, raw, kind, parent)
        self.check_request(path, raw, kind, params, derived, parent)
        draft = OrderDraft(
            name=(spec.name if spec else None)
            or default_name(kind, params, parent.name if parent else None),
            kind=kind,
            params=params,
            outputs=self.outputs(path, kind, spec, params),
            naming=self.naming(path, spec),
            script=self.script(path, kind, spec, parent),
            mode=spec.mode if spec else None,
            then=(),
            path=path,
        )
        children = self.children(path, raw, draft)
        improved = superseded(draft.params, [(child.kind, child.params) for child in children])
        if (spec is None or spec.outputs is None) and improved:
            draft = dataclasses.replace(draft, outputs=())
        return dataclasses.replace(draft, then=children)

    def kind(self, path: KeyPath, raw: dict[str, Any]) -> OrderKind | None:
        written = raw.get("kind")
        if written is None:
            self.report(
                path, f"missing required key 'kind'; choose one of: {', '.join(KIND_NAMES)}"
            )
            return None
        try:
            return catalog.spec_for(str(written)).kind
        except KeyError:
            self.report(
                (*path, "kind"),
                f"unknown order kind {describe(written)}{suggest(str(written), KIND_NAMES)}; "
                f"choose one of: {', '.join(KIND_NAMES)}",
            )
            return None

    def check_place(
        self, path: KeyPath, kind: OrderKind, parent: OrderDraft | None, raw: dict[str, Any]
    ) -> None:
        parent_kind = parent.kind if parent else None
        message = place_problem(kind, parent_kind, has_script="script" in raw)
        if message:
            self.report((*path, "kind"), message)

    def params(
        self, path: KeyPath, raw: dict[str, Any], kind: OrderKind, parent: OrderDraft | None
    ) -> tuple[dict[str, str], set[str]]:
        spec = catalog.KINDS[kind]
        usable = [key for key in (*ORDER_KEYS, *spec.param_index) if key not in PIPELINE_PARAMS]
        params: dict[str, str] = {}
        for key, value in raw.items():
            if key in ORDER_KEYS:
                continue
            if key in PIPELINE_PARAMS:
                self.report(
                    (*path, key),
                    f"'{key}' is filled in by gt-watch ({PIPELINE_PARAMS[key]}); "
                    "remove it from the rules",
                )
            elif key not in spec.param_index:
                self.report(
                    (*path, key),
                    f"unknown key '{key}' for {spec.title} orders{suggest(str(key), usable)}",
                )
            else:
                text = self.scalar((*path, key), value)
                if text is not None:
                    params[key] = text
        derived = {
            name: value
            for name, value in (inherited_params(kind, parent.params) if parent else {}).items()
            if name not in params
        }
        return {**params, **derived}, set(derived)

    def scalar(self, path: KeyPath, value: Any) -> str | None:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float | str) and str(value).strip():
            return str(value).strip()
        self.report(path, f"needs a single value, not {describe(value)}")
        return None

    def check_request(
        self,
        path: KeyPath,
        raw: dict[str, Any],
        kind: OrderKind,
        params: Mapping[str, str],
        derived: set[str],
        parent: OrderDraft | None,
    ) -> None:
        spec = catalog.KINDS[kind]
        placeholders = {
            name: value for name, value in _PLACEHOLDERS.items() if name in spec.param_index
        }
        for message in catalog.validate_request(kind, {**placeholders, **params}):
            key = message.split(" ", 1)[0].strip("'")
            if key in derived and parent is not None:
                message += (
                    f" (taken from the parent order '{parent.name}'; set `{key}:` on this "
                    "order to choose another)"
                )
            self.report((*path, key) if key in raw else path, message)

    def outputs(
        self, path: KeyPath, kind: OrderKind, spec: OrderSpec | None, params: Mapping[str, str]
    ) -> tuple[str, ...]:
        if spec is None or spec.outputs is None:
            return DEFAULT_OUTPUTS[kind]
        chosen: list[str] = []
        for index, output in enumerate(spec.outputs):
            problem = output_problem(kind, output, params)
            if output in chosen:
                problem = f"'{output}' is listed twice"
            if problem:
                self.report((*path, "outputs", index), problem)
            else:
                chosen.append(output)
        return tuple(chosen)

    def naming(self, path: KeyPath, spec: OrderSpec | None) -> str:
        if spec is None or spec.naming is None:
            return DEFAULT_NAMING
        problem = template_problem(spec.naming, NAMING_KEYS)
        if problem:
            self.report((*path, "naming"), problem)
        return spec.naming

    def script(
        self, path: KeyPath, kind: OrderKind, spec: OrderSpec | None, parent: OrderDraft | None
    ) -> str | None:
        if spec is None or spec.script is None:
            return None
        if kind is not OrderKind.FORCED_ALIGNMENT:
            problem: str | None = "`script` applies only to forced_alignment orders"
        elif parent is not None:
            problem = (
                "a chained forced alignment aligns its parent's transcript: remove `script`, "
                "or move this order to the top of `orders:`"
            )
        else:
            problem = template_problem(spec.script, SCRIPT_KEYS)
        if problem:
            self.report((*path, "script"), problem)
        return spec.script

    def children(
        self, path: KeyPath, raw: dict[str, Any], parent: OrderDraft
    ) -> tuple[OrderDraft, ...]:
        items = raw.get("then")
        if not isinstance(items, list):
            return ()  # absent, or already reported by the OrderSpec check
        children = []
        for index, child_raw in enumerate(items):
            child_path = (*path, "then", index)
            if not isinstance(child_raw, dict):
                self.report(
                    child_path,
                    f"a chained order is a mapping with `kind:`, not {describe(child_raw)}",
                )
                continue
            if "enabled" in child_raw:
                self.report(
                    (*child_path, "enabled"),
                    "`enabled` switches off top-level orders only; "
                    "remove the chained order instead",
                )
            child = self.order(child_path, child_raw, self.spec(child_path, child_raw), parent)
            if child is not None:
                children.append(child)
        return tuple(children)

    def check_unique_names(self, entries: list[OrderEntry]) -> None:
        first: dict[str, KeyPath] = {}
        for entry in entries:
            places = tree_names(entry.draft) if entry.draft else [(entry.name, entry.path)]
            for name, place in places:
                if name in first:
                    line = self.document.line_of(first[name])
                    self.report(
                        place,
                        f"two orders are named '{name}' (the other is on line {line}); names "
                        "must be unique: set `name:` on one of them",
                    )
                else:
                    first[name] = place
