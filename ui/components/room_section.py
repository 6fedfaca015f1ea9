"""The participant's breakout room: pick a room, then read, post and vote; call the moderator."""

from collections.abc import Sequence

from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _, ngettext
from facilitator.service import FacilitatorService
from facilitator.snapshot import RoomView, SessionState

from ..input_hub import QUESTIONS, BoardDiff, RoomsInfo
from ..labels import room_labels
from ..shell import attempt
from .post_board import PostBoard
from .post_dialogs import compose_form


async def sent_message(service: FacilitatorService, code: str, post_id: str, shown: str) -> str:
    """What the author is told: `shown`, or that a moderator reviews it first (pre-moderation)."""
    post = await attempt(service.post_snapshot, code, post_id)
    if post is None or post.approved:
        return shown
    return _('Sent. It is awaiting review and shows here for you only until a moderator approves it.')


class RoomHeader(ui.element, component='../static/room_header.js'):
    def __init__(self, room: RoomView, rooms: RoomsInfo) -> None:
        super().__init__()
        self._props['room'] = {'topic': room.topic, 'prompt': room.prompt}
        self._props['rooms'] = rooms.prop()
        self._props['labels'] = room_labels()

    def set_rooms(self, rooms: RoomsInfo) -> None:
        self._props['rooms'] = rooms.prop()
        self.update()


class RoomSection:
    def __init__(self, service: FacilitatorService, code: str, actor: Actor, room_id: str | None,
                 state: SessionState, voted: set[str], mine: set[str], seqs: dict[str, int]) -> None:
        self.service, self.code, self.actor = service, code, actor
        self.board: PostBoard | None = None
        self.header: RoomHeader | None = None
        info = RoomsInfo.of(state)
        rooms = state.rooms
        room = state.room(room_id)
        if not rooms:
            ui.label(_('This session has no breakout rooms.'))
            return
        if state.call_url:
            ui.label(_('Rooms are for discussion in writing. For audio and video, stay in the main call.')) \
                .classes('text-body2')
        self.rooms, self.room_id = rooms, room_id
        self.picker = ui.row().classes('gap-2 flex-wrap w-full')
        self._picker(rooms, room_id, info)
        if room is None:
            ui.label(_('Choose a room to join its discussion.')).classes('text-body2')
            return
        self.header = RoomHeader(room, info).mark('room-header')

        async def post(text: str, kind: str, anonymous: bool) -> str | None:
            post_id = await attempt(lambda: service.add_post(actor, code, room.id, text=text, kind=kind,
                                                             anonymous=anonymous))
            if post_id and self.board is not None:
                self.board.add_mine(post_id)
                ui.notify(await sent_message(service, code, post_id, _('Posted')), type='positive')
            return post_id

        compose_form(post, kinds=True, label=_('Your input for this room'), mark='room-post')
        self.board = PostBoard(service, code, room.id, mode='participant', actor=actor, can_vote=info.open,
                               voted=voted, mine=mine, seq=seqs.get(room.id, 0))
        ui.button(_('Call the moderator'), icon='support_agent', on_click=self._call_moderator) \
            .props('outline').mark('call-moderator')

    def _picker(self, rooms: Sequence[RoomView], current: str | None, info: RoomsInfo) -> None:
        self.picker.clear()
        with self.picker:
            for room in rooms:
                here = room.id == current
                count = info.counts.get(room.id, 0)
                with ui.card().classes('p-2 grow').props('flat bordered'):
                    ui.label(room.topic).classes('text-weight-bold').props('data-user')
                    ui.label(ngettext('{n} person', '{n} people', count).format(n=count)).classes('text-body2')
                    if here:
                        with ui.row().classes('items-center gap-1 text-positive text-weight-bold'):
                            ui.icon('check_circle').props('aria-hidden=true')
                            ui.label(_('You are in this room'))
                    elif current is None or info.switching:
                        ui.button(_('Join this room'), on_click=lambda r=room: self._join(r.id)) \
                            .props('unelevated dense').mark('join-room')

    async def _join(self, room_id: str) -> None:
        if await attempt(lambda: self.service.join_room(self.actor, self.code, room_id) or True):
            ui.navigate.reload()

    async def _call_moderator(self) -> None:
        if await attempt(lambda: self.service.call_moderator(self.actor, self.code) or True):
            ui.notify(_('The moderator has been called.'), type='positive')

    def apply(self, diff: BoardDiff) -> None:
        if self.board is not None:
            self.board.apply(diff)
        if diff.rooms and self.header is not None:
            self.header.set_rooms(diff.rooms)
        if diff.rooms and hasattr(self, 'picker'):
            self._picker(self.rooms, self.room_id, diff.rooms)


class QuestionsSection:
    """Slido's job: ask the speakers, upvote the best questions."""

    def __init__(self, service: FacilitatorService, code: str, actor: Actor, state: SessionState,
                 voted: set[str], mine: set[str], seqs: dict[str, int]) -> None:
        async def ask(text: str, _kind: str, anonymous: bool) -> str | None:
            post_id = await attempt(lambda: service.add_question(actor, code, text=text, anonymous=anonymous))
            if post_id:
                self.board.add_mine(post_id)
                ui.notify(await sent_message(service, code, post_id, _('Your question is in.')), type='positive')
            return post_id

        self.closed = ui.label(_('Questions are closed right now.')).classes('text-body2')
        self.closed.set_visibility(not state.questions_open)
        compose_form(ask, kinds=False, label=_('Your question for the speakers'), mark='question')
        self.board = PostBoard(service, code, QUESTIONS, mode='participant', actor=actor,
                               can_vote=state.questions_open, voted=voted, mine=mine, seq=seqs.get(QUESTIONS, 0))

    def apply(self, diff: BoardDiff) -> None:
        self.board.apply(diff)
        if diff.rooms:
            self.closed.set_visibility(not diff.rooms.questions_open)
