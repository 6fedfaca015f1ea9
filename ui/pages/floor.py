"""`/s/{code}/floor`: the floor manager's phone or tablet, opened with the moderator link like the console."""

from typing import Any

from fastapi.responses import RedirectResponse
from nicegui import ui

from facilitator.i18n import _
from facilitator.snapshot import SessionState
from facilitator.types import Role
from facilitator.worker import run

from ..components.floor_panel import FloorForm, FloorLists
from ..components.staff_gate import refused, staff_actor, swap_key
from ..context import UiContext
from ..live_status import SharedView
from ..shell import PAGE_TIMEOUT_S, frame, not_found


def register(ctx: UiContext) -> None:
    service = ctx.service

    @ui.page('/s/{code}/floor', response_timeout=PAGE_TIMEOUT_S)
    async def floor_page(code: str, key: str | None = None) -> RedirectResponse | None:
        found = await run(service.find_code, code)
        if found is None:
            not_found()
            return None
        if (redirect := await swap_key(service, found, key, 'floor')) is not None:
            return redirect
        actor = await staff_actor(service, found, Role.MODERATOR)
        if actor is None:
            refused(Role.MODERATOR)
            return None
        staff = await run(service.state, found, staff=True)
        frame(_('Floor · {title}').format(title=staff.title))
        with ui.column().classes('floor-page gap-3'):
            with ui.row().classes('w-full items-baseline justify-between no-wrap gap-2'):
                ui.label(_('Floor')).classes('text-h5').props('role=heading aria-level=1')
                ui.label(staff.title).classes('floor-title text-body2').props('data-user')
            counts = ui.label().classes('text-body2').mark('floor-counts')
            FloorForm(service, actor, found)
            lists = FloorLists(service, actor, found, staff)

        def show_counts(state: SessionState) -> None:
            counts.set_text(_('In the room: {floor} · Online: {online}').format(
                floor=state.attendance.floor, online=state.attendance.online))

        show_counts(staff)

        def on_change(_view: SharedView, new_state: SessionState, _kinds: frozenset[Any]) -> None:
            show_counts(new_state)
            lists.show(service.state(found, staff=True))

        ctx.hub.subscribe(found, on_change)
        return None
