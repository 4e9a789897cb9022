"""Secret redaction: the one place that knows how secrets look in text. Imports nothing upward.

Result URLs carry `api_token` in their query string, callback URLs carry a path secret, and a
token may be pasted into any message. `redact` removes all of them, so that logs, exception
texts, status output and test artifacts never show one.
"""

from __future__ import annotations

import re
import threading

REDACTED = "***"

# Query parameters whose values are secrets wherever they appear (URLs, form bodies, logs).
_SECRET_PARAMS = re.compile(
    r"(?P<key>\b(?:api_token|token|signature|sig|X-Amz-Signature|X-Amz-Credential|"
    r"X-Amz-Security-Token|AWSAccessKeyId|Signature|secret)=)(?P<value>[^&\s\"'<>]+)",
    re.IGNORECASE,
)
# The same names as JSON or Python mapping keys: "api_token": "value".
_SECRET_KEYS = re.compile(
    r"(?P<key>[\"'](?:api_token|token|secret|password|aws_secret_access_key)[\"']\s*:\s*[\"'])"
    r"(?P<value>[^\"']+)",
    re.IGNORECASE,
)
# The secret segment of callback URLs: /callbacks/<secret>/<job>.
_CALLBACK_SECRET = re.compile(r"(?P<key>/callbacks/)(?P<value>[^/\s\"'?]+)(?=/)")
# The same parameters in a URL that is itself URL-encoded, such as a presigned media URL sent
# as the `url` field of a form body: `...%26X-Amz-Signature%3D<value>%26...`.
_ENCODED_SECRET_PARAMS = re.compile(
    r"(?P<key>(?:\b|(?<=%26)|(?<=%3F))(?:api_token|token|signature|sig|X-Amz-Signature|"
    r"X-Amz-Credential|X-Amz-Security-Token|AWSAccessKeyId|Signature|secret)%3D)"
    r"(?P<value>(?:(?!%26)[^&\s\"'<>])+)",
    re.IGNORECASE,
)

_known_secrets: set[str] = set()
_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Given a secret value (a token, a password), redact it verbatim from all later text."""
    if value and len(value) >= 4:
        with _lock:
            _known_secrets.add(value)


def redact(text: str) -> str:
    """Given any text, return it with secret query values, callback secrets and every
    registered secret replaced by `***`."""
    text = _SECRET_PARAMS.sub(lambda m: m.group("key") + REDACTED, text)
    text = _SECRET_KEYS.sub(lambda m: m.group("key") + REDACTED, text)
    text = _CALLBACK_SECRET.sub(lambda m: m.group("key") + REDACTED, text)
    text = _ENCODED_SECRET_PARAMS.sub(lambda m: m.group("key") + REDACTED, text)
    with _lock:
        secrets = sorted(_known_secrets, key=len, reverse=True)
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text
