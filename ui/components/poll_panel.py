"""The console's Polls tab: draft a poll, reorder and delete drafts, open and close, show or hide the results.

Redrawn at most once a second from the staff snapshot the page hands it, and only when the polls changed."""

from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _
from facilitator.service import FacilitatorService
from facilitator.snapshot import StaffPollView, StaffSessionState

from ..labels import group_options
from ..shell import attempt
from .throttle import Throttle


def kind_options() -> dict[str, str]:
    return {'choice': _('Choice'), 'scale': _('Scale 1–5'), 'words': _('Words (cloud)')}


class PollPanel:
    def __init__(self, service: FacilitatorService, actor: Actor, code: str, state: StaffSessionState) -> None:
        self.service, self.actor, self.code, self.state = service, actor, code, state
        self._drawn: tuple[object, ...] | None = None
        with ui.card().classes('w-full'):
            ui.label(_('New poll')).classes('text-h6').props('role=heading aria-level=2')
            self.question = ui.input(_('Question')).props('outlined dense maxlength=280 counter') \
                .classes('w-full').mark('poll-question')
            with ui.row().classes('items-center gap-3 flex-wrap'):
                self.kind = ui.select(kind_options(), value='choice', label=_('Kind')).props('outlined dense') \
                    .classes('w-48').mark('poll-kind')
                self.multiple = ui.checkbox(_('Several answers allowed')).mark('poll-multiple')
                self.scope = ui.select(self._scopes(state), value='', label=_('Where')).props('outlined dense') \
                    .classes('w-64').mark('poll-scope')
            self.options = ui.textarea(_('Options, one per line')).props('outlined dense autogrow') \
                .classes('w-full').mark('poll-options')
            self.options.bind_visibility_from(self.kind, 'value', backward=lambda kind: kind == 'choice')
            self.multiple.bind_visibility_from(self.kind, 'value', backward=lambda kind: kind == 'choice')
            ui.button(_('Add poll'), icon='add', on_click=self._add).props('unelevated').mark('poll-add')
        self.list = ui.column().classes('w-full gap-2')
        self.redraw = Throttle(self._render)
        self._render()

    def show(self, state: StaffSessionState) -> None:
        self.state = state
        self.redraw()

    @staticmethod
    def _scopes(state: StaffSessionState) -> dict[str, str]:
        return {'': _('Plenary'), **{room.id: _('Room: {topic}').format(topic=room.topic) for room in state.rooms}}

    async def _add(self) -> None:
        options = [line.strip() for line in (self.options.value or '').splitlines() if line.strip()]
        added = await attempt(lambda: self.service.add_poll(
            self.actor, self.code, question=self.question.value or '', kind=self.kind.value or 'choice',
            options=options if self.kind.value == 'choice' else [], multiple=bool(self.multiple.value),
            room_id=self.scope.value or None))
        if added:
            self.question.set_value('')
            self.options.set_value('')

    def _render(self) -> None:
        polls = self.state.polls
        drawn = tuple(p.model_dump_json() for p in polls)
        if drawn == self._drawn:
            return
        self._drawn = drawn
        topics = {room.id: room.topic for room in self.state.rooms}
        self.list.clear()
        with self.list:
            if not polls:
                ui.label(_('No polls yet. Draft them before the session; open one when it is time.')) \
                    .classes('text-body2')
            for index, poll in enumerate(polls):
                self._poll_card(poll, index, len(polls), topics)

    def _poll_card(self, poll: StaffPollView, index: int, count: int, topics: dict[str, str]) -> None:
        states = {'draft': _('Draft'), 'open': _('Open'), 'closed': _('Closed')}
        where = _('Plenary') if poll.room_id is None else topics.get(poll.room_id, '')
        with ui.card().classes('w-full').props('flat bordered').mark('poll-card'):
            with ui.row().classes('items-center gap-2 w-full no-wrap'):
                ui.label(poll.question).classes('text-subtitle1 text-weight-bold grow clamp-2').props('data-user')
                ui.badge(states[poll.state], color='positive' if poll.state == 'open' else 'grey-7') \
                    .mark('poll-state')
            ui.label(f'{kind_options()[poll.kind]} · {where} · ' + _('{n} answers').format(n=poll.answers)) \
                .classes('text-body2').mark('poll-answers')
            with ui.row().classes('items-center gap-1 flex-wrap'):
                self._buttons(poll, index, count)
            if poll.results is not None and poll.answers:
                self._results(poll)

    def _buttons(self, poll: StaffPollView, index: int, count: int) -> None:
        service, actor, code = self.service, self.actor, self.code
        if poll.state == 'open':
            ui.button(_('Close'), icon='stop', on_click=lambda: attempt(lambda: service.close_poll(
                actor, code, poll.id, expected_version=self.state.agenda_version))).props('unelevated dense') \
                .mark('poll-close')
        else:
            ui.button(_('Open'), icon='play_arrow', on_click=lambda: attempt(lambda: service.open_poll(
                actor, code, poll.id, expected_version=self.state.agenda_version))).props('unelevated dense') \
                .mark('poll-open')
        shown = poll.results_visible
        ui.button(_('Hide results') if shown else _('Show results'), icon='visibility_off' if shown else 'bar_chart',
                  on_click=lambda: attempt(lambda: service.set_poll_results(
                      actor, code, poll.id, not shown, expected_version=self.state.agenda_version))) \
            .props('outline dense').mark('poll-results-toggle')
        ui.button(icon='arrow_upward', on_click=lambda: attempt(lambda: service.update_poll(
            actor, code, poll.id, position=index - 1))).props(f'flat dense {"disable" if index == 0 else ""}') \
            .props(f'aria-label="{_("Move up")}"').mark('poll-up')
        ui.button(icon='arrow_downward', on_click=lambda: attempt(lambda: service.update_poll(
            actor, code, poll.id, position=index + 1))).props(f'flat dense {"disable" if index == count - 1 else ""}') \
            .props(f'aria-label="{_("Move down")}"').mark('poll-down')
        if poll.state == 'draft':
            ui.button(icon='delete', on_click=lambda: attempt(lambda: service.remove_poll(actor, code, poll.id))) \
                .props(f'flat dense color=negative aria-label="{_("Delete")}"').mark('poll-delete')
        if poll.kind == 'words':
            word = ui.input(_('Block a word')).props('outlined dense maxlength=30').classes('w-40')
            ui.button(icon='block', on_click=lambda: attempt(lambda: service.block_poll_word(
                actor, code, poll.id, word.value or ''))).props(f'flat dense aria-label="{_("Block")}"')

    @staticmethod
    def _results(poll: StaffPollView) -> None:
        results = poll.results
        if results is None:
            return
        groups = group_options() | {'smaller_groups': _('Smaller groups')}
        top = max([c.count for c in results.counts] + [1])
        with ui.column().classes('w-full gap-1').mark('poll-results'):
            for count in results.counts[:12]:
                with ui.row().classes('items-center gap-2 w-full no-wrap'):
                    ui.label(count.label).classes('w-1/3 ellipsis').props('data-user')
                    ui.linear_progress(count.count / top, show_value=False).classes('grow')
                    ui.label(str(count.count)).classes('text-weight-bold')
            if results.mean is not None:
                ui.label(_('Average: {n}').format(n=results.mean)).classes('text-body2')
            mix = ', '.join(f'{groups.get(g, g)} {n}' for g, n in results.group_answers.items())
            ui.label(_('Answers by group: {mix}').format(mix=mix)).classes('text-body2')
