"""Deterministic sandbox text: the same seed gives the same words; other languages are marked."""

from __future__ import annotations

from gt_watch.sandbox import content


def test_same_seed_gives_the_same_sentences_and_another_seed_other_ones() -> None:
    seed = content.seed_of("a" * 64)
    first = content.sentences(seed, 40, "english")
    assert first == content.sentences(seed, 40, "english")
    assert first != content.sentences(content.seed_of("b" * 64), 40, "english")


def test_sentences_reach_the_word_budget_and_end_with_punctuation() -> None:
    produced = content.sentences(7, 50, "english")
    assert sum(len(sentence) for sentence in produced) >= 50
    for sentence in produced:
        assert sentence[0][0].isupper()
        assert sentence[-1][-1] in ".?!"


def test_other_languages_are_clearly_marked_sample_text() -> None:
    produced = content.sentences(7, 10, "persian-farsi")
    assert all(sentence[:3] == ["Persian", "Farsi", "sample:"] for sentence in produced)


def test_full_verbatim_adds_fillers_that_clean_verbatim_leaves_out() -> None:
    clean = content.sentences(3, 400, "english")
    verbatim = content.sentences(3, 400, "english", full_verbatim=True)
    fillers = {"Um,", "Uh,", "Like,"}
    assert not any(sentence[0] in fillers for sentence in clean)
    assert any(sentence[0] in fillers for sentence in verbatim)


def test_translation_keeps_one_sentence_per_source_sentence() -> None:
    source = content.split_sentences(["Hello", "there.", "How", "are", "you?", "Fine"])
    translated = content.translate(source, "german", 5)
    assert len(translated) == 3
    assert translated == content.translate(source, "german", 5)
    assert all(sentence[0] == "German" for sentence in translated)


def test_proofreading_capitalises_and_closes_sentences() -> None:
    corrected = content.proofread(["hello", "there.", "this", "is", "it"], seed=1)
    assert corrected == [["Hello", "there."], ["This", "is", "it."]]


def test_a_later_revision_changes_some_words_and_the_first_does_not() -> None:
    text = content.sentences(11, 60, "english")
    assert content.revise(text, 11, 1) == text
    revised = content.revise(text, 11, 2)
    assert revised != text
    assert [len(sentence) for sentence in revised] == [len(sentence) for sentence in text]


def test_language_labels_read_as_names() -> None:
    assert content.language_label("chinese-simplified") == "Chinese Simplified"
