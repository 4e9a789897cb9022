"""The retry rules against real TCP peers on 127.0.0.1: a closed port, a server that never
answers, one that drops the connection mid-request, and one that answers 500."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from gt_watch.api.client import GoTranscriptClient
from gt_watch.api.retry import RetryPolicy
from gt_watch.errors import ApiServerError, ApiUnavailableError, OrderOutcomeUnknown
from gt_watch.model import Mode, OrderReceipt
from tests.support.net import free_port
from tests.unit.api.conftest import (
    TOKEN,
    Sleeps,
    answer,
    close_mid_request,
    never_answer,
    raw_server,
)

ATTEMPTS = 3
MEDIA = "http://127.0.0.1:9/interview.wav"


@contextmanager
def client_for(
    base_url: str, sleeps: Sleeps, read_timeout: float = 10.0
) -> Iterator[GoTranscriptClient]:
    """A client with a policy that never sleeps; a short read timeout for silent peers."""
    http = httpx.Client(timeout=httpx.Timeout(10.0, read=read_timeout))
    policy = RetryPolicy(attempts=ATTEMPTS, sleep=sleeps)
    with http, GoTranscriptClient(base_url, TOKEN, http=http, retry=policy) as client:
        yield client


def order(client: GoTranscriptClient) -> OrderReceipt:
    return client.transcription(mode=Mode.LIVE, url=MEDIA, language="english")


def test_an_order_to_a_closed_port_is_retried_then_reported_as_never_sent(sleeps: Sleeps) -> None:
    with (
        client_for(f"http://127.0.0.1:{free_port()}/api/v4", sleeps) as client,
        pytest.raises(ApiUnavailableError) as caught,
    ):
        order(client)

    assert "Nothing was ordered" in caught.value.message
    assert f"{ATTEMPTS} attempt(s), last: ConnectError" in caught.value.message
    assert len(sleeps.waits) == ATTEMPTS - 1


def test_a_read_from_a_closed_port_is_retried_then_unavailable(sleeps: Sleeps) -> None:
    with (
        client_for(f"http://127.0.0.1:{free_port()}/api/v4", sleeps) as client,
        pytest.raises(ApiUnavailableError, match="ConnectError"),
    ):
        client.order(1, Mode.LIVE)

    assert len(sleeps.waits) == ATTEMPTS - 1


def test_an_order_to_a_server_that_never_answers_is_sent_once_and_unknown(
    sleeps: Sleeps,
) -> None:
    with raw_server(never_answer) as server, client_for(server.url, sleeps, 0.25) as client:
        with pytest.raises(OrderOutcomeUnknown, match="ReadTimeout"):
            order(client)
        connections = server.connections

    assert connections == 1
    assert sleeps.waits == []


def test_a_read_from_a_server_that_never_answers_is_retried(sleeps: Sleeps) -> None:
    with raw_server(never_answer) as server, client_for(server.url, sleeps, 0.25) as client:
        with pytest.raises(ApiUnavailableError, match="ReadTimeout"):
            client.order(1, Mode.LIVE)
        connections = server.connections

    assert connections == ATTEMPTS


def test_an_order_dropped_mid_request_is_sent_once_and_unknown(sleeps: Sleeps) -> None:
    with raw_server(close_mid_request) as server, client_for(server.url, sleeps) as client:
        with pytest.raises(OrderOutcomeUnknown, match="may have reached GoTranscript"):
            order(client)
        connections = server.connections

    assert connections == 1
    assert sleeps.waits == []


def test_a_read_dropped_mid_request_is_retried(sleeps: Sleeps) -> None:
    with raw_server(close_mid_request) as server, client_for(server.url, sleeps) as client:
        with pytest.raises(ApiUnavailableError):
            client.order(1, Mode.LIVE)
        connections = server.connections

    assert connections == ATTEMPTS


def server_error(connection: socket.socket) -> None:
    answer(connection, 500, {"mode": "live", "status": "error", "error": "Internal error"})


def test_an_order_answered_with_500_is_sent_once_and_unknown(sleeps: Sleeps) -> None:
    with raw_server(server_error) as server, client_for(server.url, sleeps) as client:
        with pytest.raises(OrderOutcomeUnknown, match="HTTP 500: Internal error"):
            order(client)
        connections = server.connections

    assert connections == 1


def test_a_read_answered_with_500_is_retried_up_to_the_attempts(sleeps: Sleeps) -> None:
    with raw_server(server_error) as server, client_for(server.url, sleeps) as client:
        with pytest.raises(ApiServerError, match="HTTP 500"):
            client.order(1, Mode.LIVE)
        connections = server.connections

    assert connections == ATTEMPTS
    assert len(sleeps.waits) == ATTEMPTS - 1


def test_a_real_answer_is_read(sleeps: Sleeps) -> None:
    def receipt(connection: socket.socket) -> None:
        answer(connection, 200, {"mode": "live", "order_id": "55", "order_total": "1.20"})

    with raw_server(receipt) as server, client_for(server.url, sleeps) as client:
        assert order(client).order_id == 55
