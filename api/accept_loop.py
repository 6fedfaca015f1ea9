"""The server's event loop: uvloop, but every connection waiting in the kernel is accepted at once.

libuv (uvloop's engine) accepts one new connection per turn of the loop since libuv 1.45 ("don't accept() in a
loop", libuv #3696; Node.js saw the same regression, nodejs/performance#95). A busy loop turns 10 to 40 times a
second with 500 pages in a vote storm, so new connections queued in the kernel: 140 waited at once, and the votes
sent on them were answered after 3 to 8 s although the app took under 1.3 s (bench/pg_vote_storm.py). Behind the
shipped nginx every request is a new connection. Here the listening sockets are read by the loop itself and drained
at each turn, up to `BURST` connections; everything else is uvloop's. TLS servers keep libuv's own accept.
"""

import asyncio
import logging
import socket
from collections.abc import Callable
from typing import Any

import uvloop

log = logging.getLogger(__name__)

BURST = 256
"""Connections accepted at most per turn of the loop, per listening socket."""


class Acceptor:
    """A listening server as uvicorn uses it: `sockets`, `close()`, `wait_closed()`."""

    def __init__(self, loop: asyncio.AbstractEventLoop, factory: Callable[[], asyncio.Protocol],
                 sockets: list[socket.socket]) -> None:
        self._loop, self._factory, self.sockets = loop, factory, sockets
        self._starting: set[asyncio.Task[Any]] = set()
        for sock in sockets:
            sock.setblocking(False)
            loop.add_reader(sock.fileno(), self._accept, sock)

    def _accept(self, sock: socket.socket) -> None:
        for _ in range(BURST):
            try:
                connection, _address = sock.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as error:  # out of file descriptors, or the client gave up: try again next turn
                log.warning('could not accept a connection: %s', error)
                return
            connection.setblocking(False)
            task = self._loop.create_task(self._start(connection))
            self._starting.add(task)
            task.add_done_callback(self._starting.discard)

    async def _start(self, connection: socket.socket) -> None:
        try:
            await self._loop.connect_accepted_socket(self._factory, connection)
        except OSError as error:
            log.debug('a connection closed before it started: %s', error)
            connection.close()

    def is_serving(self) -> bool:
        return any(sock.fileno() != -1 for sock in self.sockets)

    def close(self) -> None:
        for sock in self.sockets:
            if sock.fileno() != -1:
                self._loop.remove_reader(sock.fileno())
                sock.close()

    async def wait_closed(self) -> None:
        """The connections close on their own (uvicorn shuts each down)."""


def listening(host: str | None, port: int, backlog: int) -> list[socket.socket]:
    """Bound, listening sockets for `host` (every address when None) and `port`, as asyncio would make them."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    sockets: list[socket.socket] = []
    try:
        for family, kind, proto, _name, address in dict.fromkeys(found):
            sock = socket.socket(family, kind, proto)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind(address)
            sock.listen(backlog)
    except OSError:
        for sock in sockets:
            sock.close()
        raise
    return sockets


class AcceptingLoop(uvloop.Loop):  # type: ignore[misc]  # uvloop's Loop is not typed as a base class
    async def create_server(self, protocol_factory: Callable[[], asyncio.Protocol], host: str | None = None,
                            port: int | None = None, *, sock: socket.socket | None = None, backlog: int = 100,
                            ssl: Any = None, **kwargs: Any) -> Any:
        if ssl is not None or kwargs or (sock is None and port is None):
            return await super().create_server(protocol_factory, host, port, sock=sock, backlog=backlog, ssl=ssl,
                                               **kwargs)
        if sock is not None:
            sock.listen(backlog)
            return Acceptor(self, protocol_factory, [sock])
        return Acceptor(self, protocol_factory, listening(host, port or 0, backlog))


def new_event_loop() -> asyncio.AbstractEventLoop:
    """uvicorn's `loop=` setting: `ui.run(loop='api.accept_loop:new_event_loop')`."""
    return AcceptingLoop()
