"""A minimal simulated NiceGUI 3.x browser page, speaking NiceGUI's own Socket.IO protocol.

One `PageClient` stands for one browser tab with its own cookie jar. It does what `nicegui.js` does, minus rendering:

1. GET the page (following HTTP redirects, keeping cookies), and read from the HTML the socket query that NiceGUI
   embeds in ``createApp(parseElements(...), {prefix: ..., query: {client_id, next_message_id, implicit_handshake}})``
   together with the initial element tree.
2. Open the Engine.IO v4 WebSocket ``{prefix}/_nicegui_ws/socket.io/?EIO=4&transport=websocket`` with that query plus
   ``document_id``, ``tab_id`` and ``old_tab_id`` (as ``nicegui.js`` adds them), then send the Socket.IO CONNECT
   packet ``40``. The server runs the *implicit handshake* while accepting the connection and answers ``40{"sid":..}``
   (or ``44{"message":"Implicit handshake failed"}``). No explicit ``handshake`` event is needed when the query says
   ``implicit_handshake=true``.
3. Answer every Engine.IO ping ``2`` with a pong ``3`` (the server drops a socket whose pong is late by more than
   ``ping_timeout``, 2 s by default), track each event's ``_id`` for ``next_message_id`` and acknowledge it with
   ``42["ack",{"client_id":..,"next_message_id":..}]``, as ``nicegui.js`` does every 3 s.

The client talks raw Engine.IO frames over aiohttp instead of using python-socketio's AsyncClient: the wire protocol is
identical, and this costs a fraction of the CPU, which matters when 1000 pages share a 2-core box with the server.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import aiohttp

try:
    import orjson

    def _loads(data: str | bytes) -> Any:
        return orjson.loads(data)

    def _dumps(obj: Any) -> str:
        return orjson.dumps(obj).decode()
except ImportError:  # pragma: no cover
    import json

    _loads = json.loads

    def _dumps(obj: Any) -> str:
        return json.dumps(obj, separators=(',', ':'))


SOCKET_PATH = '/_nicegui_ws/socket.io/'
_ELEMENTS_RE = re.compile(r'parseElements\(String\.raw`(.*?)`\)', re.S)
_PREFIX_RE = re.compile(r'\n\s*prefix: "(.*?)",')
_QUERY_RE = re.compile(r'\n\s*query: (\{.*?\}),\n')
_HTML_UNESCAPE = (('&#36;', '$'), ('&#96;', '`'), ('&gt;', '>'), ('&lt;', '<'), ('&amp;', '&'))  # as parseElements()


class ProtocolError(RuntimeError):
    pass


def parse_page(html: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """Return ``(prefix, socket query, elements)`` from a NiceGUI page's HTML."""
    query_match = _QUERY_RE.search(html)
    elements_match = _ELEMENTS_RE.search(html)
    if not query_match or not elements_match:
        raise ProtocolError('not a NiceGUI page (no socket query or elements in the HTML)')
    # The query is a Python dict rendered by Jinja, e.g. {'client_id': '..', 'next_message_id': 0,
    # 'implicit_handshake': True}; nicegui.js defines `const True = true` so it is valid JavaScript there.
    raw_query = query_match.group(1)
    query: dict[str, Any] = {}
    for key, value in re.findall(r"'(\w+)': ('[^']*'|\"[^\"]*\"|True|False|None|-?\d+)", raw_query):
        if value in {'True', 'False'}:
            query[key] = value == 'True'
        elif value == 'None':
            query[key] = None
        elif value[0] in '\'"':
            query[key] = value[1:-1]
        else:
            query[key] = int(value)
    if 'client_id' not in query:
        raise ProtocolError(f'no client_id in socket query {raw_query!r}')
    raw_elements = elements_match.group(1)
    for escaped, char in _HTML_UNESCAPE:
        raw_elements = raw_elements.replace(escaped, char)
    elements = _loads(raw_elements)
    prefix_match = _PREFIX_RE.search(html)
    prefix = prefix_match.group(1) if prefix_match else ''
    return prefix, query, elements


def js_query_value(value: Any) -> str:
    """Stringify a query value the way engine.io-client does (``encodeURIComponent(String(v))``)."""
    if value is True:
        return 'true'
    if value is False:
        return 'false'
    if value is None:
        return 'null'
    return str(value)


def find_view_versions(elements: dict[str, Any], view_key: str, version_key: str) -> list[int]:
    """Versions found in ``props[view_key][version_key]`` of the given element dicts (``None`` = deleted)."""
    versions = []
    for element in elements.values():
        if not isinstance(element, dict):
            continue
        props = element.get('props')
        if not props:
            continue
        view = props.get(view_key)
        if isinstance(view, str) and version_key in view:
            try:
                view = _loads(view)
            except ValueError:
                continue
        if isinstance(view, dict) and isinstance(view.get(version_key), int):
            versions.append(view[version_key])
    return versions


@dataclass
class PageStats:
    events: int = 0  # Socket.IO event packets received (update, run_javascript, notify, ...)
    updates: int = 0  # of which "update"
    pings: int = 0  # Engine.IO pings answered
    acks: int = 0  # acks sent
    event_names: dict[str, int] = field(default_factory=dict)


