"""`GoTranscriptClient`: one method per documented call of the GoTranscript API v4.
Builds requests, picks the retry rule, parses answers; never touches the store or files.

Orders are form-encoded POSTs with the token in the body; reads are GETs with the token in
the `api_token` query parameter (the documented way). Retries, error mapping and downloads
live in `retry`, `transport` and `download`; answer parsing in `formats`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from types import TracebackType

import httpx

from gt_watch import __version__
from gt_watch.api import download, formats, transport
from gt_watch.api.order_request import ParamValue, describe_order, keyword_params, order_form
from gt_watch.api.retry import RetryPolicy
from gt_watch.api.urls import api_base, endpoint, public_url, same_origin, with_params
from gt_watch.catalog import RESULT_FORMATS
from gt_watch.errors import ApiResponseError, OrderOutcomeUnknown, ValidationError
from gt_watch.logs import RedactingFilter
from gt_watch.model import Mode, OrderInfo, OrderKind, OrderReceipt
from gt_watch.redact import register_secret

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=60.0, write=60.0, pool=10.0)
DEFAULT_MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024
DEFAULT_DOWNLOAD_SECONDS = 300.0
MAX_ORDER_PAGES = 10_000

# Loggers of the HTTP libraries; httpx logs every request URL (with its token) at INFO.
_LIBRARY_LOGGERS = (
    "httpx", "httpcore.connection", "httpcore.http11", "httpcore.http2", "httpcore.proxy",
    "httpcore.socks",
)  # fmt: skip


class GoTranscriptClient:
    """The GoTranscript API v4 at `base_url`, authenticated by `token`.

    Pass `http` to share or configure the httpx client (its timeouts then apply; the
    caller closes it); otherwise the client makes one with DEFAULT_TIMEOUT and closes it
    on `close()`. Use as a context manager.
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        http: httpx.Client | None = None,
        retry: RetryPolicy | None = None,
        max_download_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES,
        download_seconds: float = DEFAULT_DOWNLOAD_SECONDS,
    ) -> None:
        register_secret(token)
        _redact_library_logs()
        self._base = api_base(base_url)
        self._token = token
        self._owns_http = http is None
        self._http = http or httpx.Client(
            timeout=DEFAULT_TIMEOUT, headers={"User-Agent": f"gt-watch/{__version__}"}
        )
        self._retry = retry or RetryPolicy()
        self._limits = download.DownloadLimits(
            max_download_bytes, download_seconds, self._retry.clock
        )

    def __repr__(self) -> str:
        return f"GoTranscriptClient(base_url={str(self._base)!r}, token='***')"

    def __enter__(self) -> GoTranscriptClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP connections, if this client opened them."""
        if self._owns_http:
            self._http.close()

    @property
    def base_url(self) -> str:
        return str(self._base)

    # -----------------------------------------------------------------------------------------
    # Orders.

    def place_order(
        self, kind: OrderKind, params: Mapping[str, ParamValue], mode: Mode
    ) -> OrderReceipt:
        """Given an order kind, its API parameters (without token and mode) and the mode,
        post the order and return the receipt. Raise ValidationError (nothing sent) if the
        request breaks the API's rules, ApiRequestError if GoTranscript refuses it,
        ApiUnavailableError if it was never sent, OrderOutcomeUnknown if it may exist."""
        form = order_form(kind, params, mode, self._token)
        request = self._http.build_request("POST", endpoint(self._base, kind.value), data=form)
        logger.debug("ordering %s in %s mode: %s", kind.value, mode.value, describe_order(form))
        response = transport.send_order(self._http, request, self._retry)
        return _receipt(response, request, mode)

    def transcription(
        self,
        *,
        mode: Mode,
        url: str,
        language: str,
        comment: str | None = None,
        from_seconds: int | None = None,
        till_seconds: int | None = None,
        text_format: str | None = None,
        timestamping: str | None = None,
        turnaround_time: str | None = None,
        number_of_speakers: str | None = None,
        callback_url: str | None = None,
    ) -> OrderReceipt:
        """Order a human transcription of the media at `url` (see `place_order`)."""
        return self._order(OrderKind.TRANSCRIPTION, mode, locals())

    def ai_transcription(
        self, *, mode: Mode, url: str, language: str, callback_url: str | None = None
    ) -> OrderReceipt:
        """Order an AI transcription (transcript and captions) of `url` (see `place_order`)."""
        return self._order(OrderKind.AI_TRANSCRIPTION, mode, locals())

    def proofreading(
        self,
        *,
        mode: Mode,
        audio_url: str,
        transcription_url: str,
        language: str,
        text_format: str | None = None,
        timestamping: str | None = None,
        turnaround_time: str | None = None,
        captions: bool | None = None,
        comment: str | None = None,
        callback_url: str | None = None,
    ) -> OrderReceipt:
        """Order proofreading of the AI transcript at `transcription_url` (see `place_order`)."""
        return self._order(OrderKind.PROOFREADING, mode, locals())

    def forced_alignment(
        self,
        *,
        mode: Mode,
        audio_url: str,
        transcription_url: str,
        language: str,
        callback_url: str | None = None,
    ) -> OrderReceipt:
        """Order word timings for the text at `transcription_url` (see `place_order`)."""
        return self._order(OrderKind.FORCED_ALIGNMENT, mode, locals())

    def translation(
        self,
        *,
        mode: Mode,
        url: str,
        translate_from: str,
        translate_to: str,
        comment: str | None = None,
        callback_url: str | None = None,
    ) -> OrderReceipt:
        """Order a translation of the document at `url` (see `place_order`)."""
        return self._order(OrderKind.TRANSLATION, mode, locals())

    def captions(
        self,
        *,
        mode: Mode,
        url: str,
        language: str,
        comment: str | None = None,
        from_seconds: int | None = None,
        till_seconds: int | None = None,
        text_format: str | None = None,
        timestamping: str | None = None,
        turnaround_time: str | None = None,
        number_of_speakers: str | None = None,
        callback_url: str | None = None,
    ) -> OrderReceipt:
        """Order captions of the media at `url` (see `place_order`)."""
        return self._order(OrderKind.CAPTIONS, mode, locals())

    def subtitles(
        self,
        *,
        mode: Mode,
        url: str,
        translate_from: str,
        translate_to: str,
        comment: str | None = None,
        callback_url: str | None = None,
    ) -> OrderReceipt:
        """Order subtitles in `translate_to` of the media at `url` (see `place_order`)."""
        return self._order(OrderKind.SUBTITLES, mode, locals())

    def _order(self, kind: OrderKind, mode: Mode, arguments: Mapping[str, object]) -> OrderReceipt:
        """`arguments` is the calling kind method's `locals()`: exactly its parameters."""
        return self.place_order(kind, keyword_params(arguments), mode)

    # -----------------------------------------------------------------------------------------
    # Reads.

    def orders(self, mode: Mode) -> Iterator[OrderInfo]:
        """Given a mode, yield every order of the account, page by page. Raise
        ApiResponseError if a page is unusable or the pages run in a loop."""
        url = self._read_url(endpoint(self._base, "orders"), mode=mode.value)
        seen = {page_key(url)}
        for _ in range(MAX_ORDER_PAGES):
            request = self._http.build_request("GET", url)
            response = transport.send_read(self._http, request, self._retry)
            orders, next_page = formats.parse_order_page(transport.json_answer(response, request))
            yield from orders
            if not next_page:
                return
            url = self._next_page(next_page, mode)
            if page_key(url) in seen:
                raise ApiResponseError(
                    f"GoTranscript's order list leads back to a page it already sent "
                    f"({public_url(url)}); stopped reading it to avoid a loop"
                )
            seen.add(page_key(url))
        raise ApiResponseError(f"GoTranscript's order list has over {MAX_ORDER_PAGES} pages")

    def _next_page(self, next_page_url: str, mode: Mode) -> httpx.URL:
        """Follow `next_page_url` on the API host; elsewhere, use its cursor against ours."""
        try:
            target = self._base.join(next_page_url)
        except httpx.InvalidURL:
            raise ApiResponseError("GoTranscript sent an unreadable next_page_url") from None
        if same_origin(target, self._base):
            defaults = {} if "mode" in target.params else {"mode": mode.value}
            return self._read_url(target, **defaults)
        cursor = target.params.get("cursor")
        if not cursor:
            raise ApiResponseError(
                f"next_page_url points away from the API ({public_url(target)}) and carries "
                f"no cursor; cannot read further pages"
            )
        return self._read_url(endpoint(self._base, "orders"), mode=mode.value, cursor=cursor)

    def order(self, order_id: int, mode: Mode) -> OrderInfo:
        """Given an order id and mode, return the order as GoTranscript sees it now.
        Raise ApiRequestError if GoTranscript refuses, ApiResponseError if unusable."""
        url = self._read_url(endpoint(self._base, "orders", str(order_id)), mode=mode.value)
        request = self._http.build_request("GET", url)
        response = transport.send_read(self._http, request, self._retry)
        answer = transport.json_answer(response, request)
        data = answer.get("data", answer)
        if not isinstance(data, Mapping):
            raise ApiResponseError(f"GoTranscript's answer for order {order_id} has no order")
        return formats.parse_order(data)

    def download(self, url: str, fmt: str | None = None) -> bytes:
        """Given a result URL from an order or callback and a format (`json`, `text`, ...;
        None keeps the URL's), return the file. Raise UnsafeUrlError if the URL is not on
        the API host, ValidationError for an unknown format, and see `download.fetch`."""
        try:
            target = httpx.URL(url)
        except httpx.InvalidURL:
            raise ApiResponseError("GoTranscript sent an unreadable result URL") from None
        download.check_origin(target, self._base)
        if fmt is not None:
            if fmt not in RESULT_FORMATS:
                allowed = ", ".join(RESULT_FORMATS)
                raise ValidationError([f"result format {fmt!r} is unknown; choose {allowed}"])
            target = target.copy_set_param("format", fmt)
        if "api_token" not in target.params:
            target = target.copy_set_param("api_token", self._token)
        logger.debug("downloading %s (format %s)", public_url(target), fmt or "as given")
        return download.fetch(self._http, target, self._base, self._retry, self._limits)

    def _read_url(self, url: httpx.URL, **params: str) -> httpx.URL:
        return with_params(url, **params, api_token=self._token)


