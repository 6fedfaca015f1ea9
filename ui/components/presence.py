"""Counts a page as online while its browser is connected."""

from nicegui import ui

from facilitator.service import FacilitatorService
from facilitator.worker import run


def track_presence(service: FacilitatorService, code: str) -> None:
    """The count and its announcement read the session: off the event loop, as everything that reads does."""
    client = ui.context.client
    client.on_connect(lambda: run(service.client_connected, code))
    client.on_disconnect(lambda: run(service.client_disconnected, code))
