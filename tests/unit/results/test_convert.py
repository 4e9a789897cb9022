from __future__ import annotations

import pytest

from gt_watch.errors import CaptionError
from gt_watch.model import Cue, Segment, Transcript
from gt_watch.results.convert import (
    captions_of,
    estimated_words,
    profile_for_language,
    render,
    transcript_from_cues,
)
from gt_watch.results.profiles import NETFLIX_EN
from tests.unit.results.helpers import spoken

CUES = [Cue(1.0, 3.0, ("Hello there,", "my friend.")), Cue(4.0, 5.0, ("Bye.",), "Ann")]


def test_a_transcript_in_another_language_is_cut_with_its_own_word_lists() -> None:
    assert profile_for_language(NETFLIX_EN, "spanish").language == "es"
    assert profile_for_language(NETFLIX_EN, None).language == "en"
    assert profile_for_language(NETFLIX_EN, "klingon").language == "en"


def test_estimated_words_share_each_cue_by_length() -> None:
    words = estimated_words(CUES)
    assert [word.text for word in words] == ["Hello", "there,", "my", "friend.", "Bye."]
    assert words[0].start == 1.0
    assert words[3].end == pytest.approx(3.0)
    assert words[4].speaker == "Ann"


def test_captions_are_kept_unless_a_profile_asks_for_a_new_cut() -> None:
    assert captions_of(CUES, None) == CUES
    assert captions_of(CUES, None, offset=10.0)[0].start == 11.0
    recut = captions_of(CUES, NETFLIX_EN, max_lines=1)
    assert all(len(cue.lines) == 1 for cue in recut)


def test_a_transcript_is_cut_under_netflix_en_by_default() -> None:
    transcript = Transcript(
        (Segment(0.0, 2.0, "Hello there.", None, tuple(spoken("Hello there."))),)
    )
    assert [cue.text for cue in captions_of(transcript, None)] == ["Hello there."]


def test_captions_become_a_transcript_of_one_paragraph_per_cue() -> None:
    transcript = transcript_from_cues(CUES)
    assert [segment.text for segment in transcript.segments] == ["Hello there, my friend.", "Bye."]


def test_render_gives_bytes_for_every_format() -> None:
    for target in ("srt", "vtt", "txt", "json"):
        assert render(target, CUES)
    assert render("docx", CUES, title="t", source_name="s.srt").startswith(b"PK")
    assert render("txt", CUES, timestamps=True).startswith(b"[00:00:01] Hello")


def test_a_transcript_without_times_cannot_become_captions_but_can_become_text() -> None:
    untimed = Transcript((Segment(0.0, 0.0, "Hola a todos."),), language="spanish")
    with pytest.raises(CaptionError, match="no times"):
        render("srt", untimed)
    assert render("txt", untimed) == b"Hola a todos.\n"
