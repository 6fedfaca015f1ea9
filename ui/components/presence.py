"""Counts a page as online while its browser is connected."""

from nicegui import ui

from facilitator.service import FacilitatorService


def track_presence(service: FacilitatorService, code: str) -> None:
    client = ui.context.client
    client.on_connect(lambda: service.client_connected(code))
    client.on_disconnect(lambda: service.client_disconnected(code))
