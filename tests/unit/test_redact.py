from __future__ import annotations

from gt_watch.redact import redact, register_secret


def test_token_in_a_result_url_query_is_redacted() -> None:
    url = "https://gotranscript.com/api/v4/orders/1/captions?api_token=abc123XYZ&format=json"
    assert redact(url) == (
        "https://gotranscript.com/api/v4/orders/1/captions?api_token=***&format=json"
    )


def test_presigned_url_signature_and_credential_are_redacted() -> None:
    url = "http://s3/b/k?X-Amz-Credential=AKIA/2026&X-Amz-Signature=deadbeef&X-Amz-Expires=60"
    assert "deadbeef" not in redact(url)
    assert "AKIA" not in redact(url)
    assert "X-Amz-Expires=60" in redact(url)


def test_token_as_a_json_or_mapping_key_is_redacted() -> None:
    assert redact('{"api_token": "abc123XYZ", "mode": "live"}') == (
        '{"api_token": "***", "mode": "live"}'
    )
    assert "abc123XYZ" not in redact(str({"api_token": "abc123XYZ"}))


def test_callback_secret_path_segment_is_redacted() -> None:
    assert redact("POST http://h/callbacks/s3cr3t/j123") == "POST http://h/callbacks/***/j123"


def test_registered_secret_is_redacted_anywhere() -> None:
    register_secret("tok-very-secret")
    assert redact("Bearer tok-very-secret failed") == "Bearer *** failed"
