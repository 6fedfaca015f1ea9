"""A real SMTP server in the test process (aiosmtpd on 127.0.0.1) that keeps what it receives."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from tests.api.helpers import free_port

__all__ = ['Inbox', 'free_port', 'smtp_server']


@dataclass
class Inbox:
    """Every message accepted, parsed. `refuse` makes the server answer DATA with 554."""

    messages: list[EmailMessage] = field(default_factory=list)
    refuse: bool = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return '554 Transaction failed: refused for the test'
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return '250 OK'


@contextmanager
def smtp_server(port: int | None = None) -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname='127.0.0.1', port=port or free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()
