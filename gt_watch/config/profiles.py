"""Caption style profiles defined in rules files, built on the built-in ones. Pure.

A profile written under `profiles:` names a `base` (a built-in profile such as `netflix-en`,
or another profile of the folder's rules; default: the default profile) and the fields that
differ from it. Must not know where profiles are used.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from gt_watch.config.problems import suggest
from gt_watch.config.rules_schema import ProfileSpec
from gt_watch.model import StyleProfile
from gt_watch.results.profiles import DEFAULT_PROFILE, PROFILES

# The limits a profile may switch off with null; the other fields always need a value.
_NULLABLE = tuple(
    field.name for field in dataclasses.fields(StyleProfile) if "None" in str(field.type)
)


class ProfileError(ValueError):
    """A profile cannot be built; `key` names the key of its definition that is wrong."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


def build_profile(name: str, definitions: Mapping[str, ProfileSpec]) -> StyleProfile:
    """Given a profile name and the profiles a folder defines, return the StyleProfile: a
    definition of the folder first, else a built-in one. Raise ProfileError if the name is
    unknown, a base chain loops or is unknown, or the result contradicts itself."""
    return _build(name, definitions, ())


def _build(
    name: str, definitions: Mapping[str, ProfileSpec], seen: tuple[str, ...]
) -> StyleProfile:
    if name in seen:
        raise ProfileError(
            f"profiles build on each other in a circle: {' -> '.join((*seen, name))}", "base"
        )
    spec = definitions.get(name)
    if spec is None:
        if name in PROFILES:
            return PROFILES[name]
        raise ProfileError(unknown_profile_message(name, definitions))
    try:
        base = _build(spec.base or DEFAULT_PROFILE.name, definitions, (*seen, name))
    except ProfileError as error:
        raise ProfileError(str(error), "base") from None
    changes = {key: getattr(spec, key) for key in spec.model_fields_set if key != "base"}
    for key, value in changes.items():
        if value is None and key not in _NULLABLE:
            raise ProfileError(f"{key} needs a value (only {', '.join(_NULLABLE)} take null)", key)
    profile = dataclasses.replace(base, name=name, **changes)
    _check(profile)
    return profile


def unknown_profile_message(name: str, definitions: Mapping[str, ProfileSpec]) -> str:
    """Given a profile name nobody defines, return a message listing the ones that exist."""
    known = [*PROFILES, *(key for key in definitions if key not in PROFILES)]
    hint = suggest(name, known)
    return f"caption profile '{name}' is not known{hint}; known profiles: {', '.join(known)}"


def _check(profile: StyleProfile) -> None:
    if profile.min_duration > profile.max_duration:
        raise ProfileError(
            f"min_duration ({profile.min_duration:g} s) is longer than max_duration "
            f"({profile.max_duration:g} s)",
            "min_duration",
        )
