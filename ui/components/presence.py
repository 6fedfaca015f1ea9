"""Counts a participant as online while one of their pages is connected."""

from nicegui import ui

from facilitator.service import FacilitatorService
from facilitator.worker import run


def track_presence(service: FacilitatorService, code: str, participant_id: str) -> None:
    """Only a joined participant's page counts (API.md: not anonymous sockets, not stage screens). The count and
    its announcement read the session: off the event loop, as everything that reads does."""
    client = ui.context.client
    client.on_connect(lambda: run(service.client_connected, code, participant_id))
    client.on_disconnect(lambda: run(service.client_disconnected, code, participant_id))
