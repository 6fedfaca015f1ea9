"""Registers every page with NiceGUI, with the shared stylesheet."""

import json
from pathlib import Path

from nicegui import app, ui

from facilitator.i18n import _
from facilitator.live import LiveFeed
from facilitator.service import FacilitatorService

from .context import UiContext
from .input_hub import InputHub
from .live_status import LiveHub
from .pages import boards, floor, moderator, organizer, outcome, participant, presenter, rapporteur, series, stage
from .solution_hub import SolutionHub


def label_loading_bar() -> None:
    """Quasar's page-loading bar is a progressbar with no name; name it once it is there (not user input)."""
    label = json.dumps(_('Loading')).replace('</', '<\\/')
    ui.add_head_html(f"""<script>
      const facilitatorLoading = new MutationObserver(() => {{
        const bar = document.querySelector('.q-loading-bar');
        if (bar) {{ bar.setAttribute('aria-label', {label}); facilitatorLoading.disconnect(); }}
      }});
      facilitatorLoading.observe(document.documentElement, {{childList: true, subtree: true}});
    </script>""", shared=True)


def register_pages(service: FacilitatorService, feed: LiveFeed, *, locale: str = 'en') -> None:
    for sheet in ('app.css', 'stage.css', 'console.css'):
        ui.add_css((Path(__file__).parent / 'static' / sheet).read_text(), shared=True)
    label_loading_bar()
    ctx = UiContext(service=service, hub=LiveHub(feed), inputs=InputHub(feed), solutions=SolutionHub(service),
                    locale='en-GB' if locale == 'en' else locale)
    app.state.live, app.state.inputs = ctx.hub, ctx.inputs  # tests reach the hubs here
    participant.register(ctx)
    boards.register(ctx)
    stage.register(ctx)
    presenter.register(ctx)
    moderator.register(ctx)
    rapporteur.register(ctx)
    moderator.register_room_view(ctx)
    floor.register(ctx)
    organizer.register(ctx)
    series.register(ctx)
    outcome.register(ctx)
