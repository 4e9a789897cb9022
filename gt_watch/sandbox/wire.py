"""Reading API requests: parameters from the query and a form, multipart or JSON body, and
the API's error answers. Owns nothing but the translation between HTTP and plain mappings.
"""

from __future__ import annotations

import json
import secrets

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class BadRequest(Exception):
    """The request itself cannot be read; the text is the API's `error`."""


async def request_params(request: Request) -> dict[str, str]:
    """Given a request, return its parameters: the query string, overlaid by the body
    (form-encoded, multipart or JSON). Raise BadRequest if the body cannot be read."""
    params = dict(request.query_params)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        params.update(await _json_params(request))
    elif content_type in _FORM_TYPES:
        async with request.form() as form:  # closes uploaded files on the way out
            for name, value in form.multi_items():
                if isinstance(value, UploadFile):
                    raise BadRequest(
                        f"parameter '{name}' was sent as a file; send its value as a "
                        "form field (the API fetches media from a URL)"
                    )
                params[name] = value
    elif await request.body():
        raise BadRequest(
            f"the request body has content type '{content_type}'; send "
            "form-encoded, multipart/form-data or JSON parameters"
        )
    return params


async def _json_params(request: Request) -> dict[str, str]:
    try:
        data = json.loads(await request.body() or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BadRequest(f"the request body is not valid JSON: {error}") from error
    if not isinstance(data, dict):
        raise BadRequest("the JSON request body must be an object of parameters")
    params: dict[str, str] = {}
    for name, value in data.items():
        if value is None:
            continue
        if isinstance(value, bool):
            params[name] = "true" if value else "false"
        elif isinstance(value, str | int | float):
            params[name] = str(value)
        else:
            raise BadRequest(f"parameter '{name}' must be a string, number or boolean")
    return params


def token_matches(given: str | None, expected: str) -> bool:
    """Compare tokens in constant time."""
    return given is not None and secrets.compare_digest(given.encode(), expected.encode())


def token_problem(given: str | None) -> str:
    """The error text of a missing or wrong token (never echoing it)."""
    if not given:
        return "api_token is missing: authentication failed"
    return "api_token is not valid: authentication failed (use the sandbox's --token)"


def error_answer(mode: str | None, error: str, status_code: int = 400) -> JSONResponse:
    """The documented error answer: `{"mode", "status", "error"}`."""
    return JSONResponse(
        {"mode": mode or "", "status": "error", "error": error}, status_code=status_code
    )
