"""`/s/{code}/stage`: the projected view for hybrid rooms."""

from nicegui import ui

from facilitator.i18n import _

from ..context import UiContext
from ..live_status import LiveStatus, view_of
from ..shell import frame, not_found, qr_data_uri


def register(ctx: UiContext) -> None:
    service = ctx.service

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
        ui.label(state['title']).classes('sr-only').props('role=heading aria-level=1 data-user')
        ctx.hub.follow(found, status)
