"""The moderator's rooms screen: open/extend/close, assignment, broadcast and report-back (help calls are alerts)."""

from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _, ngettext
from facilitator.service import FacilitatorService
from facilitator.snapshot import StaffSessionState
from facilitator.types import RoomsState
from facilitator.vocabulary import group_short_name

from ..labels import group_options
from ..shell import attempt
from .restore_bar import RestoreBar
from .throttle import Throttle


class RoomsOverview:
    """All rooms on one screen. Redrawn at most once a second from the staff snapshot the page hands it."""

    def __init__(self, service: FacilitatorService, actor: Actor, code: str, state: StaffSessionState) -> None:
        self.service, self.actor, self.code, self.state = service, actor, code, state
        with ui.card().classes('w-full'):
            ui.label(_('Breakout rooms')).classes('text-h6').props('role=heading aria-level=2')
            with ui.row().classes('items-end gap-2 flex-wrap'):
                minutes = ui.number(_('Minutes'), value=20, min=1, max=480, step=1).props('outlined dense') \
                    .classes('w-28').mark('rooms-minutes')
                ui.button(_('Open rooms'), icon='meeting_room', on_click=lambda: attempt(lambda: service.open_rooms(
                    actor, code, minutes.value))).props('unelevated').mark('open-rooms')
                ui.button(_('+2 min'), on_click=lambda: attempt(lambda: service.extend_rooms(actor, code, 120))) \
                    .props('outline').mark('extend-rooms')
                ui.button(_('+5 min'), on_click=lambda: attempt(lambda: service.extend_rooms(actor, code, 300))) \
                    .props('outline')
                ui.button(_('Close all rooms'), icon='logout', on_click=self._confirm_close) \
                    .props('outline color=negative').mark('close-rooms')
            with ui.row().classes('items-center gap-4 flex-wrap'):
                self.switching = ui.switch(_('Participants may switch rooms'),
                                           on_change=lambda e: self._flag(e.value, 'room_switching'))
                self.premod = ui.switch(_('Pre-moderation (approve posts first)'),
                                        on_change=lambda e: self._flag(e.value, 'pre_moderation'))
                self.qa = ui.switch(_('Questions open'), on_change=lambda e: self._flag(e.value, 'questions_open'))
                ui.button(_('Balance groups across rooms'), icon='balance',
                          on_click=lambda: attempt(lambda: service.auto_balance(actor, code))).props('flat') \
                    .mark('auto-balance')
            with ui.row().classes('items-end gap-2 w-full no-wrap'):
                message = ui.input(_('Broadcast to every room and screen'), validation={
                    _('At most 280 characters'): lambda v: len(v or '') <= 280}) \
                    .props('outlined dense maxlength=280 counter').classes('grow').mark('broadcast-text')

                async def send() -> None:
                    if await attempt(lambda: service.broadcast(actor, code, message.value) or True):
                        message.set_value('')

                ui.button(_('Send'), icon='campaign', on_click=send).props('unelevated').mark('broadcast-send')
                ui.button(_('Clear'), on_click=lambda: attempt(lambda: service.clear_broadcast(actor, code))) \
                    .props('flat').mark('broadcast-clear')
            self.restore = RestoreBar()
            self.grid = ui.row().classes('w-full gap-3 items-stretch')
            self.report = ui.row().classes('items-center gap-2')
        self.redraw = Throttle(self._render)
        self._render()

    def show(self, state: StaffSessionState) -> None:
        self.state = state
        self.redraw()

    async def _flag(self, value: bool, name: str) -> None:
        current = {'room_switching': self.state.room_switching, 'pre_moderation': self.state.pre_moderation,
                   'questions_open': self.state.questions_open}
        if current[name] == value:
            return
        commands = {'room_switching': self.service.set_room_switching,
                    'pre_moderation': self.service.set_pre_moderation,
                    'questions_open': self.service.set_questions_open}
        await attempt(lambda: commands[name](self.actor, self.code, value))

    def _render(self) -> None:
        state = self.state
        self.switching.set_value(state.room_switching)
        self.premod.set_value(state.pre_moderation)
        self.qa.set_value(state.questions_open)
        groups = group_options()
        self.grid.clear()
        with self.grid:
            for room in state.rooms:
                with ui.card().classes('grow min-w-[18rem]').props('flat bordered').mark('room-overview'):
                    ui.label(room.topic).classes('text-subtitle1 text-weight-bold clamp-2') \
                        .props('data-user').props['title'] = room.topic
                    status = _('Open') if room.state == RoomsState.OPEN else _('Closed')
                    ui.label(f'{status} · ' + _('{n} members').format(n=room.participant_count) + ' · ' +
                             _('{n} posts').format(n=len(room.posts)))
                    mix = ', '.join(f'{groups.get(g) or group_short_name(g)} {n}'
                                    for g, n in sorted(room.members_by_group.items()))
                    ui.label(mix or _('Nobody yet')).classes('text-body2')
                    for post in [p for p in room.posts if p.approved][:3]:
                        votes = ngettext('{n} vote', '{n} votes', post.votes).format(n=post.votes)
                        ui.label(f'{votes} · {post.text}').classes('text-body2 clamp-2')
                    pending = [p for p in room.posts if not p.approved]
                    if pending:
                        ui.label(_('{n} posts wait for approval').format(n=len(pending))).classes('text-warning')
                    ui.link(_('Open the room view'), f'/s/{self.code}/moderate/room/{room.id}', new_tab=True)
        self._render_report(state)

    def _render_report(self, state: StaffSessionState) -> None:
        self.report.clear()
        current = state.report_back_room
        with self.report:
            if state.rooms_open or not state.rooms:
                return
            ui.label(_('Report-back:')).classes('text-weight-bold')
            for index, room in enumerate(state.rooms):
                here = index == current
                button = ui.button(on_click=lambda i=index: attempt(lambda: self.service.report_back(
                    self.actor, self.code, i))).props(f'{"unelevated" if here else "outline"} dense no-caps') \
                    .classes('report-room-button').mark('report-back-room')
                button.props['title'] = room.topic  # the full title; the label wraps at a word, at most 2 lines
                if here:
                    button.props['aria-current'] = 'true'
                with button:
                    if here:
                        ui.icon('play_arrow').props('aria-hidden=true')
                    ui.label(room.topic).classes('report-room-label')
            ui.button(_('End report-back'), on_click=lambda: attempt(lambda: self.service.report_back(
                self.actor, self.code, None))).props('flat dense')

    async def _confirm_close(self) -> None:
        with ui.dialog() as dialog, ui.card():
            ui.label(_('Close all rooms?')).classes('text-h6')
            ui.label(_('Everyone returns to the plenary now. Posts stay; posting and voting stop.'))
            with ui.row():
                ui.button(_('Cancel'), on_click=lambda: dialog.submit(False)).props('flat')
                ui.button(_('Close all rooms'), on_click=lambda: dialog.submit(True)).props('color=negative') \
                    .mark('confirm-close-rooms')
        if await dialog:
            before = self.state
            if await attempt(lambda: self.service.close_rooms(self.actor, self.code) or True):
                self._offer_reopen(before)

    def _offer_reopen(self, before: StaffSessionState) -> None:
        """Closing by mistake: Restore opens the rooms again with the time they had left."""
        ends, now = before.rooms_ends_at_ms, before.server_time_ms
        minutes = None if ends is None or now is None else max(1.0, (ends - now) / 60_000)
        self.restore.offer(_('The rooms are closed.'), lambda: self.service.open_rooms(self.actor, self.code,
                                                                                        minutes))