# ---------------------------------------------------------------------------------------------
# Pure helpers: the identity of an order-list page, the receipt of an order's answer.


def page_key(url: httpx.URL) -> str:
    """Given an order-list URL, return what identifies its page: path and query without
    the token, whatever the vendor names its cursor."""
    query = sorted(f"{name}={value}" for name, value in url.params.multi_items())
    return f"{url.path}?" + "&".join(pair for pair in query if not pair.startswith("api_token="))


def _receipt(response: httpx.Response, request: httpx.Request, mode: Mode) -> OrderReceipt:
    """Read the answer to an order POST. A live order that may have been charged but
    cannot be read is OrderOutcomeUnknown, never a plain failure."""
    try:
        receipt = formats.parse_receipt(transport.json_answer(response, request), default_mode=mode)
    except ApiResponseError as error:
        if mode is Mode.TEST:
            raise
        raise OrderOutcomeUnknown(
            f"GoTranscript accepted {transport.describe(request)} but its answer is unusable "
            f"({error.message}); look for the order in the account's order list before "
            f"ordering again"
        ) from None
    if receipt.mode is not mode:
        logger.warning("ordered in %s mode, GoTranscript answered %s", mode, receipt.mode)
    if receipt.mode is Mode.LIVE and receipt.order_id is None:
        raise OrderOutcomeUnknown(
            f"GoTranscript answered the live order {transport.describe(request)} without an "
            f"order_id; look for the order in the account's order list before ordering again"
        )
    return receipt


def _redact_library_logs() -> None:
    """httpx logs request URLs (which carry the token) at INFO and httpcore logs headers at
    DEBUG: redact their records at the source, whatever handlers the program installs."""
    for name in _LIBRARY_LOGGERS:
        library_logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in library_logger.filters):
            library_logger.addFilter(RedactingFilter())
