"""Orders in a rules file: kinds, chains, API parameters, outputs and naming, checked against
the catalog with the line of the offending key."""

from __future__ import annotations

import pytest

from gt_watch.model import OrderKind
from tests.unit.config.rules_helpers import parse_problems, rules_file


def only_problem(text: str) -> tuple[int | None, str | None, str]:
    (problem,) = parse_problems(text)
    return problem.line, problem.key, problem.message


def test_an_order_of_every_kind_alias_is_read() -> None:
    file = rules_file("""\
        orders:
          - {kind: captions, language: english}
          - {kind: transcriptions, language: english}
          - {kind: automatic_transcriptions, language: german}
          - {kind: ai_transcription, language: french}
          - {kind: subtitles, translate_from: english, translate_to: french}
        """)
    kinds = [entry.draft.kind for entry in file.orders if entry.draft]
    assert kinds == [
        OrderKind.CAPTIONS, OrderKind.TRANSCRIPTION, OrderKind.AI_TRANSCRIPTION,
        OrderKind.AI_TRANSCRIPTION, OrderKind.SUBTITLES,
    ]  # fmt: skip


def test_default_names_come_from_kind_and_language() -> None:
    file = rules_file("""\
        orders:
          - {kind: captions, language: english}
          - kind: transcription
            language: english
            then: [{kind: translation, translate_to: german}]
        """)
    names = [entry.name for entry in file.orders]
    assert names == ["captions-english", "transcription-english"]
    child = file.orders[1].draft.then[0]  # type: ignore[union-attr]
    assert child.name == "transcription-english.translation-german"


def test_parameters_become_api_strings() -> None:
    file = rules_file("""\
        orders:
          - kind: captions
            language: english
            from: 30
            till: 90
            turnaround_time: 1_days
          - kind: ai_transcription
            language: english
            outputs: []
            then: [{kind: proofreading, captions: true, outputs: [vendor-captions]}]
        """)
    captions = file.orders[0].draft
    assert captions is not None
    assert captions.params == {
        "language": "english", "from": "30", "till": "90", "turnaround_time": "1_days",
    }  # fmt: skip
    proofreading = file.orders[1].draft.then[0]  # type: ignore[union-attr]
    assert proofreading.params == {"captions": "true", "language": "english"}


@pytest.mark.parametrize(
    ("kind", "language", "message"),
    [
        ("captions", "klingon", "language 'klingon' is not available for captions orders"),
        ("ai_transcription", "bengali", "language 'bengali' is not available for AI transcription"),
        ("forced_alignment", "german", "not available for forced alignment orders"),
        ("transcription", "englsh", "(did you mean 'english'?)"),
        ("transcription", "simplified-chinese", "spelled 'chinese-simplified'"),
    ],
)
def test_an_unknown_language_for_the_kind_is_reported_at_its_line(
    kind: str, language: str, message: str
) -> None:
    script = "\n    script: '{stem}.txt'" if kind == "forced_alignment" else ""
    line, key, text = only_problem(f"orders:\n  - kind: {kind}\n    language: {language}{script}\n")
    assert (line, key) == (3, "orders[0].language")
    assert message in text


def test_a_bad_turnaround_for_dutch_names_the_allowed_ones() -> None:
    line, key, message = only_problem("""\
        orders:
          - kind: captions
            language: dutch
            turnaround_time: 12_hours
        """)
    assert (line, key) == (4, "orders[0].turnaround_time")
    assert message == "turnaround_time '12_hours' is not offered for dutch; choose 3_days or 5_days"


def test_a_misspelled_parameter_gets_a_hint() -> None:
    line, key, message = only_problem("""\
        orders:
          - kind: captions
            language: english
            turnaround: 3_days
        """)
    assert (line, key) == (4, "orders[0].turnaround")
    assert (
        message == "unknown key 'turnaround' for captions orders (did you mean 'turnaround_time'?)"
    )


