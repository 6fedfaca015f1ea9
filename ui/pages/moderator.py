"""`/s/{code}/moderate`: the moderator console."""

from typing import Any

from fastapi.responses import RedirectResponse
from nicegui import ui

from facilitator.i18n import _
from facilitator.types import Role

from ..components.session_controls import SessionControls
from ..components.speaker_panel import SpeakerPanel
from ..components.staff_gate import ask_name, refused, staff_actor, swap_key
from ..components.timer_controls import TimerControls
from ..context import UiContext
from ..live_status import LiveStatus, view_of
from ..shell import frame, not_found


def register(ctx: UiContext) -> None:
    service = ctx.service

    @ui.page('/s/{code}/moderate')
    def moderator_page(code: str, key: str | None = None) -> RedirectResponse | None:
        found = service.find_code(code)
        if found is None:
            not_found()
            return None
        if (redirect := swap_key(service, found, key, 'moderate')) is not None:
            return redirect
        actor = staff_actor(service, found, Role.MODERATOR)
        if actor is None:
            refused(Role.MODERATOR)
            return None
        state = service.state(found)
        frame(_('Moderator · {title}').format(title=state['title']))
        with ui.column().classes('page-wrap gap-4'):
            ui.label(_('Moderator console')).classes('text-h5').props('role=heading aria-level=1')
            if not actor.name:
                ask_name(service, actor, found)
                return None
            ui.label(_('Signed in as {name}').format(name=actor.name)).classes('text-body2')
            view = view_of(state)
            status = LiveStatus(view, mode='moderator', locale=ctx.locale).mark('live-status')
            timer = TimerControls(service, actor, found, view)
            speakers = SpeakerPanel(service, actor, found)
            with ui.expansion(_('Session'), icon='settings').classes('w-full'):
                session = SessionControls(service, actor, found, view)

        def on_change(new_view: dict[str, Any], _state: dict[str, Any], _kinds: frozenset[Any]) -> None:
            status.show(new_view)
            timer.show(new_view)
            session.show(new_view)
            speakers.show(new_view)

        ctx.hub.subscribe(found, on_change)
        return None
