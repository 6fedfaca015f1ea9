"""`/s/{code}/stage`: the projected view for hybrid rooms."""

from nicegui import ui

from facilitator.i18n import _
from facilitator.worker import run

from ..components.stage_view import StageView
from ..context import UiContext
from ..live_status import view_of
from ..shell import PAGE_TIMEOUT_S, frame, not_found, qr_data_uri


def register(ctx: UiContext) -> None:
    service = ctx.service

    @ui.page('/s/{code}/stage', response_timeout=PAGE_TIMEOUT_S)
    async def stage_page(code: str) -> None:
        found = await run(service.find_code, code)
        if found is None:
            not_found()
            return
        state = await run(service.state, found)
        frame(_('Stage · {title}').format(title=state.title), dark=True)
        # in a hybrid session the stage is in the venue: its QR code checks people in as in the room
        qr = qr_data_uri(state.join_url + ('?here=1' if state.hybrid else ''))
        status = StageView(view_of(state), mode='stage', locale=ctx.locale, qr=qr).mark('live-status')
        if state.hybrid:
            status.props('checkin')
        ui.label(state.title).classes('sr-only').props('role=heading aria-level=1 data-user')
        status.show_outcome(state.outcome_url)
        ctx.hub.follow(found, status)
        ctx.hub.subscribe(found, lambda _view, now, _kinds: status.show_outcome(now.outcome_url))
