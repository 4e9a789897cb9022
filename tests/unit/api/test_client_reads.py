"""Reads: the order list across pages, one order, and how GETs are retried."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from gt_watch.api.client import GoTranscriptClient
from gt_watch.api.retry import RetryPolicy
from gt_watch.errors import ApiRequestError, ApiResponseError, ApiServerError, ApiUnavailableError
from gt_watch.model import Mode, OrderStatus
from tests.unit.api.conftest import BASE, TOKEN, ScriptedApi, Sleeps, json_reply

MakeClient = Callable[..., GoTranscriptClient]


def page(ids: list[int], next_page_url: str | None) -> httpx.Response:
    orders = [{"id": order_id, "type": "captions", "finished_at": None} for order_id in ids]
    return json_reply({"orders": orders, "next_page_url": next_page_url})


def test_the_order_list_follows_next_page_urls_on_the_api_host(make_client: MakeClient) -> None:
    api = ScriptedApi(
        [
            page([1, 2], f"{BASE}/orders?mode=live&api_token=login_to_see_token&cursor=c2"),
            page([3], None),
        ]
    )

    orders = list(make_client(api).orders(Mode.LIVE))

    assert [order.id for order in orders] == [1, 2, 3]
    first, second = (request.url for request in api.requests)
    assert (first.path, first.params["mode"], first.params["api_token"]) == (
        "/api/v4/orders",
        "live",
        TOKEN,
    )
    assert "cursor" not in first.params
    assert (second.params["cursor"], second.params["api_token"]) == ("c2", TOKEN)


def test_a_next_page_url_elsewhere_is_not_followed_but_its_cursor_is_used(
    make_client: MakeClient,
) -> None:
    api = ScriptedApi([page([1], "https://evil.example.test/orders?cursor=c2"), page([2], "")])

    assert [order.id for order in make_client(api).orders(Mode.TEST)] == [1, 2]

    second = api.requests[1].url
    assert (second.host, second.path) == ("api.example.test", "/api/v4/orders")
    assert (second.params["cursor"], second.params["mode"]) == ("c2", "test")


def test_a_relative_next_page_url_is_read_against_the_api(make_client: MakeClient) -> None:
    api = ScriptedApi([page([1], "/api/v4/orders?cursor=c2"), page([2], None)])

    assert [order.id for order in make_client(api).orders(Mode.LIVE)] == [1, 2]
    assert api.requests[1].url.params["mode"] == "live"


def test_a_next_page_url_elsewhere_without_a_cursor_is_an_error(make_client: MakeClient) -> None:
    api = ScriptedApi([page([1], "https://evil.example.test/orders")])
    orders = make_client(api).orders(Mode.LIVE)

    assert next(orders).id == 1
    with pytest.raises(ApiResponseError, match="carries no cursor"):
        next(orders)
    assert len(api.requests) == 1


def test_a_cursor_loop_stops_with_an_error_after_each_page_was_read_once(
    make_client: MakeClient,
) -> None:
    api = ScriptedApi(
        [
            page([1], f"{BASE}/orders?cursor=a"),
            page([2], f"{BASE}/orders?cursor=b"),
            page([3], f"{BASE}/orders?cursor=a"),
        ]
    )
    seen: list[int] = []

    with pytest.raises(ApiResponseError, match="leads back to a page it already sent"):
        seen.extend(order.id for order in make_client(api).orders(Mode.LIVE))

    assert seen == [1, 2, 3]
    assert len(api.requests) == 3


def test_pages_told_apart_by_another_parameter_than_cursor_are_not_a_loop(
    make_client: MakeClient,
) -> None:
    api = ScriptedApi(
        [page([1], f"{BASE}/orders?page=2"), page([2], f"{BASE}/orders?page=3"), page([3], None)]
    )

    assert [order.id for order in make_client(api).orders(Mode.LIVE)] == [1, 2, 3]


def test_one_order_is_read_from_its_data_object(make_client: MakeClient) -> None:
    order_object = {"id": 7, "type": "captions", "finished_at": "2024-01-01 10:00:00",
                    "captions_url": f"{BASE}/orders/7/captions?api_token=x"}  # fmt: skip
    api = ScriptedApi([json_reply({"data": order_object})])

    order = make_client(api).order(7, Mode.LIVE)

    assert (order.id, order.status) == (7, OrderStatus.FINISHED)
    assert order.result_urls["captions_url"].endswith("/orders/7/captions?api_token=x")
    url = api.requests[0].url
    assert (url.path, url.params["mode"], url.params["api_token"]) == (
        "/api/v4/orders/7",
        "live",
        TOKEN,
    )


def test_one_order_without_a_data_wrapper_is_read_too(make_client: MakeClient) -> None:
    api = ScriptedApi([json_reply({"id": 7, "type": "captions"})])

    assert make_client(api).order(7, Mode.TEST).id == 7


def test_an_order_answer_without_an_order_is_a_response_error(make_client: MakeClient) -> None:
    api = ScriptedApi([json_reply({"data": None})])

    with pytest.raises(ApiResponseError, match="answer for order 7 has no order"):
        make_client(api).order(7, Mode.TEST)


def test_a_refused_read_is_not_retried(make_client: MakeClient, sleeps: Sleeps) -> None:
    api = ScriptedApi([json_reply({"mode": "live", "status": "error", "error": "Bad token"}, 400)])

    with pytest.raises(ApiRequestError, match="Bad token"):
        make_client(api).order(7, Mode.LIVE)

    assert (len(api.requests), sleeps.waits) == (1, [])


@pytest.mark.parametrize(
    "failure",
    [
        httpx.Response(503, text="busy"),
        httpx.ReadTimeout("timed out"),
        httpx.ConnectError("refused"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
    ],
)
def test_reads_are_retried_after_server_errors_timeouts_and_network_failures(
    make_client: MakeClient, sleeps: Sleeps, failure: Exception | httpx.Response
) -> None:
    api = ScriptedApi([failure, failure, json_reply({"data": {"id": 7}})])

    assert make_client(api).order(7, Mode.LIVE).id == 7
    assert len(api.requests) == 3
    assert len(sleeps.waits) == 2


def test_a_read_that_keeps_failing_with_5xx_gives_up_after_the_attempts(
    make_client: MakeClient, sleeps: Sleeps
) -> None:
    api = ScriptedApi([json_reply({"error": "maintenance"}, status=502)])

    with pytest.raises(ApiServerError) as caught:
        list(make_client(api).orders(Mode.LIVE))

    assert caught.value.status_code == 502
    assert "maintenance (GET https://api.example.test/api/v4/orders)" in caught.value.message
    assert len(api.requests) == 4
    assert len(sleeps.waits) == 3


def test_a_read_that_cannot_connect_is_unavailable(make_client: MakeClient) -> None:
    api = ScriptedApi([httpx.ConnectError("[Errno 111] Connection refused")])

    with pytest.raises(ApiUnavailableError, match=r"4 attempt\(s\), last: ConnectError"):
        make_client(api).order(1, Mode.LIVE)


def test_retries_stop_before_the_total_time_is_spent() -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    policy = RetryPolicy(
        attempts=50, total_seconds=10, first_wait=1, max_wait=100, sleep=sleep, clock=lambda: now[0]
    )
    api = ScriptedApi([httpx.Response(500)])
    client = GoTranscriptClient(
        BASE, TOKEN, http=httpx.Client(transport=httpx.MockTransport(api)), retry=policy
    )

    with pytest.raises(ApiServerError):
        client.order(1, Mode.LIVE)

    # Waits of 1-2, 2-3 and 4-5 s (jitter included) fit in 10 s; the next, 8-9 s, would not.
    assert len(api.requests) == 4
    assert now[0] < 10
    client._http.close()


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (httpx.Response(200, text="<html>maintenance</html>"), "other than a JSON object"),
        (json_reply([1, 2]), "other than a JSON object"),
        (
            httpx.Response(301, headers={"location": "https://new.example.test/v5?a=1"}),
            r"HTTP 301 to https://new\.example\.test/v5; check the API base URL",
        ),
        (httpx.Response(204), "other than a JSON object"),
    ],
)
def test_an_unusable_answer_to_a_read_is_a_response_error(
    make_client: MakeClient, reply: httpx.Response, message: str
) -> None:
    with pytest.raises(ApiResponseError, match=message):
        make_client(ScriptedApi([reply])).order(1, Mode.LIVE)
