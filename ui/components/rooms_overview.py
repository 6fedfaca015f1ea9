"""The moderator's rooms screen: open/extend/close, assignment, broadcast, help calls and report-back."""

from typing import Any

from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _
from facilitator.service import FacilitatorService

from ..labels import group_options
from ..shell import attempt
from .restore_bar import RestoreBar
from .throttle import Throttle


class RoomsOverview:
    """All rooms on one screen. Redrawn at most once a second from the staff state."""

    def __init__(self, service: FacilitatorService, actor: Actor, code: str) -> None:
        self.service, self.actor, self.code = service, actor, code
        self.seen_calls: set[str] = set()
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

                def send() -> None:
                    if attempt(lambda: service.broadcast(actor, code, message.value) or True):
                        message.set_value('')

                ui.button(_('Send'), icon='campaign', on_click=send).props('unelevated').mark('broadcast-send')
                ui.button(_('Clear'), on_click=lambda: attempt(lambda: service.clear_broadcast(actor, code))) \
                    .props('flat').mark('broadcast-clear')
            self.restore = RestoreBar()
            self.calls = ui.column().classes('w-full gap-1')
            self.grid = ui.row().classes('w-full gap-3 items-stretch')
            self.report = ui.row().classes('items-center gap-2')
        self.state: dict[str, Any] = {}
        self.redraw = Throttle(self._render)
        self._render()

    def show(self, _view: dict[str, Any]) -> None:
        self.redraw()

    def _flag(self, value: bool, name: str) -> None:
        if self.state.get(name) == value:
            return
        commands = {'room_switching': self.service.set_room_switching,
                    'pre_moderation': self.service.set_pre_moderation,
                    'questions_open': self.service.set_questions_open}
        attempt(lambda: commands[name](self.actor, self.code, value))

    def _render(self) -> None:
        state = self.state = self.service.state(self.code, staff=True)
        self.switching.set_value(state['room_switching'])
        self.premod.set_value(state['pre_moderation'])
        self.qa.set_value(state['questions_open'])
        self._render_calls(state)
        groups = group_options()
        self.grid.clear()
        with self.grid:
            for room in state['rooms']:
                with ui.card().classes('grow min-w-[18rem]').props('flat bordered').mark('room-overview'):
                    ui.label(room['topic']).classes('text-subtitle1 text-weight-bold')
                    status = _('Open') if room['state'] == 'open' else _('Closed')
                    ui.label(f'{status} · ' + _('{n} members').format(n=room['participant_count']) + ' · ' +
                             _('{n} posts').format(n=len(room['posts'])))
                    mix = ', '.join(f'{groups.get(g, g)} {n}' for g, n in sorted(room['members_by_group'].items()))
                    ui.label(mix or _('Nobody yet')).classes('text-body2')
                    for post in [p for p in room['posts'] if p.get('approved', True)][:3]:
                        ui.label(f'▲ {post["votes"]} · {post["text"][:140]}').classes('text-body2')
                    pending = [p for p in room['posts'] if p.get('approved') is False]
                    if pending:
                        ui.label(_('{n} posts wait for approval').format(n=len(pending))).classes('text-warning')
                    ui.link(_('Open the room view'), f'/s/{self.code}/moderate/room/{room["id"]}', new_tab=True)
        self._render_report(state)

    def _render_calls(self, state: dict[str, Any]) -> None:
        self.calls.clear()
        with self.calls:
            for call in state['help_calls']:
                if call['id'] not in self.seen_calls:
                    self.seen_calls.add(call['id'])
                    ui.notify(_('{name} calls the moderator ({room})').format(
                        name=call['name'], room=call['room'] or _('plenary')), type='warning', timeout=0,
                        close_button=_('OK'))
                with ui.row().classes('items-center gap-2'):
                    ui.label('🆘 ' + _('{name} needs the moderator in {room}').format(
                        name=call['name'], room=call['room'] or _('the plenary'))).classes('text-weight-bold') \
                        .mark('help-call')
                    ui.button(_('Done'), on_click=lambda c=call: attempt(lambda: self.service.resolve_help_call(
                        self.actor, self.code, c['id']))).props('flat dense')

    def _render_report(self, state: dict[str, Any]) -> None:
        self.report.clear()
        current = state['report_back_room']
        with self.report:
            if state['rooms_open'] or not state['rooms']:
                return
            ui.label(_('Report-back:')).classes('text-weight-bold')
            for index, room in enumerate(state['rooms']):
                label = ('▶ ' if index == current else '') + room['topic'][:40]
                ui.button(label, on_click=lambda i=index: attempt(lambda: self.service.report_back(
                    self.actor, self.code, i))).props('outline dense no-caps').mark('report-back-room')
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
            before = self.service.state(self.code)
            if attempt(lambda: self.service.close_rooms(self.actor, self.code) or True):
                self._offer_reopen(before)

    def _offer_reopen(self, before: dict[str, Any]) -> None:
        """Closing by mistake: Restore opens the rooms again with the time they had left."""
        ends, now = before['rooms_ends_at_ms'], before['server_time_ms']
        minutes = None if ends is None else max(1.0, (ends - now) / 60_000)
        self.restore.offer(_('The rooms are closed.'), lambda: self.service.open_rooms(self.actor, self.code,
                                                                                        minutes))
