"""Registers every page with NiceGUI, with the shared stylesheet."""

from pathlib import Path

from nicegui import ui

from facilitator.live import LiveFeed
from facilitator.service import FacilitatorService

from .context import UiContext
from .input_hub import InputHub
from .live_status import LiveHub
from .pages import moderator, organizer, participant, rapporteur, stage


def register_pages(service: FacilitatorService, feed: LiveFeed, *, locale: str = 'en') -> None:
    ui.add_css((Path(__file__).parent / 'static' / 'app.css').read_text(), shared=True)
    ctx = UiContext(service=service, hub=LiveHub(feed), inputs=InputHub(feed),
                    locale='en-GB' if locale == 'en' else locale)
    participant.register(ctx)
    stage.register(ctx)
    moderator.register(ctx)
    rapporteur.register(ctx)
    moderator.register_room_view(ctx)
    organizer.register(ctx)
