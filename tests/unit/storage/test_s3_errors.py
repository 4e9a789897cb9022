"""S3 failures become messages that say what failed, where, and what to check."""

from __future__ import annotations

import httpx
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError

from gt_watch.storage.s3_errors import S3Target, from_exception, from_response

TARGET = S3Target("http://127.0.0.1:9000", "media", "staging/ab/interview.wav")
PRESIGNED = (
    "http://127.0.0.1:9000/media/staging/ab/interview.wav?X-Amz-Algorithm=AWS4-HMAC-SHA256"
    "&X-Amz-Credential=AKIAEXAMPLE%2F20260301%2Fus-east-1%2Fs3%2Faws4_request"
    "&X-Amz-Signature=0123456789abcdef"
)


def s3_answer(status: int, code: str, message: str) -> httpx.Response:
    body = f"<?xml version='1.0'?><Error><Code>{code}</Code><Message>{message}</Message></Error>"
    return httpx.Response(status, text=body, request=httpx.Request("PUT", PRESIGNED))


def test_missing_bucket_names_the_bucket_and_what_to_do() -> None:
    error = from_response(
        s3_answer(404, "NoSuchBucket", "The specified bucket does not exist"),
        "uploading /media/interview.wav",
        TARGET,
    )

    assert str(error) == (
        "uploading /media/interview.wav (s3://media/staging/ab/interview.wav at "
        "http://127.0.0.1:9000) failed: S3 answered HTTP 404 NoSuchBucket; the bucket does "
        "not exist: create it, or fix `bucket` and `endpoint_url` (the endpoint said: The "
        "specified bucket does not exist)"
    )


@pytest.mark.parametrize("code", ["InvalidAccessKeyId", "SignatureDoesNotMatch"])
def test_rejected_credentials_point_at_the_credentials(code: str) -> None:
    error = from_response(s3_answer(403, code, "nope"), "uploading x", TARGET)

    assert "rejected the credentials" in str(error)


def test_access_denied_lists_the_permissions_an_upload_needs() -> None:
    error = from_response(s3_answer(403, "AccessDenied", "Access Denied"), "uploading x", TARGET)

    assert "s3:PutObject, s3:GetObject and s3:AbortMultipartUpload" in str(error)


def test_server_trouble_says_to_try_later() -> None:
    error = from_response(s3_answer(503, "SlowDown", "Reduce your request rate"), "up", TARGET)

    assert "throttling" in str(error)
    assert "HTTP 503 SlowDown" in str(error)


def test_answer_without_a_body_still_gives_the_status_and_advice() -> None:
    error = from_response(
        httpx.Response(403, request=httpx.Request("PUT", PRESIGNED)), "uploading x", TARGET
    )

    assert "S3 answered HTTP 403;" in str(error)
    assert "rejected the credentials" in str(error)


def test_unknown_code_is_shown_with_the_endpoints_own_words() -> None:
    error = from_response(s3_answer(400, "WeirdThing", "Something odd"), "uploading x", TARGET)

    assert "HTTP 400 WeirdThing" in str(error)
    assert "(the endpoint said: Something odd)" in str(error)


def test_message_never_contains_the_presigned_url_or_its_signature() -> None:
    error = from_response(s3_answer(403, "SignatureDoesNotMatch", PRESIGNED), "up", TARGET)

    assert "0123456789abcdef" not in str(error)
    assert "AKIAEXAMPLE" not in str(error)


def test_boto3_client_error_is_described_like_an_answer() -> None:
    failure = ClientError(
        {
            "Error": {"Code": "AccessDenied", "Message": "Access Denied"},
            "ResponseMetadata": {"HTTPStatusCode": 403},
        },
        "CreateMultipartUpload",
    )

    error = from_exception(failure, "starting the multipart upload", TARGET)

    assert "HTTP 403 AccessDenied; access denied" in str(error)


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ConnectError("Connection refused"),
        EndpointConnectionError(endpoint_url="http://127.0.0.1:9000"),
    ],
)
def test_unreachable_endpoint_points_at_endpoint_url(failure: Exception) -> None:
    error = from_exception(failure, "uploading x", TARGET)

    assert "could not connect to the S3 endpoint http://127.0.0.1:9000" in str(error)
    assert "check `endpoint_url`" in str(error)


def test_missing_credentials_say_where_boto3_looks() -> None:
    error = from_exception(NoCredentialsError(), "uploading x", TARGET)

    assert "no S3 credentials found" in str(error)
    assert "AWS_ACCESS_KEY_ID" in str(error)


def test_broken_connection_is_reported_as_such() -> None:
    error = from_exception(httpx.WriteError("Broken pipe"), "uploading x", TARGET)

    assert "the connection to the endpoint broke" in str(error)
