"""Bodies limited while they stream: 413 as soon as 64 KiB have arrived, with or without a Content-Length.

A plain ASGI middleware (no extra task per request). It counts the bytes the app pulls from `receive`; the moment
the count passes the limit, `receive` raises `BodyTooLarge`, an `HTTPException` that FastAPI re-raises from its own
body parsing and that `api/errors.py` answers with the JSON error body. Nothing past the limit is ever buffered.
"""


from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from facilitator.i18n import _

from .errors import MAX_BODY_BYTES, error_response

WS_MAX_BYTES = 1024 * 1024
"""The largest WebSocket message (uvicorn's `ws_max_size`) and socket.io packet (engine.io's
`max_http_buffer_size`): a rapporteur's note of 100,000 characters still fits."""


class BodyTooLarge(HTTPException):
    """The request body passed the limit while it was streaming in."""

    def __init__(self) -> None:
        super().__init__(status_code=413, detail=_('The request body is too large.'))


class BodyLimit:
    """Refuse HTTP request bodies over `limit` bytes under `prefix` (by default the API)."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES, prefix: str = '/api') -> None:
        self.app = app
        self.limit = limit
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http' or not scope['path'].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get('content-length')
        if declared is not None and declared.strip().isdigit() and int(declared) > self.limit:
            response = error_response(413, 'body_too_large', _('The request body is too large.'))
            await response(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message['type'] == 'http.request':
                received += len(message.get('body', b''))
                if received > self.limit:
                    raise BodyTooLarge()
            return message

        await self.app(scope, limited_receive, send)