def test_a_misspelled_order_key_gets_a_hint_too() -> None:
    _, _, message = only_problem(
        "orders:\n  - {kind: captions, language: english, output: [srt]}\n"
    )
    assert "(did you mean 'outputs'?)" in message


def test_a_wrong_parameter_value_lists_the_allowed_values() -> None:
    _, key, message = only_problem("""\
        orders:
          - {kind: transcription, language: english, text_format: verbatim}
        """)
    assert key == "orders[0].text_format"
    assert "choose one of: clean_verbatim, full_verbatim" in message


@pytest.mark.parametrize(
    "key", ["url", "audio_url", "transcription_url", "api_token", "callback_url"]
)
def test_parameters_the_pipeline_fills_in_are_refused(key: str) -> None:
    line, where, message = only_problem(f"""\
        orders:
          - kind: captions
            language: english
            {key}: https://example.com/x
        """)
    assert (line, where) == (4, f"orders[0].{key}")
    assert "is filled in by gt-watch" in message


def test_mode_on_an_order_is_a_rule_setting_not_an_api_parameter() -> None:
    file = rules_file("orders:\n  - {kind: captions, language: english, mode: live}\n")
    draft = file.orders[0].draft
    assert draft is not None
    assert draft.mode == "live"
    assert "mode" not in draft.params


def test_a_missing_kind_lists_the_kinds() -> None:
    _, _, message = only_problem("orders:\n  - {language: english}\n")
    assert message.startswith("missing required key 'kind'; choose one of: transcription,")


def test_an_unknown_kind_gets_a_hint() -> None:
    line, key, message = only_problem("orders:\n  - {kind: captons, language: english}\n")
    assert (line, key) == (2, "orders[0].kind")
    assert "(did you mean 'captions'?)" in message


def test_a_missing_language_is_reported_at_the_order() -> None:
    line, key, message = only_problem("orders:\n  - kind: captions\n    outputs: [srt]\n")
    assert (line, key) == (2, "orders[0]")
    assert message == "'language' is required for captions orders"


def test_chained_orders_take_the_language_of_their_parent() -> None:
    file = rules_file("""\
        orders:
          - kind: transcription
            language: chinese-simplified
            then:
              - {kind: translation, translate_to: english}
              - {kind: forced_alignment, language: english}
        """)
    parent = file.orders[0].draft
    assert parent is not None
    translation, alignment = parent.then
    assert translation.params["translate_from"] == "simplified-chinese"
    assert alignment.params["language"] == "english"


def test_a_problem_with_an_inherited_language_says_where_it_came_from() -> None:
    line, key, message = only_problem("""\
        orders:
          - kind: transcription
            language: german
            then:
              - kind: forced_alignment
        """)
    assert (line, key) == (5, "orders[0].then[0]")
    assert "taken from the parent order 'transcription-german'" in message


@pytest.mark.parametrize(
    ("parent", "child", "message"),
    [
        (
            "captions",
            "proofreading",
            "proofreading orders cannot follow captions orders; they can "
            "follow: ai_transcription, transcription",
        ),
        ("ai_transcription", "captions", "they start a chain"),
        ("subtitles", "translation", "cannot follow subtitles orders"),
    ],
)
def test_chains_are_valid_only_where_they_make_sense(parent: str, child: str, message: str) -> None:
    translate = ", translate_from: english, translate_to: german" if parent == "subtitles" else ""
    language = "" if translate else ", language: english"
    text = f"orders:\n  - {{kind: {parent}{language}{translate}, then: [{{kind: {child}}}]}}\n"
    problems = parse_problems(text)
    assert any(message in problem.message for problem in problems), problems


@pytest.mark.parametrize(
    ("order", "message"),
    [
        ("{kind: proofreading, language: english}", "needs a transcript to proofread"),
        ("{kind: translation, translate_from: english, translate_to: german}", "needs a text"),
        ("{kind: forced_alignment, language: english}", 'set `script: "{stem}.txt"`'),
    ],
)
def test_kinds_that_need_a_text_cannot_start_a_chain(order: str, message: str) -> None:
    _, key, text = only_problem(f"orders:\n  - {order}\n")
    assert key == "orders[0].kind"
    assert message in text


