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
4. When the socket drops, reconnect like socket.io-client (delay 1 s doubling up to 5 s, jitter 0.5) with the same
   client, document and tab IDs and the current ``next_message_id``, so the server replays what was missed. If the
   server refuses (``Implicit handshake failed``: the client was deleted after ``reconnect_timeout``), reload the
   page like ``nicegui.js`` does: GET it again and connect the new client.

The client talks raw Engine.IO frames over aiohttp instead of using python-socketio's AsyncClient: the wire protocol is
identical, and this costs a fraction of the CPU, which matters when 1000 pages share a 2-core box with the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
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


class HandshakeRefused(ProtocolError):
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
    disconnects: int = 0  # socket lost while the page was open
    reconnects: int = 0  # socket re-established (same client, or after a reload)
    reloads: int = 0  # page reloaded because the server had forgotten the client
    drop_reasons: dict[str, int] = field(default_factory=dict)
    event_names: dict[str, int] = field(default_factory=dict)


class PageClient:
    """One simulated browser tab."""

    def __init__(self, url: str, *, view_key: str = 'view', version_key: str = 'agenda_version',
                 on_version: Callable[[PageClient, int, float], None] | None = None,
                 on_elements: Callable[[PageClient, dict[str, Any], float, bool], None] | None = None,
                 timeout: float = 30.0, reconnect: bool = True, max_reconnect_attempts: int = 10) -> None:
        self.url = url
        self.reconnect = reconnect
        self.max_reconnect_attempts = max_reconnect_attempts
        self.view_key = view_key
        self.version_key = version_key
        self.on_version = on_version
        self.on_elements = on_elements  # (page, {element id: element dict or None}, receive time, from_html)
        self.timeout = timeout
        self.stats = PageStats()
        self.client_id = ''
        self.final_url = ''
        self.initial_versions: list[int] = []
        self.version_log: list[tuple[int, float]] = []  # (version, monotonic receive time): socket updates, reloads
        self.max_version = -1
        self.has_view = False
        self.connected = False
        self.reconnecting = False
        self.closed_reason = ''
        self._closing = False
        self._query: dict[str, Any] = {}
        self._ws_base = ''
        self._ws_url = ''
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
        await self._load_page(self.url)
        await self._connect_socket()
        self._reader = asyncio.create_task(self._run(), name=f'page {self.client_id}')

    @property
    def alive(self) -> bool:
        """Connected, or trying to get back (a page that gave up is not alive)."""
        return self.connected or self.reconnecting

    async def _load_page(self, url: str) -> None:
        """GET the page and prepare the socket URL, like a browser loading the page and nicegui.js mounting it."""
        assert self._session is not None
        async with self._session.get(url, max_redirects=5) as response:
            html = await response.text()
            loaded_at = time.monotonic()
            self.final_url = str(response.url)
            if response.status != 200:
                raise ProtocolError(f'GET {url} -> {response.status}: {html[:200]!r}')
        prefix, query, elements = parse_page(html)
        self.client_id = query['client_id']
        self.next_message_id = int(query.get('next_message_id') or 0)
        self._acked_message_id = -1
        if self.on_elements:
            self.on_elements(self, elements, loaded_at, True)
        versions = find_view_versions(elements, self.view_key, self.version_key)
        if not self.initial_versions:
            self.initial_versions = versions
        if versions:
            self.has_view = True
            self._saw_version(max(versions), loaded_at)
        parts = urlsplit(self.final_url)
        self._query = {
            **query,
            'document_id': str(uuid.uuid4()),
            'tab_id': self._query.get('tab_id') or str(uuid.uuid4()),  # sessionStorage keeps it over a reload
            'old_tab_id': None,
        }
        self._ws_base = f'ws://{parts.netloc}{prefix}{SOCKET_PATH}?'

    async def _connect_socket(self) -> None:
        assert self._session is not None
        # nicegui.js keeps the query of the first connect but refreshes next_message_id before each reconnect
        query = {**self._query, 'next_message_id': self.next_message_id, 'EIO': 4, 'transport': 'websocket'}
        self._ws_url = self._ws_base + urlencode({k: js_query_value(v) for k, v in query.items()})
        ws = await self._session.ws_connect(self._ws_url, autoping=True, max_msg_size=0, compress=0)
        try:
            opening = await ws.receive_str()  # Engine.IO OPEN: 0{"sid":..,"pingInterval":..,"pingTimeout":..}
            if not opening.startswith('0'):
                raise ProtocolError(f'expected Engine.IO open packet, got {opening[:100]!r}')
            await ws.send_str('40')  # Socket.IO CONNECT to "/"; the server does the implicit handshake
            while True:
                packet = await ws.receive_str()
                if packet == '2':
                    self.stats.pings += 1
                    await ws.send_str('3')
                elif packet.startswith('40'):
                    break
                elif packet.startswith('44'):
                    raise HandshakeRefused(f'Socket.IO connect refused: {packet[2:]}')
                else:
                    raise ProtocolError(f'unexpected packet before CONNECT ack: {packet[:100]!r}')
        except BaseException:
            await ws.close()
            raise
        self._ws = ws
        self.connected = True

    async def _run(self) -> None:
        while True:
            await self._read_loop()
            if self._ws is not None and not self._ws.closed:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(self._ws.close(), 5)
            if self._closing or not self.reconnect:
                return
            self.stats.disconnects += 1
            reason = self.closed_reason[:80]
            self.stats.drop_reasons[reason] = self.stats.drop_reasons.get(reason, 0) + 1
            self.reconnecting = True
            try:
                if not await self._reconnect():
                    return
            finally:
                self.reconnecting = False

    async def _reconnect(self) -> bool:
        """Like socket.io-client: delay 1 s * 2^attempt, at most 5 s, jitter 0.5; reload when the client is gone."""
        for attempt in range(self.max_reconnect_attempts):
            await asyncio.sleep(min(1.0 * 2 ** attempt, 5.0) * random.uniform(0.5, 1.5))
            if self._closing:
                return False
            try:
                async with asyncio.timeout(self.timeout):
                    try:
                        await self._connect_socket()
                    except HandshakeRefused:  # nicegui.js: "reloading because implicit handshake failed"
                        self.stats.reloads += 1
                        await self._load_page(self.final_url)
                        await self._connect_socket()
            except (ProtocolError, aiohttp.ClientError, OSError, TimeoutError, ValueError) as e:
                self.closed_reason = f'reconnect failed: {type(e).__name__}: {e}'[:200]
                continue
            self.stats.reconnects += 1
            self.closed_reason = ''
            return True
        return False

    def _saw_version(self, version: int, now: float) -> None:
        self.version_log.append((version, now))
        if version > self.max_version:
            self.max_version = version
            if self.on_version:
                self.on_version(self, version, now)

    async def _read_loop(self) -> None:
        assert self._ws is not None
        ws = self._ws
        self.closed_reason = ''
        try:
            async for msg in ws:
                now = time.monotonic()
                if msg.type != aiohttp.WSMsgType.TEXT:
                    continue  # NiceGUI sends no binary packets
                data = msg.data
                if data == '2':
                    self.stats.pings += 1
                    await ws.send_str('3')
                elif data.startswith('42'):
                    self._handle_event(data[2:], now)
                elif data.startswith('41') or data == '1':
                    self.closed_reason = {'1': 'server sent Engine.IO CLOSE', '41': 'server sent Socket.IO DISCONNECT'
                                          }.get(data[:2], data[:20])
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
            if self.on_elements:
                self.on_elements(self, payload, now, False)
            for version in find_view_versions(payload, self.view_key, self.version_key):
                self.has_view = True
                self._saw_version(version, now)

    def first_time_at_least(self, version: int) -> float | None:
        """Monotonic time when this page first had a view with at least ``version`` (socket update or reload)."""
        for v, t in self.version_log:
            if v >= version:
                return t
        return None

    async def get_text(self, path: str) -> str:
        """GET a path of the page's site with the page's cookies, as the page's own scripts do with fetch()."""
        assert self._session is not None
        parts = urlsplit(self.final_url)
        async with self._session.get(f'{parts.scheme}://{parts.netloc}{path}') as response:
            response.raise_for_status()
            return await response.text()

    async def ack(self) -> None:
        """Acknowledge received messages, like nicegui.js's 3-second ``ack()`` interval."""
        if not self.connected or self._ws is None or self._acked_message_id >= self.next_message_id:
            return
        self._acked_message_id = self.next_message_id
        self.stats.acks += 1
        await self._ws.send_str('42' + _dumps(['ack', {'client_id': self.client_id,
                                                      'next_message_id': self.next_message_id}]))

    async def close(self) -> None:
        self._closing = True
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
