"""The GoTranscript API v4 vocabulary as data: order kinds, parameters, values, languages.

Source: ../shared/reference/gotranscript-api-v4.txt. Everything here is read from that
documentation unless a comment says ASSUMPTION. Pure data and pure functions: no I/O.
The client, the sandbox and the rules validator all read this one table, so that a change
of the vendor's vocabulary is a change of this file only.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from gt_watch.model import OrderKind

# ---------------------------------------------------------------------------------------------
# Languages. The lists differ per kind and translation/subtitles spell some names differently.


def _names(documented: str) -> tuple[str, ...]:
    """Split a comma list copied verbatim from the documentation (easy to diff against it)."""
    return tuple(documented.split(","))


HUMAN_LANGUAGES: tuple[str, ...] = _names(
    "english,arabic,bengali,bosnian,catalan,chinese-simplified,chinese-traditional,croatian,"
    "czech,danish,dutch,filipino,finnish,french,german,greek,hebrew,hindi,indonesian,italian,"
    "japanese,korean,lithuanian,malay,persian-dari,persian-farsi,polish,portuguese,romanian,"
    "russian,serbian,slovak,slovenian,spanish,swahili,swedish,thai,turkish,ukrainian,"
    "vietnamese"
)
AI_LANGUAGES: tuple[str, ...] = _names(
    "english,arabic,catalan,czech,danish,dutch,finnish,french,german,greek,hebrew,hindi,"
    "indonesian,italian,japanese,korean,lithuanian,polish,portuguese,romanian,russian,serbian,"
    "slovak,slovenian,spanish,swedish,thai,turkish,ukrainian"
)
ALIGNMENT_LANGUAGES: tuple[str, ...] = ("english", "french", "spanish")
TRANSLATION_LANGUAGES: tuple[str, ...] = _names(
    "english,albanian,arabic,armenian,azerbaijani,bengali,bosnian,bulgarian,catalan,"
    "simplified-chinese,traditional-chinese,croatian,czech,danish,dutch,estonian,filipino,"
    "finnish,french,french-canadian,georgian,german,greek,hebrew,hungarian,indian-gujarati,"
    "indian-hindi,indian-tamil,indonesian,italian,japanese,korean,kurdish,kyrgyz,latvian,"
    "lithuanian,luxembourgish,macedonian,malay,nepali,norwegian,pashto,persian-farsi,polish,"
    "portuguese,portuguese-brazil,portuguese-portugal,romanian,russian,serbian,slovak,"
    "slovenian,somali,spanish-latin,spanish,swahili,swedish,thai,turkish,ukrainian,urdu,"
    "vietnamese"
)

# Turnaround restrictions of human transcription, proofreading and captions, per language.
TURNAROUND_TIMES: tuple[str, ...] = ("12_hours", "1_days", "3_days", "5_days")
TURNAROUND_LIMITS: Mapping[str, tuple[str, ...]] = {
    "dutch": ("3_days", "5_days"),
    **{
        language: ("5_days",)
        for language in _names(
            "bosnian,catalan,croatian,filipino,french,hebrew,indonesian,lithuanian,persian-dari,"
            "persian-farsi,portuguese,romanian,russian,serbian,swahili,swedish,turkish,"
            "vietnamese"
        )
    },
}

# ISO 639-1 code of every language name of every list above.
ISO_639_1: Mapping[str, str] = {
    "albanian": "sq", "arabic": "ar", "armenian": "hy", "azerbaijani": "az", "bengali": "bn",
    "bosnian": "bs", "bulgarian": "bg", "catalan": "ca", "chinese-simplified": "zh",
    "chinese-traditional": "zh", "croatian": "hr", "czech": "cs", "danish": "da", "dutch": "nl",
    "english": "en", "estonian": "et", "filipino": "tl", "finnish": "fi", "french": "fr",
    "french-canadian": "fr", "georgian": "ka", "german": "de", "greek": "el", "hebrew": "he",
    "hindi": "hi", "hungarian": "hu", "indian-gujarati": "gu", "indian-hindi": "hi",
    "indian-tamil": "ta", "indonesian": "id", "italian": "it", "japanese": "ja", "korean": "ko",
    "kurdish": "ku", "kyrgyz": "ky", "latvian": "lv", "lithuanian": "lt", "luxembourgish": "lb",
    "macedonian": "mk", "malay": "ms", "nepali": "ne", "norwegian": "no", "pashto": "ps",
    "persian-dari": "fa", "persian-farsi": "fa", "polish": "pl", "portuguese": "pt",
    "portuguese-brazil": "pt", "portuguese-portugal": "pt", "romanian": "ro", "russian": "ru",
    "serbian": "sr", "simplified-chinese": "zh", "slovak": "sk", "slovenian": "sl",
    "somali": "so", "spanish": "es", "spanish-latin": "es", "swahili": "sw", "swedish": "sv",
    "thai": "th", "traditional-chinese": "zh", "turkish": "tr", "ukrainian": "uk", "urdu": "ur",
    "vietnamese": "vi",
}  # fmt: skip

# Sidecar language tags where the bare ISO 639-1 code is not enough. Media servers (Plex,
# Jellyfin, Kodi) read `.hi.` as "hearing impaired", so Hindi uses ISO 639-2 `hin`; variants
# that share a 639-1 code get a BCP 47 region or script so their sidecars do not collide.
_SIDECAR_TAG_OVERRIDES: Mapping[str, str] = {
    "hindi": "hin", "indian-hindi": "hin",
    "chinese-simplified": "zh-Hans", "simplified-chinese": "zh-Hans",
    "chinese-traditional": "zh-Hant", "traditional-chinese": "zh-Hant",
    "french-canadian": "fr-CA", "portuguese-brazil": "pt-BR", "portuguese-portugal": "pt-PT",
    "spanish-latin": "es-419", "persian-dari": "fa-AF",
}  # fmt: skip


def iso_code(language: str) -> str:
    """Given an API language name, return its ISO 639-1 code. Raise KeyError if unknown."""
    return ISO_639_1[language]


def sidecar_tag(language: str) -> str:
    """Given an API language name, return the tag used in sidecar names (`en`, `zh-Hans`, `hin`)."""
    return _SIDECAR_TAG_OVERRIDES.get(language, ISO_639_1[language])


# ---------------------------------------------------------------------------------------------
# Order kinds.

TEXT_FORMATS = ("clean_verbatim", "full_verbatim")
TIMESTAMPING = (
    "not_required", "every_10_seconds", "every_30_seconds", "every_2_minutes", "change_of_speaker",
)  # fmt: skip
NUMBER_OF_SPEAKERS = ("1_or_2", "3_or_more")
RESULT_FORMATS = ("docx", "doc", "pdf", "text", "html", "json")


@dataclass(frozen=True, slots=True)
class Param:
    """One request parameter: its value list (if any), default, and whether it is required."""

    name: str
    kind: str = "string"  # string | integer | boolean | url | language
    required: bool = False
    values: tuple[str, ...] = ()
    default: str | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class KindSpec:
    """Everything the documentation says about one order kind."""

    kind: OrderKind
    title: str
    params: tuple[Param, ...]
    languages: tuple[str, ...]
    language_params: tuple[str, ...]
    callback_fields: tuple[str, ...]
    result_fields: tuple[str, ...]
    list_type: str
    turnaround_limited: bool = False
    max_seconds: int | None = None
    media_param: str = "url"
    extra_response_fields: tuple[str, ...] = ()
    param_index: Mapping[str, Param] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "param_index", {param.name: param for param in self.params})

    @property
    def path(self) -> str:
        return self.kind.value


_COMMON = (
    Param("api_token", required=True, description="Your API token."),
    Param("mode", required=True, values=("test", "live"), description="test prices, live pays."),
    Param("callback_url", kind="url", description="URL that receives the finished-order POST."),
)
_COMMENT = Param("comment", description="Speaker names or other notes for the transcribers.")
_HUMAN_OPTIONS = (
    Param("text_format", values=TEXT_FORMATS, default="clean_verbatim"),
    Param("timestamping", values=TIMESTAMPING, default="not_required"),
    Param("turnaround_time", values=TURNAROUND_TIMES, default="5_days"),
)
_RANGE = (
    Param("from", kind="integer", description="Start at this many seconds."),
    Param("till", kind="integer", description="Finish at this many seconds."),
)
_SPEAKERS = Param("number_of_speakers", values=NUMBER_OF_SPEAKERS, default="1_or_2")
_URL = Param("url", kind="url", required=True, description="Media file URL.")
_AUDIO_URL = Param("audio_url", kind="url", required=True, description="Audio file URL.")
_TRANSCRIPT_URL = Param(
    "transcription_url", kind="url", required=True, description="URL of the transcript text."
)


def _language(name: str = "language") -> Param:
    return Param(name, kind="language", required=True)


_TRANSLATE = (*_COMMON, _URL, _language("translate_from"), _language("translate_to"), _COMMENT)


KINDS: Mapping[OrderKind, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(
            OrderKind.TRANSCRIPTION, "human transcription",
            params=(*_COMMON, _URL, _language(), _COMMENT, *_RANGE, *_HUMAN_OPTIONS, _SPEAKERS),
            languages=HUMAN_LANGUAGES, language_params=("language",),
            callback_fields=("mode", "order_id", "transcription_url", "language"),
            result_fields=("transcription_url",), list_type="transcriptions",
            turnaround_limited=True,
        ),
        KindSpec(
            OrderKind.AI_TRANSCRIPTION, "AI transcription",
            params=(*_COMMON, _URL, _language()),
            languages=AI_LANGUAGES, language_params=("language",),
            callback_fields=(
                "mode", "order_id", "status", "language", "transcription_url", "captions_url",
            ),
            result_fields=("transcription_url", "captions_url"),
            list_type="automatic_transcriptions",  # ASSUMPTION: not in the documented type list
            extra_response_fields=("ai_transcripts_minutes_left",),
        ),
        KindSpec(
            OrderKind.PROOFREADING, "transcription proofreading",
            params=(
                *_COMMON, _AUDIO_URL, _TRANSCRIPT_URL, _language(), *_HUMAN_OPTIONS,
                Param("captions", kind="boolean", default="false"), _COMMENT,
            ),
            languages=HUMAN_LANGUAGES, language_params=("language",),
            callback_fields=(
                "mode", "order_id", "status", "proofread_transcription_url",
                "proofread_captions_url",
            ),
            result_fields=("proofread_transcription_url", "proofread_captions_url"),
            list_type="transcription_proofreading",  # ASSUMPTION, as above
            turnaround_limited=True, media_param="audio_url",
        ),
        KindSpec(
            OrderKind.FORCED_ALIGNMENT, "forced alignment",
            params=(*_COMMON, _AUDIO_URL, _TRANSCRIPT_URL, _language()),
            languages=ALIGNMENT_LANGUAGES, language_params=("language",),
            callback_fields=(
                "mode", "order_id", "status", "language", "forced_alignment_transcription_url",
            ),
            # ASSUMPTION: the order object's field list does not name this URL; we expect the
            # callback's field name there too.
            result_fields=("forced_alignment_transcription_url",),
            list_type="forced_alignment",  # ASSUMPTION, as above
            max_seconds=3600, media_param="audio_url",
        ),
        KindSpec(
            OrderKind.TRANSLATION, "translation",
            params=_TRANSLATE,
            languages=TRANSLATION_LANGUAGES, language_params=("translate_from", "translate_to"),
            callback_fields=("mode", "order_id", "translation_url"),
            result_fields=("translation_url",), list_type="translations",
            extra_response_fields=("words",),
        ),
        KindSpec(
            OrderKind.CAPTIONS, "captions",
            params=(*_COMMON, _URL, _language(), _COMMENT, *_RANGE, *_HUMAN_OPTIONS, _SPEAKERS),
            languages=HUMAN_LANGUAGES, language_params=("language",),
            callback_fields=("mode", "order_id", "captions_url", "transcription_url", "language"),
            result_fields=("captions_url", "transcription_url"), list_type="captions",
            turnaround_limited=True,
        ),
        KindSpec(
            OrderKind.SUBTITLES, "subtitles",
            params=_TRANSLATE,
            languages=TRANSLATION_LANGUAGES, language_params=("translate_from", "translate_to"),
            callback_fields=("mode", "order_id", "subtitles_url"),
            result_fields=("subtitles_url",), list_type="subtitles",
        ),
    )
}  # fmt: skip

# Every URL field an order object or callback may carry, across kinds.
RESULT_URL_FIELDS: tuple[str, ...] = (
    "transcription_url", "captions_url", "proofread_transcription_url", "proofread_captions_url",
    "forced_alignment_transcription_url", "translation_url", "subtitles_url",
)  # fmt: skip


def spec_for(kind: OrderKind | str) -> KindSpec:
    """Given a kind or its path/name (`captions`, `ai_transcription`), return its spec.
    Raise KeyError with the known names if there is no such kind."""
    if isinstance(kind, OrderKind):
        return KINDS[kind]
    for spec in KINDS.values():
        if kind in (spec.kind.value, spec.kind.name.lower(), spec.list_type):
            return spec
    known = ", ".join(spec.kind.name.lower() for spec in KINDS.values())
    raise KeyError(f"unknown order kind {kind!r}; known kinds: {known}")


def allowed_turnarounds(language: str) -> tuple[str, ...]:
    """Given a language name, return the turnaround times human orders accept for it."""
    return TURNAROUND_LIMITS.get(language, TURNAROUND_TIMES)


# ---------------------------------------------------------------------------------------------
# Validation: every problem of a request, at once, in words a user understands.


def validate_request(kind: OrderKind, params: Mapping[str, object]) -> list[str]:
    """Given an order kind and its request parameters, return every problem found (empty if
    the request is valid). The token is checked for presence only, never echoed."""
    spec = KINDS[kind]
    problems: list[str] = []
    for name in params:
        if name not in spec.param_index:
            problems.append(_unknown_param(spec, name))
    for param in spec.params:
        value = params.get(param.name)
        if value is None or value == "":
            if param.required:
                problems.append(f"'{param.name}' is required for {spec.title} orders")
            continue
        problem = _check_value(spec, param, value)
        if problem:
            problems.append(problem)
    problems.extend(_check_combinations(spec, params))
    return problems


def _unknown_param(spec: KindSpec, name: str) -> str:
    hint = _suggest(name, tuple(spec.param_index))
    return f"'{name}' is not a parameter of {spec.title} orders{hint}"


def _check_value(spec: KindSpec, param: Param, value: object) -> str | None:
    text = str(value).strip().lower() if isinstance(value, bool) else str(value).strip()
    if param.kind == "language":
        return _check_language(spec, param.name, text)
    if param.kind == "integer":
        return _check_integer(param.name, value)
    if param.kind == "boolean":
        if text.lower() not in ("true", "false", "1", "0"):
            return f"'{param.name}' must be true or false, not {text!r}"
        return None
    if param.kind == "url":
        return _check_url(param.name, text)
    if param.values and text not in param.values:
        allowed = ", ".join(param.values)
        return f"{param.name} {text!r} is not allowed; choose one of: {allowed}"
    return None


# The same language spelled differently by the transcription and the translation lists.
_SPELLINGS: Mapping[str, str] = {
    "chinese-simplified": "simplified-chinese", "simplified-chinese": "chinese-simplified",
    "chinese-traditional": "traditional-chinese", "traditional-chinese": "chinese-traditional",
    "hindi": "indian-hindi", "indian-hindi": "hindi",
}  # fmt: skip


def _check_language(spec: KindSpec, name: str, language: str) -> str | None:
    if language in spec.languages:
        return None
    respelled = _SPELLINGS.get(language)
    if respelled in spec.languages:
        hint = f" (for {spec.title} it is spelled {respelled!r})"
    else:
        hint = _suggest(language, spec.languages) or _other_kinds(spec, language)
    return f"{name} {language!r} is not available for {spec.title} orders{hint}"


def _other_kinds(spec: KindSpec, language: str) -> str:
    titles = [other.title for other in KINDS.values() if language in other.languages]
    if not titles:
        return ""
    return f" (it is available for {', '.join(titles)})"


def _check_integer(name: str, value: object) -> str | None:
    try:
        number = int(str(value))
    except ValueError:
        return f"'{name}' must be a whole number of seconds, not {value!r}"
    if number < 0:
        return f"'{name}' must not be negative"
    return None


def _check_url(name: str, url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"'{name}' must be an http or https URL"
    return None


def _check_combinations(spec: KindSpec, params: Mapping[str, object]) -> list[str]:
    problems: list[str] = []
    language = str(params.get("language", ""))
    turnaround = str(params.get("turnaround_time", "") or "")
    if spec.turnaround_limited and turnaround and language in spec.languages:
        allowed = allowed_turnarounds(language)
        if turnaround in TURNAROUND_TIMES and turnaround not in allowed:
            problems.append(
                f"turnaround_time {turnaround!r} is not offered for {language}; "
                f"choose {' or '.join(allowed)}"
            )
    start, till = params.get("from"), params.get("till")
    if start is not None and till is not None:
        try:
            if int(str(start)) >= int(str(till)):
                problems.append("'from' must be smaller than 'till'")
        except ValueError:
            pass  # already reported as not a whole number
    source, target = params.get("translate_from"), params.get("translate_to")
    if source is not None and source == target:
        problems.append(f"translate_from and translate_to are both {source!r}")
    return problems


def _suggest(word: str, choices: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close:
        return ""
    return f" (did you mean {close[0]!r}?)"
