"""Page events bound to their socket.

NiceGUI 3.18 routes a page's socket.io messages (`event`, `javascript_response`, `ack`, `log`) by the `client_id`
inside the message, not by the socket that sent it. A `client_id` shows in the page HTML and the socket.io URL, so
anyone who learns one (a proxy log, a HAR file) could click a moderator's buttons from a participant's socket.

The handshake puts each socket in a socket.io room named after its client. This guard wraps NiceGUI's handlers and
drops a message unless its sender is in the room of the `client_id` it names; the first drop per socket is logged.
Malformed messages (not an object, odd arguments) are dropped quietly instead of raising in socket.io's tasks.

Written against NiceGUI's own handler names and signatures: `tests/ui/test_socket_guard.py` pins the version.
"""

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import core
from starlette.types import ASGIApp, Message, Receive, Scope, Send

WRITTEN_FOR_NICEGUI = '3.18.0'
GUARDED_EVENTS = ('event', 'javascript_response', 'ack', 'log')
HANDSHAKE_FIELDS = ('client_id', 'tab_id', 'document_id')
MAX_LOGGED = 10_000
ENGINE_IO_TYPES = frozenset('123456')
"""What a client may send over the WebSocket: close, ping, pong, message, upgrade, noop (engine.io v4)."""
MALFORMED = (ValueError, TypeError, IndexError, KeyError, AttributeError)

log = logging.getLogger(__name__)


class SocketGuard:
    """Checks that a socket speaks only for the clients it shook hands as."""

    def __init__(self) -> None:
        self._logged: set[str] = set()

    @staticmethod
    def owns(sid: str, client_id: object) -> bool:
        if not isinstance(client_id, str):
            return False
        return any(member == sid for member, _eio in core.sio.manager.get_participants('/', client_id))

    def refuse(self, sid: str, event: str, msg: object) -> None:
        if sid in self._logged:
            return
        if len(self._logged) >= MAX_LOGGED:
            self._logged.clear()
        self._logged.add(sid)
        client_id = msg.get('client_id') if isinstance(msg, dict) else None
        log.warning('dropped a socket.io %r from socket %s for a page it does not belong to (client %r); '
                    'further drops from this socket are not logged', event, sid, str(client_id)[:40])

    def wrap(self, event: str, handler: Callable[..., Any]) -> Callable[..., Any]:
        def guarded(sid: str, *args: Any) -> Any:
            if len(args) != 1 or not isinstance(args[0], dict):
                return None  # malformed: not NiceGUI's own client; ignored quietly
            if not self.owns(sid, args[0].get('client_id')):
                self.refuse(sid, event, args[0])
                return None
            return handler(sid, args[0])

        guarded.__wrapped__ = handler  # type: ignore[attr-defined]
        return guarded

    @staticmethod
    def wrap_handshake(handler: Callable[..., Awaitable[bool]]) -> Callable[..., Awaitable[bool]]:
        async def guarded(sid: str, *args: Any) -> bool:
            if len(args) != 1 or not isinstance(args[0], dict) \
                    or not all(isinstance(args[0].get(name), str) for name in HANDSHAKE_FIELDS):
                return False  # malformed handshake: refused quietly
            return await handler(sid, args[0])

        guarded.__wrapped__ = handler  # type: ignore[attr-defined]
        return guarded


class FrameFilter:
    """In front of NiceGUI's socket.io app: drop WebSocket text frames that are not engine.io packets, and answer
    a long-polling POST that holds one with 400. python-engineio would otherwise log a traceback for each."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] == 'http' and scope['method'] == 'POST':
            await self._polling(scope, receive, send)
            return
        if scope['type'] != 'websocket':
            await self.app(scope, receive, send)
            return

        async def filtered() -> Message:
            while True:
                message = await receive()
                text = message.get('text') if message['type'] == 'websocket.receive' else None
                if text is None or (text and text[0] in ENGINE_IO_TYPES):
                    return message

        await self.app(scope, filtered, send)

    async def _polling(self, scope: Scope, receive: Receive, send: Send) -> None:
        body, more = b'', True
        while more:
            message = await receive()
            if message['type'] != 'http.request':
                return
            body += message.get('body', b'')
            more = message.get('more_body', False)
            if len(body) > self.max_bytes:
                await _plain(send, 413)
                return
        try:
            packets = body.decode().split('\x1e')
        except UnicodeDecodeError:
            packets = ['']
        if not all(packet and (packet[0] in ENGINE_IO_TYPES or packet[0] == 'b') for packet in packets):
            await _plain(send, 400)
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {'type': 'http.request', 'body': body, 'more_body': False}

        await self.app(scope, replay, send)


async def _plain(send: Send, status: int) -> None:
    await send({'type': 'http.response.start', 'status': status, 'headers': [(b'content-type', b'text/plain')]})
    await send({'type': 'http.response.body', 'body': b'Bad request' if status == 400 else b'Too large'})


def _quiet_messages(handler: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    """socket.io's decoding of an engine.io message: a malformed packet (bad JSON, an event without a name) is
    dropped with a debug line. The page handlers themselves run in tasks of their own, outside this call."""
    async def quiet(*args: Any) -> Any:
        try:
            return await handler(*args)
        except MALFORMED as error:
            log.debug('ignored a malformed socket.io packet: %s', type(error).__name__)
            return None

    quiet.__wrapped__ = handler  # type: ignore[attr-defined]
    return quiet


def install_socket_guard(*, max_bytes: int | None = None) -> SocketGuard:
    """Wrap NiceGUI's socket.io handlers (once; running it again re-wraps the originals). `max_bytes` caps the size of
    one engine.io packet (`max_http_buffer_size`)."""
    sio = core.sio
    eio_handlers = sio.eio.handlers
    if 'message' in eio_handlers:
        eio_handlers['message'] = _quiet_messages(getattr(eio_handlers['message'], '__wrapped__',
                                                          eio_handlers['message']))
    for route in core.app.routes:
        if getattr(route, 'path', None) == '/_nicegui_ws' and not isinstance(getattr(route, 'app', None), FrameFilter):
            route.app = FrameFilter(route.app, max_bytes or 1_000_000)  # type: ignore[attr-defined]
    handlers = sio.handlers.setdefault('/', {})
    guard = SocketGuard()
    for event in GUARDED_EVENTS:
        if event in handlers:
            original = getattr(handlers[event], '__wrapped__', handlers[event])
            handlers[event] = guard.wrap(event, original)
    if 'handshake' in handlers:
        handlers['handshake'] = guard.wrap_handshake(getattr(handlers['handshake'], '__wrapped__',
                                                             handlers['handshake']))
    if max_bytes is not None:
        sio.eio.max_http_buffer_size = max_bytes
    return guard
