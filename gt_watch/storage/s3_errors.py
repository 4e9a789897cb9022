"""Turning S3 failures (boto3 exceptions, HTTP answers to presigned requests, broken
connections) into StorageErrors that say what failed and what to check. Performs no I/O.

Messages name the bucket, key and endpoint but never a URL with its query string: presigned
URLs carry signatures. `GtWatchError` redacts its message as a second line of defence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    PartialCredentialsError,
)

from gt_watch.errors import StorageError

_CREDENTIALS = (
    "the endpoint rejected the credentials: check the access key and secret (environment, "
    "profile or instance role, the boto3 way), and `region` for this endpoint"
)
# What to check, by the S3 error code of the answer.
ADVICE_BY_CODE = {
    "NoSuchBucket": "the bucket does not exist: create it, or fix `bucket` and `endpoint_url`",
    "InvalidBucketName": "the bucket name is not valid for S3: fix `bucket`",
    "InvalidAccessKeyId": _CREDENTIALS,
    "SignatureDoesNotMatch": _CREDENTIALS,
    "AccessDenied": (
        "access denied: the credentials lack permission on this bucket and prefix "
        "(uploads need s3:PutObject, s3:GetObject and s3:AbortMultipartUpload)"
    ),
    "ExpiredToken": "the session token expired: refresh the temporary credentials",
    "InvalidToken": "the session token is not valid: refresh the temporary credentials",
    "TokenRefreshRequired": "the session token expired: refresh the temporary credentials",
    "RequestTimeTooSkewed": "this machine's clock is off: synchronise it (NTP)",
    "AuthorizationHeaderMalformed": "the region is wrong: set `region` to the bucket's region",
    "PermanentRedirect": "the bucket lives elsewhere: set `region` or `endpoint_url` to match",
    "NoSuchUpload": "the multipart upload was removed on the server meanwhile",
    "NoSuchKey": "the object does not exist: check the bucket and key",
    "EntityTooLarge": "the file is larger than the endpoint accepts",
    "SlowDown": "the endpoint is throttling: try again later, or lower the upload concurrency",
}
ADVICE_BY_STATUS = {
    301: ADVICE_BY_CODE["PermanentRedirect"],
    307: ADVICE_BY_CODE["PermanentRedirect"],
    400: "the endpoint refused the request: check `region`, `endpoint_url` and `path_style`",
    403: _CREDENTIALS,
    404: "not found: check `bucket` and `endpoint_url` (and `path_style` for MinIO-like servers)",
}
_SERVER_TROUBLE = "the S3 endpoint had trouble on its side: try again later"

_XML_CODE = re.compile(r"<Code>([^<]{1,100})</Code>")
_XML_MESSAGE = re.compile(r"<Message>([^<]{1,300})</Message>")


@dataclass(frozen=True, slots=True)
class S3Target:
    """Where an S3 operation was aimed, as people should read it in a message."""

    endpoint: str
    bucket: str
    key: str = ""

    def __str__(self) -> str:
        where = f"s3://{self.bucket}/{self.key}" if self.key else f"bucket {self.bucket!r}"
        return f"{where} at {self.endpoint}"


def describe_failure(action: str, target: S3Target, status: int | None, code: str) -> str:
    """Given what gt-watch was doing, where, and the S3 answer (HTTP status, error code),
    return the message for people: what failed and what to check."""
    advice = ADVICE_BY_CODE.get(code)
    if advice is None and status is not None:
        advice = _SERVER_TROUBLE if status >= 500 else ADVICE_BY_STATUS.get(status)
    answer = " ".join(part for part in (f"HTTP {status}" if status else "", code) if part)
    failed = f"{action} ({target}) failed: S3 answered {answer or 'with an error'}"
    return f"{failed}; {advice}" if advice else failed


def from_response(response: httpx.Response, action: str, target: S3Target) -> StorageError:
    """Given a failed answer to a presigned request, return its StorageError."""
    body = response.text[:4000] if response.content else ""
    code_match = _XML_CODE.search(body)
    code = code_match.group(1) if code_match else ""
    return StorageError(
        describe_failure(action, target, response.status_code, code) + _detail(body)
    )


def from_exception(error: BaseException, action: str, target: S3Target) -> StorageError:
    """Given an exception from boto3 or httpx, return the StorageError people should read."""
    if isinstance(error, StorageError):
        return error
    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        message = describe_failure(action, target, status, str(details.get("Code", "")))
        return StorageError(message + _detail(f"<Message>{details.get('Message', '')}</Message>"))
    return StorageError(f"{action} ({target}) failed: {_transport_problem(error, target)}")


def _transport_problem(error: BaseException, target: S3Target) -> str:
    if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout):
        return _unreachable(target)
    if isinstance(error, EndpointConnectionError | ConnectTimeoutError):
        return _unreachable(target)
    if isinstance(error, NoCredentialsError | PartialCredentialsError):
        return (
            "no S3 credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a "
            "profile (AWS_PROFILE) or an instance role"
        )
    if isinstance(error, httpx.TimeoutException):
        return f"the endpoint stopped answering ({type(error).__name__}); check the network"
    if isinstance(error, httpx.TransportError | BotoCoreError):
        return f"the connection to the endpoint broke ({error}); check the network"
    return f"{type(error).__name__}: {error}"


def _unreachable(target: S3Target) -> str:
    return (
        f"could not connect to the S3 endpoint {target.endpoint}: check `endpoint_url` and "
        "that the server runs and is reachable from this host"
    )


def _detail(body: str) -> str:
    match = _XML_MESSAGE.search(body)
    return f" (the endpoint said: {match.group(1).strip()})" if match else ""
