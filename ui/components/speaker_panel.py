"""The moderator's speaker queue: presenters and raised hands, with reorder by drag and drop or buttons."""

from typing import Any

from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _
from facilitator.service import FacilitatorService
from facilitator.snapshot import SpeakerView, StaffSessionState
from facilitator.types import SpeakerKind, SpeakerState

from ..labels import group_options, hand_options, queue_order_options
from ..shell import attempt
from .restore_bar import RestoreBar
from .speaker_forms import add_presenter_form, edit_presenter_dialog
from .timer_controls import versioned_button


def _minutes(seconds: float) -> str:
    return _('{n} min').format(n=f'{seconds / 60:.4g}')


class SpeakerPanel:
    """Rebuilt on each change from the staff snapshot the page hands it; only moderators see it."""

    def __init__(self, service: FacilitatorService, actor: Actor, code: str, state: StaffSessionState, *,
                 keys: ui.element | None = None, restore: RestoreBar | None = None) -> None:
        """`keys` is where the speaker keys go (the console keeps them in view); by default, above the queue.
        `restore` is the bar that offers Restore after a removal or a skip; by default, under the keys."""
        self.service, self.actor, self.code = service, actor, code
        self.state = state
        self.dragged: str | None = None
        with ui.card().classes('w-full speaker-panel'):
            ui.label(_('Speakers')).classes('text-h6').props('role=heading aria-level=2')
            with keys or ui.row():
                self._keys()
            self.restore = restore or RestoreBar()
            self.queue = ui.column().classes('w-full gap-1')
            self.settings = ui.row().classes('items-center gap-4 flex-wrap')
            add_presenter_form(service, actor, code)
        self.render()

    def _keys(self) -> None:
        with ui.row().classes('items-center gap-2 flex-wrap'):
            versioned_button(_('Next speaker'), lambda seen: self._run(self.service.next_speaker, seen),
                             icon='record_voice_over').props('unelevated').mark('next-speaker')
            ui.button(_('Finish'), icon='done', on_click=lambda: self._run(self.service.finish_speaker)) \
                .props('outline').mark('finish-speaker')
            ui.button(_('Speaker −1 min'), on_click=lambda: self._extend(-60)).props('outline').mark('speaker-minus')
            ui.button(_('Speaker +1 min'), on_click=lambda: self._extend(60)).props('outline').mark('speaker-plus')

    def show(self, state: StaffSessionState) -> None:
        self.state = state
        self.render()

    def render(self) -> None:
        self._render_settings()
        self.queue.clear()
        with self.queue:
            waiting = [s for s in self.state.speakers if s.state == SpeakerState.WAITING]
            ui.label(_('Waiting ({n})').format(n=len(waiting))).classes('text-subtitle1 text-weight-bold')
            if not waiting:
                ui.label(_('Nobody is waiting.')).classes('text-body2')
            for index, speaker in enumerate(waiting):
                self._waiting_row(speaker, index, len(waiting))
            if any(s.planned_proposed for s in waiting if s.kind == SpeakerKind.SHOWCASE):
                ui.button(_('Fix the proposed equal split'), icon='balance', on_click=lambda: attempt(
                    lambda: self.service.apply_equal_split(self.actor, self.code))).props('flat').mark('equal-split')
            skipped = [s for s in self.state.speakers if s.state == SpeakerState.SKIPPED]
            for speaker in skipped:
                with ui.row().classes('items-center gap-2'):
                    ui.label(_('Skipped: {name}').format(name=speaker.name))
                    ui.button(_('Put back'), on_click=lambda s=speaker: self._run_on(
                        self.service.restore_speaker, s.id)).props('flat dense').mark('restore-speaker')
            done = [s for s in self.state.speakers if s.state == SpeakerState.DONE]
            if done:
                with ui.expansion(_('Finished ({n})').format(n=len(done))).classes('w-full'):
                    for speaker in done:
                        spoke = ((speaker.ended_at_ms or 0) - (speaker.started_at_ms or 0)) / 1000
                        ui.label(_('{name}: planned {planned}, spoke {actual}').format(
                            name=speaker.name, planned=_minutes(speaker.planned_seconds),
                            actual=_minutes(spoke)))

    def _render_settings(self) -> None:
        self.settings.clear()
        state = self.state
        with self.settings:
            ui.switch(_('Hands open'), value=state.hands_open, on_change=lambda e: self._toggle(
                e.value, state.hands_open, lambda v: self.service.set_hands(self.actor, self.code, v))) \
                .mark('hands-open')
            ui.select(queue_order_options(), label=_('Order of raised hands'), value=state.queue_order.value,
                      on_change=lambda e: self._choose_order(e.value)) \
                .props('outlined dense options-dense').classes('w-72').mark('queue-order')
            ui.switch(_('Raised hands carry over to the next segment'), value=state.hands_carry_over,
                      on_change=lambda e: self._toggle(e.value, state.hands_carry_over, lambda v: self.service
                                                       .set_hands_carry_over(self.actor, self.code, v))) \
                .mark('hands-carry-over')
            hand_minutes = ui.number(_('Speaking time for hands (min)'), value=state.hand_seconds / 60, min=0.5,
                                     max=60, step=0.5).props('outlined dense').classes('w-56').mark('hand-minutes')
            ui.button(_('Set'), on_click=lambda: attempt(lambda: self.service.set_hand_seconds(
                self.actor, self.code, round(float(hand_minutes.value or 0) * 60)))).props('flat')

    def _waiting_row(self, speaker: SpeakerView, index: int, count: int) -> None:
        groups = group_options()
        kind = _('Presenter') if speaker.kind == SpeakerKind.SHOWCASE else _('Hand: {type}').format(
            type=hand_options().get(speaker.hand_type or '', ''))
        with ui.row().classes('items-center gap-2 w-full no-wrap border rounded p-1 queue-row') \
                .props('draggable=true').mark(f'queue-row-{index}') as row:
            row.on('dragstart', lambda s=speaker: setattr(self, 'dragged', s.id))
            row.on('dragover.prevent', lambda: None)
            row.on('drop.prevent', lambda i=index: self._drop(i))
            ui.icon('drag_indicator').props('aria-hidden=true')
            with ui.column().classes('grow gap-0'):
                name = (speaker.name or '') + (f', {speaker.organization}' if speaker.organization else '')
                ui.label(f'{index + 1}. {name}').classes('text-weight-bold').mark('queue-name')
                details = [kind]
                if speaker.group:
                    details.append(groups.get(speaker.group, speaker.group))
                if speaker.kind == SpeakerKind.HAND:
                    details.append(_('spoke {n}×').format(n=speaker.contributions))
                    details.append(_('in the room') if speaker.on_floor else _('online'))
                proposed = speaker.planned_proposed and speaker.kind == SpeakerKind.SHOWCASE
                details.append(_minutes(speaker.planned_seconds) + (' ' + _('(proposed)') if proposed else ''))
                if speaker.title:
                    details.append(speaker.title)
                ui.label(' · '.join(details)).classes('text-body2')
            label = speaker.name
            ui.button(_('Call'), on_click=lambda: self._run_on(self.service.call_speaker, speaker.id)) \
                .props(f'flat dense aria-label="{_("Call")} {label}"').mark('call-speaker')
            ui.button(icon='arrow_upward', on_click=lambda: self._move(speaker.id, index - 1)) \
                .props(f'flat round dense aria-label="{_("Move up")} {label}"').set_enabled(index > 0)
            ui.button(icon='arrow_downward', on_click=lambda: self._move(speaker.id, index + 1)) \
                .props(f'flat round dense aria-label="{_("Move down")} {label}"').set_enabled(index < count - 1)
            ui.button(_('Skip'), on_click=lambda: self._skip(speaker)) \
                .props(f'flat dense aria-label="{_("Skip")} {label}"')
            if speaker.kind == SpeakerKind.SHOWCASE:
                ui.button(icon='edit', on_click=lambda: edit_presenter_dialog(self.service, self.actor, self.code,
                                                                             speaker)) \
                    .props(f'flat round dense aria-label="{_("Edit")} {label}"')
            ui.button(icon='delete', on_click=lambda: self._remove(speaker)) \
                .props(f'flat round dense color=negative aria-label="{_("Remove")} {label}"').mark('remove-speaker')

    async def _remove(self, speaker: SpeakerView) -> None:
        removed = await attempt(lambda: self.service.remove_speaker(self.actor, self.code, speaker.id))
        if removed is not None:
            self.restore.offer(_('{name} was removed from the line.').format(name=speaker.name),
                               lambda: self.service.reinsert_speaker(self.actor, self.code, removed))

    async def _skip(self, speaker: SpeakerView) -> None:
        version = self.state.agenda_version
        if await attempt(lambda: self.service.skip_speaker(self.actor, self.code, speaker.id,
                                                           expected_version=version) or True):
            self.restore.offer(_('{name} was skipped.').format(name=speaker.name),
                               lambda: self.service.restore_speaker(self.actor, self.code, speaker.id))

    async def _drop(self, index: int) -> None:
        if self.dragged is not None:
            await self._move(self.dragged, index)
        self.dragged = None

    async def _move(self, speaker_id: str, position: int) -> None:
        await attempt(lambda: self.service.move_speaker(self.actor, self.code, speaker_id, position))

    async def _extend(self, seconds: int) -> None:
        await attempt(lambda: self.service.extend_speaker(self.actor, self.code, seconds))

    async def _choose_order(self, order: str) -> None:
        if order != self.state.queue_order:
            await attempt(lambda: self.service.set_queue_order(self.actor, self.code, order))

    async def _toggle(self, wanted: bool, current: bool, command: Any) -> None:
        if wanted != current:
            await attempt(lambda: command(wanted))

    async def _run(self, command: Any, seen: int | None = None) -> None:
        version = seen if seen is not None else self.state.agenda_version
        await attempt(lambda: command(self.actor, self.code, expected_version=version))

    async def _run_on(self, command: Any, speaker_id: str) -> None:
        await attempt(lambda: command(self.actor, self.code, speaker_id, expected_version=self.state.agenda_version))
