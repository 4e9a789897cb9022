"""The HTTP side of signed media URLs: a Starlette route (and a stand-alone app) serving the
file a valid URL grants, with GET, HEAD and Range. Must not sign URLs or touch anything but
the granted file.

Every request that is not validly signed and unexpired gets the same bare 403, whether the
file exists or not, so the server cannot be used to probe the disk. A signed URL whose file
is gone or changed since staging gets 404.
"""

from __future__ import annotations

import logging
import os

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from gt_watch.storage.files import content_type_for
from gt_watch.storage.signed import MEDIA_ROUTE, SignatureRejected, SignedUrls

log = logging.getLogger(__name__)


def media_routes(signed: SignedUrls) -> list[Route]:
    """Given the URL signer, return the route serving `/media/{opaque}` (GET and HEAD), to
    include in another Starlette app's routes."""

    async def serve_media(request: Request) -> Response:
        return serve_granted_file(signed, request)

    return [Route(MEDIA_ROUTE, serve_media, methods=["GET", "HEAD"], name="media")]


def media_app(signed: SignedUrls) -> Starlette:
    """Given the URL signer, return an ASGI app serving only signed media URLs."""
    return Starlette(routes=media_routes(signed))


def serve_granted_file(signed: SignedUrls, request: Request) -> Response:
    """Given a request for a media URL, return the file it grants (Range honoured), a bare
    403 if the URL is not valid, or a bare 404 if the file changed or is gone."""
    try:
        grant = signed.verify(
            request.path_params["opaque"],
            request.query_params.get("exp", ""),
            request.query_params.get("sig", ""),
        )
    except SignatureRejected as rejected:
        log.debug("media URL refused: %s", rejected)
        return PlainTextResponse("Forbidden", status_code=403)
    try:
        status = os.stat(grant.path)
    except OSError:
        status = None
    if status is None or not grant.matches(status):
        log.info("media URL for %s: the file is gone or changed since it was staged", grant.path)
        return PlainTextResponse("Not Found", status_code=404)
    return FileResponse(
        grant.path,
        stat_result=status,
        media_type=content_type_for(grant.path),
        headers={"Cache-Control": "private, no-transform"},
    )
