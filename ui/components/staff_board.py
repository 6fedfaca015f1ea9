"""Staff views of a board (a room's posts or the questions), with authors and moderation buttons."""

from collections.abc import Sequence

from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _
from facilitator.service import FacilitatorService
from facilitator.snapshot import PersonView, RankingView, StaffPostView, StaffSessionState

from ..labels import group_options
from ..shell import attempt
from .post_board import PostBoard
from .post_dialogs import moderate
from .throttle import Throttle


def board_data(state: StaffSessionState, board: str) -> tuple[Sequence[StaffPostView], RankingView | None]:
    if board == 'questions':
        return state.questions, None
    room = state.room(board)
    return (room.posts, room.ranking) if room else ([], None)


class StaffBoard:
    """Redrawn from the staff snapshot the page hands it, at most once a second; staff are few, so this stays
    cheap. Staff boards show pending posts, so they come inline, never from the public board endpoint."""

    def __init__(self, service: FacilitatorService, actor: Actor, code: str, board: str,
                 state: StaffSessionState) -> None:
        self.service, self.actor, self.code, self.board, self.state = service, actor, code, board, state
        self.container = ui.column().classes('w-full gap-2')
        self.posts: PostBoard | None = None
        self.redraw = Throttle(self._render)
        self._render()

    def show(self, state: StaffSessionState) -> None:
        self.state = state
        self.redraw()

    def _render(self) -> None:
        posts, ranking = board_data(self.state, self.board)
        if self.posts is not None:  # the browser keeps the reader's sort and scroll
            self.posts.replace(posts, ranking)
            return
        with self.container:
            self.posts = PostBoard(self.service, self.code, self.board, posts=posts, mode='staff', actor=None,
                                   can_vote=False, voted=set(), mine=set(),
                                   on_moderate=lambda post_id, args: moderate(self.service, self.actor, self.code,
                                                                              post_id, args))


class PeoplePanel:
    """Rename an offensive display name, or remove someone (their token stops working, their posts hide)."""

    def __init__(self, service: FacilitatorService, actor: Actor, code: str, state: StaffSessionState) -> None:
        self.service, self.actor, self.code, self.state = service, actor, code, state
        with ui.expansion(_('People'), icon='groups').classes('w-full').mark('people-panel'):
            self.container = ui.column().classes('w-full gap-1')
        self.redraw = Throttle(self._render, interval_s=2.0)
        self._render()

    def show(self, state: StaffSessionState) -> None:
        self.state = state
        self.redraw()

    def _render(self) -> None:
        state = self.state
        rooms = {'': _('Plenary (no room)')} | {r.id: r.topic for r in state.rooms}
        groups = group_options()
        self.container.clear()
        with self.container:
            for person in state.people:
                if person.removed:
                    continue
                with ui.row().classes('items-center gap-2'):
                    details = [person.name, person.organization, groups.get(person.group.value, '')]
                    ui.label(' · '.join(part for part in details if part)).mark('person')
                    ui.select(rooms, value=person.room_id or '', label=_('Room'),
                              on_change=lambda e, p=person: self._move(p, e.value)) \
                        .props('outlined dense').classes('w-64')
                    ui.button(_('Rename'), on_click=lambda p=person: self._rename(p)).props('flat dense')
                    ui.button(_('Remove'), on_click=lambda p=person: self._remove(p)) \
                        .props('flat dense color=negative')

    async def _move(self, person: PersonView, room_id: str) -> None:
        if (person.room_id or '') != room_id:
            await attempt(lambda: self.service.move_participant(self.actor, self.code, person.id, room_id or None))

    def _rename(self, person: PersonView) -> None:
        self._dialog(person, 'rename', _('Rename {name}').format(name=person.name))

    def _remove(self, person: PersonView) -> None:
        self._dialog(person, 'remove', _('Remove {name}?').format(name=person.name))

    def _dialog(self, person: PersonView, action: str, title: str) -> None:
        with ui.dialog() as dialog, ui.card().classes('w-full max-w-md'):
            ui.label(title).classes('text-h6')
            name = ui.input(_('New name')).props('outlined maxlength=80') if action == 'rename' else None
            if action == 'remove':
                ui.label(_('Their link stops working, their posts are hidden and their raised hand is dropped. '
                           'Their votes stay.'))
            reason = ui.input(_('Reason')).props('outlined maxlength=500')

            async def run() -> None:
                if await attempt(lambda: self.service.moderate_participant(
                        self.actor, self.code, person.id, action, name=name.value if name else None,
                        reason=reason.value) or True):
                    dialog.close()

            with ui.row():
                ui.button(_('Cancel'), on_click=dialog.close).props('flat')
                ui.button(_('Rename') if action == 'rename' else _('Remove'), on_click=run) \
                    .props('color=negative' if action == 'remove' else 'unelevated')
        dialog.open()
