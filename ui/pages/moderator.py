"""`/s/{code}/moderate`: the moderator console."""

from typing import Any

from fastapi.responses import RedirectResponse
from nicegui import ui

from facilitator.i18n import _
from facilitator.snapshot import SessionState
from facilitator.types import Role
from facilitator.worker import run

from ..components.console_alerts import AlertsPanel
from ..components.console_detail import ConsoleDetail
from ..components.post_list import install_post_labels
from ..components.restore_bar import RestoreBar
from ..components.staff_board import StaffBoard
from ..components.staff_gate import ask_name, refused, staff_actor, swap_key
from ..components.timer_controls import TimerControls
from ..context import UiContext
from ..live_status import LiveStatus, SharedView, view_of
from ..shell import PAGE_TIMEOUT_S, frame, not_found


def register(ctx: UiContext) -> None:
    service = ctx.service

    @ui.page('/s/{code}/moderate', response_timeout=PAGE_TIMEOUT_S)
    async def moderator_page(code: str, key: str | None = None) -> RedirectResponse | None:
        found = await run(service.find_code, code)
        if found is None:
            not_found()
            return None
        if (redirect := await swap_key(service, found, key, 'moderate')) is not None:
            return redirect
        actor = await staff_actor(service, found, Role.MODERATOR)
        if actor is None:
            refused(Role.MODERATOR)
            return None
        state = await run(service.state, found)
        frame(_('Moderator · {title}').format(title=state.title))
        if not actor.name:
            with ui.column().classes('page-wrap gap-4'):
                ui.label(_('Moderator console')).classes('text-h5').props('role=heading aria-level=1')
                ask_name(service, actor, found)
            return None
        view = view_of(state)
        staff = service.state(found, staff=True)
        with ui.element('div').classes('console'):
            with ui.element('header').classes('console-head'):
                ui.label(_('Moderator console')).classes('console-h1').props('role=heading aria-level=1')
                ui.label(state.title).classes('console-title')
                ui.label(_('Signed in as {name}').format(name=actor.name)).classes('console-muted')
            with ui.element('section').classes('console-now').props(f'aria-label="{_("Now")}"'):
                transport = ui.element('div')
                restore = RestoreBar()  # "Restore" after removing or skipping a presenter, by the keys
                status = LiveStatus(view, mode='moderator', part='now', locale=ctx.locale).mark('live-status')
                speaker_keys = ui.element('div').classes('console-speaker-keys')
                alerts = AlertsPanel(service, actor, found, staff)
                extras = ui.element('div').classes('console-extras')
                timer = TimerControls(service, actor, found, state, keys=transport, extras=extras,
                                      undo_action=staff.undo_action)
            with ui.element('section').classes('console-detail'):
                detail = ConsoleDetail(service, actor, found, view, state, staff, locale=ctx.locale,
                                       speaker_keys=speaker_keys, restore=restore)

        def on_change(new_view: SharedView, new_state: SessionState, _kinds: frozenset[Any]) -> None:
            status.show(new_view)
            staff = service.state(found, staff=True)  # built once per change for every staff page
            timer.show(new_state, staff.undo_action)
            alerts.show(staff)
            detail.show(new_view, new_state, staff)

        ctx.hub.subscribe(found, on_change)
        return None


def register_room_view(ctx: UiContext) -> None:
    service = ctx.service

    @ui.page('/s/{code}/moderate/room/{room_id}', response_timeout=PAGE_TIMEOUT_S)
    async def room_view(code: str, room_id: str) -> None:
        found = await run(service.find_code, code)
        actor = None
        if found is not None:
            actor = await staff_actor(service, found, Role.MODERATOR) \
                or await staff_actor(service, found, Role.RAPPORTEUR)
        if found is None or actor is None:
            refused(Role.MODERATOR) if found else not_found()
            return
        state = await run(service.state, found, staff=True)
        room = state.room(room_id)
        if room is None:
            not_found(_('There is no such room in this session.'))
            return
        frame(room.topic)
        install_post_labels()
        with ui.column().classes('page-wrap gap-3'):
            ui.link(_('← Moderator console'), f'/s/{found}/moderate')
            ui.label(room.topic).classes('text-h5').props('role=heading aria-level=1 data-user')
            if room.prompt:
                ui.label(room.prompt)
            board = StaffBoard(service, actor, found, room.id, state)
        ctx.hub.subscribe(found, lambda *_args: board.show(service.state(found, staff=True)))
