"""`/s/{code}/rapporteur` and `/s/{code}/stage`."""

from fastapi.responses import RedirectResponse
from nicegui import ui

from facilitator.i18n import _
from facilitator.types import Role

from ..components.staff_gate import ask_name, refused, staff_actor, swap_key
from ..context import UiContext
from ..live_status import LiveStatus, view_of
from ..shell import frame, not_found, qr_data_uri


def register(ctx: UiContext) -> None:
    service = ctx.service

    @ui.page('/s/{code}/rapporteur')
    def rapporteur_page(code: str, key: str | None = None) -> RedirectResponse | None:
        found = service.find_code(code)
        if found is None:
            not_found()
            return None
        if (redirect := swap_key(service, found, key, 'rapporteur')) is not None:
            return redirect
        actor = staff_actor(service, found, Role.RAPPORTEUR)
        if actor is None:
            refused(Role.RAPPORTEUR)
            return None
        state = service.state(found)
        frame(_('Rapporteur · {title}').format(title=state['title']))
        with ui.column().classes('page-wrap gap-4'):
            ui.label(_('Rapporteur')).classes('text-h5').props('role=heading aria-level=1')
            if not actor.name:
                ask_name(service, actor, found)
                return None
            ui.label(_('Signed in as {name}').format(name=actor.name)).classes('text-body2')
            status = LiveStatus(view_of(state), mode='moderator', locale=ctx.locale).mark('live-status')
        ctx.hub.follow(found, status, staff=True)
        return None

    @ui.page('/s/{code}/stage')
    def stage_page(code: str) -> None:
        found = service.find_code(code)
        if found is None:
            not_found()
            return
        state = service.state(found)
        frame(_('Stage · {title}').format(title=state['title']), dark=True)
        status = LiveStatus(view_of(state), mode='stage', locale=ctx.locale, qr=qr_data_uri(state['join_url'])) \
            .mark('live-status')
        ui.label(state['title']).classes('sr-only').props('role=heading aria-level=1')
        ctx.hub.follow(found, status)
