"""Inheritance: child rules files override their parents', orders merge by name."""

from __future__ import annotations

import pytest

from gt_watch.config.resolve import RuleDefaults
from gt_watch.model import Budget, Mode
from gt_watch.results.profiles import DEFAULT_PROFILE, PROFILES
from tests.unit.config.rules_helpers import effective, resolve_problems

PARENT = """\
mode: live
match: ["*.wav", "*.mp4"]
ignore: ["drafts/**"]
budget: {max_per_order: 25, max_per_day: 200}
orders:
  - name: english-captions
    kind: captions
    language: english
    outputs: [srt, vtt]
  - name: transcript
    kind: transcription
    language: english
    outputs: [docx]
    naming: "{stem}.transcript.{ext}"
"""


def test_a_folder_without_rules_files_orders_nothing() -> None:
    rules = effective()
    assert rules.orders == ()
    assert rules.sources == ()
    assert rules.caption_profile == DEFAULT_PROFILE


def test_rules_in_subfolder_override_language_of_parent() -> None:
    child = """\
        orders:
          - name: english-captions
            kind: captions
            language: german
            outputs: [srt]
        """
    rules = effective(("", PARENT), ("de", child))
    captions = rules.orders[0]
    assert captions.name == "english-captions"
    assert captions.params["language"] == "german"
    assert captions.outputs == ("srt",)
    assert [order.name for order in rules.orders] == ["english-captions", "transcript"]
    assert rules.sources == (".gt-watch.yaml", "de/.gt-watch.yaml")


def test_rules_in_subfolder_override_top_level_keys_of_parent() -> None:
    rules = effective(("", PARENT), ("a", "mode: test\nmatch: ['*.mov']\n"))
    assert {order.mode for order in rules.orders} == {Mode.TEST}
    assert rules.match == ("a/**/*.mov",)
    assert rules.ignore == ("drafts/**",)


def test_a_parents_globs_stay_anchored_at_the_parents_folder() -> None:
    rules = effective(("", PARENT), ("a/b", "mode: test\n"))
    assert rules.folder == "a/b"
    assert rules.match == ("**/*.wav", "**/*.mp4")
    assert rules.ignore == ("drafts/**",)


def test_rules_in_subfolder_add_orders_to_the_inherited_ones() -> None:
    child = "orders:\n  - {kind: subtitles, translate_from: english, translate_to: french}\n"
    rules = effective(("", PARENT), ("fr", child))
    assert [order.name for order in rules.orders] == [
        "english-captions", "transcript", "subtitles-french",
    ]  # fmt: skip


def test_enabled_false_removes_an_inherited_order() -> None:
    child = "orders:\n  - {name: transcript, enabled: false}\n"
    rules = effective(("", PARENT), ("no-transcript", child))
    assert [order.name for order in rules.orders] == ["english-captions"]


def test_switching_off_an_order_nobody_inherits_names_the_ones_that_exist() -> None:
    (problem,) = resolve_problems(
        ("", PARENT), ("a", "orders:\n  - {name: transcipt, enabled: false}\n")
    )
    assert problem.path == "a/.gt-watch.yaml"
    assert problem.line == 2
    assert "inherited: english-captions, transcript" in problem.message


def test_a_switched_off_order_with_its_settings_is_just_not_ordered() -> None:
    rules = effective(("", "orders:\n  - {kind: captions, language: english, enabled: false}\n"))
    assert rules.orders == ()


def test_inherit_false_starts_afresh() -> None:
    child = "inherit: false\norders:\n  - {kind: ai_transcription, language: english}\n"
    rules = effective(("", PARENT), ("own", child))
    assert [order.name for order in rules.orders] == ["ai-transcription-english"]
    assert rules.orders[0].mode is Mode.TEST
    assert rules.sources == ("own/.gt-watch.yaml",)
    assert rules.budget.max_per_day is None


def test_the_default_mode_comes_from_config_and_orders_may_pin_their_own() -> None:
    text = """\
        orders:
          - {kind: captions, language: english, outputs: [srt, vtt]}
          - kind: ai_transcription
            language: english
            mode: test
            then: [{kind: proofreading}]
        """
    rules = effective(("", text), defaults=RuleDefaults(mode=Mode.LIVE))
    captions, ai = rules.orders
    assert captions.mode is Mode.LIVE
    assert ai.mode is Mode.TEST
    assert ai.then[0].mode is Mode.TEST


def test_budget_merges_key_by_key_and_scopes_the_daily_cap() -> None:
    rules = effective(("", PARENT), ("a/b", "budget: {max_per_order: 5}\n"))
    assert rules.budget == Budget(max_per_order=5.0, max_per_day=200.0, scope="")


def test_the_global_per_order_limit_is_the_default_budget() -> None:
    rules = effective(("", "mode: live\n"), defaults=RuleDefaults(max_per_order=50.0))
    assert rules.budget == Budget(max_per_order=50.0, max_per_day=None, scope=None)


def test_a_folder_may_lift_the_per_order_limit_with_null() -> None:
    rules = effective(
        ("", "budget: {max_per_order: null}\n"), defaults=RuleDefaults(max_per_order=50.0)
    )
    assert rules.budget.max_per_order is None


def test_caption_profiles_are_built_on_a_base_and_inherited() -> None:
    parent = "profiles:\n  tight: {base: bbc, max_chars_per_line: 32, frame_rate: 25}\n"
    rules = effective(("", parent), ("a", "caption_profile: tight\n"))
    profile = rules.caption_profile
    assert profile.name == "tight"
    assert profile.max_chars_per_line == 32
    assert profile.max_words_per_minute == PROFILES["bbc"].max_words_per_minute


