"""Who is asking: a token verified a moment ago is known on the event loop; only the rest waits for a thread."""

import asyncio
import threading
from typing import Any, cast

from fastapi import Request

from api.access import caller
from db.enums import Role
from facilitator.actors import Actor
from facilitator.service import FacilitatorService


class Service:
    """Answers `known_actor` for the token 'known' only, and records the threads `authenticate` runs on."""

    def __init__(self) -> None:
        self.threads: list[str] = []

    def known_actor(self, code: str | None, secret: str | None) -> Actor | None:
        return Actor(role=Role.PARTICIPANT, name='known') if secret == 'known' else None

    def authenticate(self, code: str | None, secret: str | None) -> Actor:
        self.threads.append(threading.current_thread().name)
        return Actor(role=Role.PARTICIPANT, name='read')


def request(token: str) -> Request:
    return Request({'type': 'http', 'method': 'POST', 'path': '/', 'headers': [(b'authorization',
                                                                                  f'Bearer {token}'.encode())]})


def test_a_known_token_is_answered_on_the_loop_and_another_in_a_worker_thread() -> None:
    service = Service()

    async def ask(token: str) -> Actor:
        return await caller(cast(FacilitatorService, service), 'ABC123', request(token))

    known: Any = asyncio.run(ask('known'))
    assert known.name == 'known' and service.threads == []
    read: Any = asyncio.run(ask('other'))
    assert read.name == 'read' and len(service.threads) == 1 and service.threads[0] != threading.main_thread().name
