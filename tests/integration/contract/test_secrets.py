"""A whole live order flow with every logger at DEBUG: the token appears in no log line (the
handler of gt_watch.logs.configure and pytest's caplog alike), no exception text and no repr
of what the client returns, although every result URL the API sends carries it."""

from __future__ import annotations

import io
import logging
import traceback

import pytest

from gt_watch import logs
from gt_watch.api.client import GoTranscriptClient
from gt_watch.api.formats import parse_callback
from gt_watch.catalog import RESULT_FORMATS
from gt_watch.errors import GtWatchError
from gt_watch.model import Mode
from gt_watch.sandbox import SandboxServer
from tests.integration.contract.helpers import TOKEN, RecordedSleeps, fast_retry, finished
from tests.support.callbacks import CallbackReceiver


def _texts_of(error: BaseException) -> list[str]:
    return [str(error), repr(error), "".join(traceback.format_exception(error))]


def test_token_appears_in_no_log_line_error_or_repr_of_a_whole_live_order_flow(
    sandbox: SandboxServer,
    media_url: str,
    receiver: CallbackReceiver,
    caplog: pytest.LogCaptureFixture,
) -> None:
    stream = io.StringIO()
    logs.configure("DEBUG", stream=stream)
    logging.getLogger().addHandler(caplog.handler)  # configure() replaced the root handlers
    for name in ("httpx", "httpcore", "uvicorn", "gt_watch"):
        caplog.set_level(logging.DEBUG, logger=name)  # the libraries too: they log URLs
    receiver.answers = ["not yet"]  # one retried callback, logged by the sandbox
    seen: list[str] = []

    with GoTranscriptClient(sandbox.base_url, TOKEN, retry=fast_retry(RecordedSleeps())) as api:
        seen.append(repr(api))
        receipt = api.captions(
            mode=Mode.LIVE,
            url=f"{media_url}/speech.wav",
            language="english",
            callback_url=receiver.url(),
        )
        assert receipt.order_id is not None
        callback = parse_callback(receiver.wait_for(2)[-1].fields)
        info = finished(api, receipt.order_id)
        assert set(info.result_urls) == {"captions_url", "transcription_url"}
        assert callback.result_urls == info.result_urls
        assert all(TOKEN in url for url in info.result_urls.values())  # the vendor's way
        seen += [repr(receipt), repr(callback), repr(info), str(info)]
        for result_format in RESULT_FORMATS:
            try:
                api.download(info.result_urls["transcription_url"], result_format)
            except GtWatchError as error:  # doc and pdf: the sandbox cannot produce them
                seen += _texts_of(error)
        api.download(info.result_urls["captions_url"])
        listed = [order for order in api.orders(Mode.LIVE) if order.id == receipt.order_id]
        seen += [repr(listed)]
        try:
            api.order(987654, Mode.LIVE)
        except GtWatchError as error:  # an unknown order: the API's own error text
            seen += _texts_of(error)

    output = stream.getvalue()
    assert "downloading http://127.0.0.1" in output  # DEBUG lines of the client were written
    assert "callback attempt 2" in output  # and the sandbox's own
    assert any(record.name == "httpx" for record in caplog.records)
    assert len([text for text in seen if "cannot be produced" in text]) == 6
    assert any("order 987654 does not exist" in text for text in seen)
    assert TOKEN not in output
    assert TOKEN not in caplog.text
    assert not [record.name for record in caplog.records if TOKEN in record.getMessage()]
    assert not [text for text in seen if TOKEN in text]
