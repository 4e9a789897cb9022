"""Top-level keys of a rules file: globs, profiles, and the shape of the schema."""

from __future__ import annotations

import dataclasses

from gt_watch.config.rules_schema import ProfileSpec
from gt_watch.model import StyleProfile
from tests.unit.config.rules_helpers import parse_problems, rules_file


def test_a_single_glob_may_stand_for_a_list() -> None:
    assert rules_file("match: '*.wav'\n").settings.match == ("*.wav",)


def test_a_glob_that_climbs_out_of_its_folder_is_reported_at_its_line() -> None:
    (problem,) = parse_problems("match:\n  - '*.wav'\n  - '../*.mp3'\n")
    assert (problem.line, problem.key) == (3, "match[1]")


def test_unknown_top_level_keys_get_a_hint() -> None:
    (problem,) = parse_problems("caption_profle: bbc\n")
    assert problem.message == "unknown key 'caption_profle' (did you mean 'caption_profile'?)"


def test_a_profile_with_an_unknown_field_gets_a_hint() -> None:
    (problem,) = parse_problems("profiles:\n  tight: {max_chars_per_lines: 37}\n")
    assert problem.key == "profiles.tight.max_chars_per_lines"
    assert "did you mean 'max_chars_per_line'" in problem.message


def test_a_malformed_timecode_offset_is_reported_when_the_file_is_parsed() -> None:
    (problem,) = parse_problems("timecode_offset: 'one hour'\n")
    assert problem.key == "timecode_offset"
    assert "HH:MM:SS:FF" in problem.message


def test_profile_definitions_offer_every_field_of_a_style_profile() -> None:
    style_fields = {field.name for field in dataclasses.fields(StyleProfile)} - {"name"}
    assert set(ProfileSpec.model_fields) - {"base"} == style_fields


def test_the_file_remembers_which_keys_it_sets() -> None:
    file = rules_file("mode: live\ninherit: false\n")
    assert file.sets("mode")
    assert not file.sets("match")
