"""Result files through `client.download` in every format, parsed with gt-watch's own
parsers: transcript JSON in each shape the sandbox can write, text, HTML, DOCX, the formats
the sandbox cannot produce, SubRip captions, and forced-alignment JSON."""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
import pytest

from gt_watch.api.client import GoTranscriptClient
from gt_watch.api.formats import (
    parse_alignment,
    parse_captions,
    parse_text_document,
    parse_transcript,
)
from gt_watch.errors import ApiRequestError, ValidationError
from gt_watch.model import OrderInfo, OrderKind, Transcript
from gt_watch.sandbox import SandboxServer
from tests.integration.contract.helpers import TOKEN, finished, live_order_id, set_knobs
from tests.support.media import SCRIPT

SECONDS = 12.0


@pytest.fixture(scope="module")
def captions_order(sandbox: SandboxServer, media_url: str) -> Iterator[OrderInfo]:
    """One finished captions order (three speakers) whose files every test reads."""
    with GoTranscriptClient(sandbox.base_url, TOKEN) as client:
        order_id = live_order_id(
            client,
            OrderKind.CAPTIONS,
            url=f"{media_url}/speech.wav",
            language="english",
            number_of_speakers="3_or_more",
        )
        yield finished(client, order_id)


@pytest.fixture
def transcript_url(captions_order: OrderInfo) -> str:
    return captions_order.result_urls["transcription_url"]


@pytest.fixture
def reference(client: GoTranscriptClient, transcript_url: str) -> Transcript:
    """The transcript as the default JSON shape gives it."""
    return parse_transcript(client.download(transcript_url, "json"))


def _timed_words(transcript: Transcript) -> list[tuple[str, float, float, str | None]]:
    return [(w.text, round(w.start, 3), round(w.end, 3), w.speaker) for w in transcript.words]


def test_default_json_shape_is_a_timed_transcript_with_speakers(reference: Transcript) -> None:
    assert reference.language == "english"
    assert len({segment.speaker for segment in reference.segments}) == 3
    words = reference.words
    assert words and all(0 <= w.start <= w.end <= SECONDS for w in words)
    assert [w.start for w in words] == sorted(w.start for w in words)


@pytest.mark.parametrize("shape", ["rev", "aws"])
def test_every_json_shape_parses_to_the_same_words_times_and_speakers(
    shape: str,
    client: GoTranscriptClient,
    sandbox: SandboxServer,
    transcript_url: str,
    reference: Transcript,
) -> None:
    set_knobs(sandbox, transcript_shape=shape)
    parsed = parse_transcript(client.download(transcript_url, "json"))
    assert _timed_words(parsed) == _timed_words(reference)


def test_text_format_holds_the_same_paragraphs_and_speakers(
    client: GoTranscriptClient, transcript_url: str, reference: Transcript
) -> None:
    text = parse_text_document(client.download(transcript_url, "text"))
    assert [s.text for s in text.segments] == [s.text for s in reference.segments]
    assert [s.speaker for s in text.segments] == [s.speaker for s in reference.segments]


def test_html_format_is_a_page_with_a_paragraph_per_turn(
    client: GoTranscriptClient, transcript_url: str, reference: Transcript
) -> None:
    page = client.download(transcript_url, "html").decode()
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<p>") == len(reference.segments)
    assert reference.segments[0].text.split()[0] in page


@pytest.mark.parametrize("result_format", [None, "docx"])
def test_docx_is_the_default_and_opens_in_python_docx(
    result_format: str | None,
    client: GoTranscriptClient,
    transcript_url: str,
    reference: Transcript,
) -> None:
    document = docx.Document(io.BytesIO(client.download(transcript_url, result_format)))
    paragraphs = [p.text for p in document.paragraphs[1:]]
    assert [p.split(": ", 1)[1] for p in paragraphs] == [s.text for s in reference.segments]


@pytest.mark.parametrize("result_format", ["doc", "pdf"])
def test_formats_the_sandbox_cannot_produce_are_a_clear_api_error(
    result_format: str, client: GoTranscriptClient, transcript_url: str
) -> None:
    with pytest.raises(ApiRequestError) as refused:
        client.download(transcript_url, result_format)
    assert refused.value.status_code == 400
    assert refused.value.error == (
        f"format '{result_format}' cannot be produced by the sandbox; "
        "ask for docx, text, html or json"
    )


def test_unknown_format_is_refused_by_the_client(
    client: GoTranscriptClient, transcript_url: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        client.download(transcript_url, "rtf")
    assert "result format 'rtf' is unknown" in refused.value.message


def test_captions_are_subrip_cues_of_the_transcripts_words(
    client: GoTranscriptClient, captions_order: OrderInfo, reference: Transcript
) -> None:
    subrip = client.download(captions_order.result_urls["captions_url"])
    cues = parse_captions(subrip)
    assert subrip.startswith(b"1\n00:00:")
    assert " ".join(cue.text.replace("\n", " ") for cue in cues).split() == [
        word.text for word in reference.words
    ]
    assert all(0 <= cue.start < cue.end <= SECONDS for cue in cues)
    assert all(len(line) <= 42 for cue in cues for line in cue.lines)


@pytest.mark.parametrize("script", ["script.txt", "script.docx", "script.srt"])
def test_forced_alignment_times_the_words_of_the_submitted_script(
    script: str, client: GoTranscriptClient, media_url: str
) -> None:
    order_id = live_order_id(
        client,
        OrderKind.FORCED_ALIGNMENT,
        audio_url=f"{media_url}/speech.wav",
        transcription_url=f"{media_url}/{script}",
        language="english",
    )
    url = finished(client, order_id).result_urls["forced_alignment_transcription_url"]
    aligned = parse_alignment(client.download(url)).words
    expected = [word.strip(".").lower() for word in SCRIPT.split()]
    if script == "script.srt":
        expected = expected[:6]  # the SubRip script holds only its first two cues
    assert [word.text.lower() for word in aligned] == expected
    assert all(0 <= w.start < w.end <= SECONDS for w in aligned)
    assert [w.start for w in aligned] == sorted(w.start for w in aligned)


@pytest.fixture(scope="module")
def translation_order(sandbox: SandboxServer, media_url: str) -> Iterator[OrderInfo]:
    """One finished translation of script.docx into German."""
    with GoTranscriptClient(sandbox.base_url, TOKEN) as client:
        order_id = live_order_id(
            client,
            OrderKind.TRANSLATION,
            url=f"{media_url}/script.docx",
            translate_from="english",
            translate_to="german",
        )
        yield finished(client, order_id)


@pytest.mark.parametrize("shape", ["segments", "rev", "aws"])
def test_translation_json_is_untimed_text_in_every_shape(
    shape: str, client: GoTranscriptClient, sandbox: SandboxServer, translation_order: OrderInfo
) -> None:
    set_knobs(sandbox, transcript_shape=shape)
    url = translation_order.result_urls["translation_url"]
    translated = parse_transcript(client.download(url, "json"))
    plain = parse_text_document(client.download(url, "text"))
    assert translated.text.split() == plain.text.split()
    assert translated.text.startswith("German sample:")
    assert translated.words == ()  # a translated document has no timings to offer
    assert translation_order.words == len(SCRIPT.split())