def test_a_built_in_caption_profile_is_used_by_name() -> None:
    assert effective(("", "caption_profile: bbc\n")).caption_profile == PROFILES["bbc"]


def test_an_unknown_caption_profile_is_an_error_at_its_line() -> None:
    (problem,) = resolve_problems(("", "mode: live\ncaption_profile: netflix\n"))
    assert (problem.line, problem.key) == (2, "caption_profile")
    assert "caption profile 'netflix' is not known (did you mean 'netflix-en'?)" in problem.message


def test_a_profile_with_an_unknown_base_or_a_circle_is_an_error() -> None:
    text = """\
        profiles:
          a: {base: b}
          b: {base: a}
          c: {base: nope}
        """
    problems = resolve_problems(("", text))
    assert [(problem.line, problem.key) for problem in problems] == [
        (2, "profiles.a.base"), (3, "profiles.b.base"), (4, "profiles.c.base"),
    ]  # fmt: skip
    assert "in a circle: a -> b -> a" in problems[0].message


def test_a_limit_of_a_profile_can_be_switched_off_but_a_size_cannot() -> None:
    rules = effective(
        ("", "profiles:\n  free: {max_chars_per_second: null}\ncaption_profile: free\n")
    )
    assert rules.caption_profile.max_chars_per_second is None
    (problem,) = resolve_problems(("", "profiles:\n  bad: {max_lines: null}\n"))
    assert problem.key == "profiles.bad.max_lines"


def test_timecode_offsets_count_frames_at_the_profiles_frame_rate() -> None:
    text = (
        "profiles:\n  p25: {frame_rate: 25}\ncaption_profile: p25\ntimecode_offset: '00:59:59:20'\n"
    )
    assert effective(("", text)).timecode_offset == pytest.approx(3599.8)
    assert effective(("", "timecode_offset: 3600\n")).timecode_offset == 3600.0


def test_a_frame_beyond_the_profiles_frame_rate_is_an_error_at_its_line() -> None:
    (problem,) = resolve_problems(("", "mode: test\ntimecode_offset: '01:00:00:24'\n"))
    assert (problem.line, problem.key) == (2, "timecode_offset")


def test_two_orders_writing_the_same_sidecar_are_an_error_that_says_which() -> None:
    text = """\
        orders:
          - {kind: captions, language: english, outputs: [srt, vtt]}
          - kind: forced_alignment
            language: english
            script: "{stem}.txt"
            outputs: [json, srt]
        """
    (problem,) = resolve_problems(("", text))
    assert problem.line == 6
    assert problem.message.startswith(
        "orders 'captions-english' (srt) and 'forced-alignment-english' (srt) both write "
        "'{stem}.en.srt'"
    )


def test_a_child_order_colliding_with_an_inherited_one_is_reported_in_the_child_file() -> None:
    child = "orders:\n  - {kind: ai_transcription, language: english, outputs: [vtt]}\n"
    (problem,) = resolve_problems(("", PARENT), ("a", child))
    assert problem.path == "a/.gt-watch.yaml"
    assert "both write '{stem}.en.vtt'" in problem.message


def test_one_order_writing_two_outputs_to_one_name_is_told_to_use_ext() -> None:
    text = """\
        orders:
          - {kind: captions, language: english, outputs: [srt, vtt], naming: "{stem}.{lang}.sub"}
        """
    (problem,) = resolve_problems(("", text))
    assert (problem.line, problem.key) == (2, "orders[0].naming")
    assert "put {ext} into its naming template" in problem.message


def test_an_output_may_not_overwrite_an_alignment_script() -> None:
    text = """\
        orders:
          - {kind: transcription, language: english, outputs: [txt], naming: "{stem}.{ext}"}
          - {kind: forced_alignment, language: english, script: "{stem}.txt"}
        """
    (problem,) = resolve_problems(("", text))
    assert "the script that order 'forced-alignment-english' aligns" in problem.message


def test_chained_orders_in_other_languages_do_not_collide() -> None:
    text = """\
        orders:
          - kind: transcription
            language: english
            outputs: [docx, txt]
            then:
              - {kind: translation, translate_to: german, outputs: [docx, txt]}
              - {kind: subtitles, translate_to: french, outputs: [srt, vtt]}
        """
    (order,) = effective(("", text)).orders
    assert [child.name for child in order.then] == [
        "transcription-english.translation-german", "transcription-english.subtitles-french",
    ]  # fmt: skip
    assert order.then[0].params == {"translate_from": "english", "translate_to": "german"}


def test_an_ai_transcript_that_is_proofread_writes_nothing_by_default() -> None:
    text = (
        "orders:\n  - {kind: ai_transcription, language: english, then: [{kind: proofreading}]}\n"
    )
    (order,) = effective(("", text)).orders
    assert order.outputs == ()
    assert order.then[0].outputs == ("docx", "txt")


def test_every_rule_carries_its_fingerprint_and_children_depend_on_the_parent() -> None:
    text = (
        "orders:\n  - {kind: ai_transcription, language: english, then: [{kind: proofreading}]}\n"
    )
    (order,) = effective(("", text)).orders
    assert len(order.fingerprint) == 32
    assert order.then[0].fingerprint not in ("", order.fingerprint)
