"""`/s/{code}/rapporteur`: notes per segment and room, posts to tag, and the report."""

from typing import Any

from fastapi.responses import RedirectResponse
from nicegui import ui

from facilitator.i18n import _
from facilitator.snapshot import SessionState
from facilitator.types import Role
from facilitator.worker import run

from ..components.export_panel import export_panel
from ..components.note_editor import NoteEditor
from ..components.outcome_panel import OutcomePanel
from ..components.post_list import install_post_labels
from ..components.solution_editor import solution_editor
from ..components.staff_board import StaffBoard
from ..components.staff_gate import ask_name, refused, staff_actor, swap_key
from ..components.summary_ready import SummaryReady
from ..context import UiContext
from ..live_status import LiveStatus, SharedView, view_of
from ..shell import PAGE_TIMEOUT_S, frame, not_found


def register(ctx: UiContext) -> None:
    service = ctx.service

    @ui.page('/s/{code}/rapporteur', response_timeout=PAGE_TIMEOUT_S)
    async def rapporteur_page(code: str, key: str | None = None) -> RedirectResponse | None:
        found = await run(service.find_code, code)
        if found is None:
            not_found()
            return None
        if (redirect := await swap_key(service, found, key, 'rapporteur')) is not None:
            return redirect
        actor = await staff_actor(service, found, Role.RAPPORTEUR) or await staff_actor(service, found, Role.MODERATOR)
        if actor is None:
            refused(Role.RAPPORTEUR)
            return None
        state = await run(service.state, found, staff=True)
        frame(_('Rapporteur · {title}').format(title=state.title))
        with ui.column().classes('page-wrap gap-4'):
            ui.label(_('Rapporteur workspace')).classes('text-h5').props('role=heading aria-level=1')
            if not actor.name:
                ask_name(service, actor, found)
                return None
            ui.label(_('Signed in as {name}. Your notes are saved as you type, under your name.').format(
                name=actor.name)).classes('text-body2')
            status = LiveStatus(view_of(state), mode='moderator', locale=ctx.locale).mark('live-status')
            export_panel(service, actor, found)
            await solution_editor(ctx, actor, found)
            outcome = OutcomePanel(service, actor, found, state)
            notes = await run(service.my_notes, actor, found)
            install_post_labels()
            boards: list[StaffBoard] = []

            summaries: dict[str, SummaryReady] = {}

            def editor(scope: str, kind: str, label: str) -> NoteEditor:
                text, revision = notes.get((scope, kind), ('', 0))
                return NoteEditor(service, actor, found, scope=scope, kind=kind, label=label, text=text,
                                  revision=revision)

            ui.label(_('Segments')).classes('text-h6').props('role=heading aria-level=2')
            for segment in state.segments:
                with ui.expansion(segment.title, icon='notes').classes('w-full').props('data-user-label'):
                    editor(f'segment:{segment.id}', 'notes', _('Notes (Markdown)'))
            ui.label(_('Rooms')).classes('text-h6').props('role=heading aria-level=2')
            for room in state.rooms:
                with ui.expansion(room.topic, icon='forum').classes('w-full').props('data-user-label'):
                    summary = editor(f'room:{room.id}', 'summary', _('Short summary'))
                    summaries[room.id] = SummaryReady(service, actor, found, room, summary.current_text)
                    editor(f'room:{room.id}', 'notes', _('Notes (Markdown)'))
                    ui.label(_('Posts, ranked by votes: tag the key takeaways and actionable solutions')) \
                        .classes('text-subtitle2')
                    boards.append(StaffBoard(service, actor, found, room.id, state))
            with ui.expansion(_('Plenary questions'), icon='help').classes('w-full'):
                boards.append(StaffBoard(service, actor, found, 'questions', state))

        def on_change(view: SharedView, public: SessionState, _kinds: frozenset[Any]) -> None:
            status.show(view)
            outcome.show(public)
            staff = service.state(found, staff=True)  # built once per change for every staff page
            for board in boards:
                board.show(staff)
            for room in staff.rooms:
                if room.id in summaries:
                    summaries[room.id].show(room)

        ctx.hub.subscribe(found, on_change)
        return None