def test_a_forced_alignment_of_a_script_next_to_the_media_is_accepted() -> None:
    file = rules_file("""\
        orders:
          - {kind: forced_alignment, language: english, script: "{stem}.txt"}
        """)
    draft = file.orders[0].draft
    assert draft is not None
    assert (draft.script, draft.outputs) == ("{stem}.txt", ("json", "srt", "vtt"))


def test_a_script_on_another_kind_or_in_a_chain_is_refused() -> None:
    problems = parse_problems("""\
        orders:
          - kind: captions
            language: english
            script: "{stem}.txt"
          - kind: transcription
            language: english
            then: [{kind: forced_alignment, script: "{stem}.txt"}]
        """)
    assert [(problem.line, problem.key) for problem in problems] == [
        (4, "orders[0].script"), (7, "orders[1].then[0].script"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "output", "message"),
    [
        ("{kind: transcription, language: english, then: [{kind: translation, "
         "translate_to: german, outputs: [srt]}]}", "srt", "a document without timings"),
        ("{kind: captions, language: english, outputs: [pdf]}", "pdf", "'pdf' is not an output"),
        ("{kind: subtitles, translate_from: english, translate_to: german, outputs: [json]}",
         "json", "without word timings"),
        ("{kind: ai_transcription, language: english, outputs: [], then: [{kind: proofreading, "
         "outputs: [vendor-captions]}]}", "vendor-captions", "needs `captions: true`"),
        ("{kind: captions, language: english, outputs: [srt, srt]}", "srt", "listed twice"),
    ],
)  # fmt: skip
def test_outputs_must_be_possible_for_the_kind(kind: str, output: str, message: str) -> None:
    (problem,) = parse_problems(f"orders:\n  - {kind}\n")
    assert message in problem.message
    assert ".outputs[" in str(problem.key)


@pytest.mark.parametrize(
    ("naming", "message"),
    [
        ("{lang}.{ext}", "must contain {stem}"),
        ("{stem}.{language}.{ext}", "{language} is not a template key"),
        ("subs/{stem}.{ext}", "stay in the media's folder"),
        ("{stem.{ext}", "not a valid template"),
        ("{stem!r}.{ext}", "no format spec or conversion"),
    ],
)
def test_naming_templates_are_checked(naming: str, message: str) -> None:
    line, key, text = only_problem(f"""\
        orders:
          - kind: captions
            language: english
            naming: "{naming}"
        """)
    assert (line, key) == (4, "orders[0].naming")
    assert message in text


def test_two_orders_of_one_file_cannot_share_a_name() -> None:
    (problem,) = parse_problems("""\
        orders:
          - {kind: captions, language: english}
          - {kind: captions, language: english, turnaround_time: 1_days}
        """)
    assert problem.line == 3
    assert "two orders are named 'captions-english' (the other is on line 2)" in problem.message


def test_every_problem_of_every_order_is_reported_at_once() -> None:
    problems = parse_problems("""\
        mode: lve
        orders:
          - {kind: captions, language: dutch, turnaround_time: 12_hours}
          - {kind: captons, language: english}
          - {kind: ai_transcription, language: klingon, outputs: [srt, pdf]}
          - not an order
        """)
    assert [problem.line for problem in problems] == [1, 3, 4, 5, 5, 6]


def test_a_rules_file_that_is_a_list_is_refused() -> None:
    (problem,) = parse_problems("- kind: captions\n")
    assert "a rules file is a mapping" in problem.message


def test_an_empty_rules_file_is_valid_and_inherits_everything() -> None:
    file = rules_file("# nothing here yet\n")
    assert file.orders == ()
    assert file.settings.inherit
