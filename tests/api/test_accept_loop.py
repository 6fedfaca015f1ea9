"""The server's loop accepts every waiting connection in one turn; libuv alone accepts one a turn, so a busy server
left new connections (every request behind nginx) waiting seconds in the kernel's queue."""

import asyncio
import socket

import pytest

from api.accept_loop import AcceptingLoop


class Counting(asyncio.Protocol):
    made = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        Counting.made += 1


async def turns(n: int) -> None:
    for _ in range(n):
        await asyncio.sleep(0)


def test_connections_waiting_in_the_kernel_are_all_accepted_within_a_few_turns() -> None:
    loop = AcceptingLoop()
    clients: list[socket.socket] = []
    try:
        server = loop.run_until_complete(loop.create_server(Counting, '127.0.0.1', 0, backlog=128))
        port = server.sockets[0].getsockname()[1]
        for _ in range(40):  # the kernel completes each handshake; the app has accepted none yet
            clients.append(socket.create_connection(('127.0.0.1', port)))
        Counting.made = 0
        loop.run_until_complete(turns(6))
        assert Counting.made == 40, 'libuv alone: one connection a turn'
        server.close()
        loop.run_until_complete(server.wait_closed())
        assert not server.is_serving()
        with pytest.raises(OSError):
            socket.create_connection(('127.0.0.1', port), timeout=1)
    finally:
        for client in clients:
            client.close()
        loop.close()