class PageClient:
    """One simulated browser tab."""

    def __init__(self, url: str, *, view_key: str = 'view', version_key: str = 'agenda_version',
                 on_version: Callable[[PageClient, int, float], None] | None = None,
                 timeout: float = 30.0) -> None:
        self.url = url
        self.view_key = view_key
        self.version_key = version_key
        self.on_version = on_version
        self.timeout = timeout
        self.stats = PageStats()
        self.client_id = ''
        self.final_url = ''
        self.initial_versions: list[int] = []
        self.version_log: list[tuple[int, float]] = []  # (version, monotonic receive time) from socket updates
        self.max_version = -1
        self.has_view = False
        self.connected = False
        self.closed_reason = ''
        self.next_message_id = 0
        self._acked_message_id = -1
        self._session: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task | None = None

    async def open(self) -> None:
        """Load the page over HTTP and connect its socket (bounded by ``timeout``)."""
        async with asyncio.timeout(self.timeout):
            await self._open()

    async def _open(self) -> None:
        # own cookie jar per page = own browser; unsafe=True because aiohttp refuses cookies for IP hosts otherwise
        self._session = aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True),
            connector=aiohttp.TCPConnector(force_close=True, limit=2),
            timeout=aiohttp.ClientTimeout(total=self.timeout),
        )
        async with self._session.get(self.url, max_redirects=5) as response:
            html = await response.text()
            self.final_url = str(response.url)
            if response.status != 200:
                raise ProtocolError(f'GET {self.url} -> {response.status}: {html[:200]!r}')
        prefix, query, elements = parse_page(html)
        self.client_id = query['client_id']
        self.next_message_id = int(query.get('next_message_id') or 0)
        self.initial_versions = find_view_versions(elements, self.view_key, self.version_key)
        if self.initial_versions:
            self.has_view = True
            self.max_version = max(self.initial_versions)

        parts = urlsplit(self.final_url)
        ws_query = {
            **query,
            'document_id': str(uuid.uuid4()),
            'tab_id': str(uuid.uuid4()),
            'old_tab_id': None,
            'EIO': 4,
            'transport': 'websocket',
        }
        ws_url = f'ws://{parts.netloc}{prefix}{SOCKET_PATH}?' + urlencode(
            {k: js_query_value(v) for k, v in ws_query.items()})
        self._ws = await self._session.ws_connect(ws_url, autoping=True, max_msg_size=0, compress=0)
        opening = await self._ws.receive_str()  # Engine.IO OPEN: 0{"sid":..,"pingInterval":..,"pingTimeout":..}
        if not opening.startswith('0'):
            raise ProtocolError(f'expected Engine.IO open packet, got {opening[:100]!r}')
        await self._ws.send_str('40')  # Socket.IO CONNECT to namespace "/"; the server does the implicit handshake
        while True:
            packet = await self._ws.receive_str()
            if packet == '2':
                await self._pong()
            elif packet.startswith('40'):
                break
            elif packet.startswith('44'):
                raise ProtocolError(f'Socket.IO connect refused: {packet[2:]}')
            else:
                raise ProtocolError(f'unexpected packet before CONNECT ack: {packet[:100]!r}')
        self.connected = True
        self._reader = asyncio.create_task(self._read_loop(), name=f'page {self.client_id}')

    async def _pong(self) -> None:
        self.stats.pings += 1
        assert self._ws is not None
        await self._ws.send_str('3')

    async def _read_loop(self) -> None:
        assert self._ws is not None
        ws = self._ws
        try:
            async for msg in ws:
                now = time.monotonic()
                if msg.type != aiohttp.WSMsgType.TEXT:
                    continue  # NiceGUI sends no binary packets
                data = msg.data
                if data == '2':
                    await self._pong()
                elif data.startswith('42'):
                    self._handle_event(data[2:], now)
                elif data.startswith('41') or data == '1':
                    self.closed_reason = f'server closed ({data[:20]})'
                    break
        except (TimeoutError, aiohttp.ClientError, ConnectionError) as e:
            self.closed_reason = f'{type(e).__name__}: {e}'
        finally:
            if not self.closed_reason:
                self.closed_reason = f'socket closed (code {ws.close_code})'
            self.connected = False

    def _handle_event(self, raw: str, now: float) -> None:
        self.stats.events += 1
        try:
            name, payload = _loads(raw)[:2]
        except (ValueError, TypeError):
            return
        self.stats.event_names[name] = self.stats.event_names.get(name, 0) + 1
        if isinstance(payload, dict) and isinstance(payload.get('_id'), int):
            message_id = payload.pop('_id')
            if message_id < self.next_message_id:
                return  # a replayed message nicegui.js would skip
            self.next_message_id = message_id + 1
        if name == 'update' and isinstance(payload, dict):
            self.stats.updates += 1
            for version in find_view_versions(payload, self.view_key, self.version_key):
                self.has_view = True
                self.version_log.append((version, now))
                if version > self.max_version:
                    self.max_version = version
                    if self.on_version:
                        self.on_version(self, version, now)

    def first_time_at_least(self, version: int) -> float | None:
        """Monotonic time when this page first received a view with at least ``version`` (over the socket)."""
        for v, t in self.version_log:
            if v >= version:
                return t
        return None

    async def ack(self) -> None:
        """Acknowledge received messages, like nicegui.js's 3-second ``ack()`` interval."""
        if not self.connected or self._ws is None or self._acked_message_id >= self.next_message_id:
            return
        self._acked_message_id = self.next_message_id
        self.stats.acks += 1
        await self._ws.send_str('42' + _dumps(['ack', {'client_id': self.client_id,
                                                      'next_message_id': self.next_message_id}]))

    async def close(self) -> None:
        try:
            if self._ws is not None and not self._ws.closed:
                await asyncio.wait_for(self._ws.close(), timeout=5)
        except (TimeoutError, aiohttp.ClientError, ConnectionError):
            pass
        if self._reader is not None:
            self._reader.cancel()
            try:
                await self._reader
            except (asyncio.CancelledError, Exception):
                pass
        if self._session is not None:
            await self._session.close()
