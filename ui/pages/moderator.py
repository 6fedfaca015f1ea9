"""`/s/{code}/moderate`: the moderator console."""

from typing import Any

from fastapi.responses import RedirectResponse
from nicegui import ui

from facilitator.i18n import _
from facilitator.types import Role

from ..components.export_panel import export_panel
from ..components.hidden_posts import HiddenPostsPanel
from ..components.post_list import install_post_labels
from ..components.rooms_overview import RoomsOverview
from ..components.session_controls import SessionControls
from ..components.speaker_panel import SpeakerPanel
from ..components.staff_board import PeoplePanel, StaffBoard
from ..components.staff_gate import ask_name, refused, staff_actor, swap_key
from ..components.timer_controls import TimerControls
from ..context import UiContext
from ..live_status import LiveStatus, SharedView, view_of
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
            with ui.tabs().classes('w-full').props('align=left no-caps') as tabs:
                speakers_tab = ui.tab(_('Speakers')).mark('tab-speakers')
                rooms_tab = ui.tab(_('Rooms')).mark('tab-rooms')
                questions_tab = ui.tab(_('Questions')).mark('tab-questions')
                session_tab = ui.tab(_('Session & people')).mark('tab-session')
            with ui.tab_panels(tabs, value=speakers_tab).classes('w-full'):
                with ui.tab_panel(speakers_tab).classes('px-0'):
                    speakers = SpeakerPanel(service, actor, found)
                with ui.tab_panel(rooms_tab).classes('px-0'):
                    rooms = RoomsOverview(service, actor, found)
                with ui.tab_panel(questions_tab).classes('px-0'):
                    install_post_labels()
                    questions = StaffBoard(service, actor, found, 'questions')
                with ui.tab_panel(session_tab).classes('px-0'):
                    session = SessionControls(service, actor, found, view)
                    export_panel(service, actor, found)
                    people = PeoplePanel(service, actor, found)
                    hidden = HiddenPostsPanel(service, actor, found)

        def on_change(new_view: SharedView, _state: dict[str, Any], _kinds: frozenset[Any]) -> None:
            status.show(new_view)
            timer.show(new_view.data)
            session.show(new_view.data)
            speakers.show(new_view.data)
            rooms.show(new_view.data)
            questions.show()
            people.show()
            hidden.show()

        ctx.hub.subscribe(found, on_change)
        return None


def register_room_view(ctx: UiContext) -> None:
    service = ctx.service

    @ui.page('/s/{code}/moderate/room/{room_id}')
    def room_view(code: str, room_id: str) -> None:
        found = service.find_code(code)
        actor = None
        if found is not None:
            actor = staff_actor(service, found, Role.MODERATOR) or staff_actor(service, found, Role.RAPPORTEUR)
        if found is None or actor is None:
            refused(Role.MODERATOR) if found else not_found()
            return
        state = service.state(found, staff=True)
        room = next((r for r in state['rooms'] if r['id'] == room_id), None)
        if room is None:
            not_found(_('There is no such room in this session.'))
            return
        frame(room['topic'])
        install_post_labels()
        with ui.column().classes('page-wrap gap-3'):
            ui.link(_('← Moderator console'), f'/s/{found}/moderate')
            ui.label(room['topic']).classes('text-h5').props('role=heading aria-level=1')
            if room['prompt']:
                ui.label(room['prompt'])
            board = StaffBoard(service, actor, found, room['id'])
        ctx.hub.subscribe(found, lambda *_args: board.show())
