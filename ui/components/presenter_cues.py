"""The console's presenter cues: send a private cue to one speaker's presenter page, see their acknowledgement,
and copy each presenter's secret link."""

from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _
from facilitator.input_rules import MAX_FLASH_LENGTH
from facilitator.service import FacilitatorService
from facilitator.snapshot import StaffSessionState
from facilitator.types import SpeakerKind

from ..shell import attempt
from .throttle import Throttle


def presets() -> list[str]:
    return [_('1 minute'), _('Wrap up please'), _('Louder'), _('Next slide')]


class PresenterCues:
    def __init__(self, service: FacilitatorService, actor: Actor, code: str, state: StaffSessionState) -> None:
        self.service, self.actor, self.code, self.state = service, actor, code, state
        self._drawn: object = None
        with ui.card().classes('w-full').mark('presenter-cues'):
            ui.label(_('Private cues to presenters')).classes('text-h6').props('role=heading aria-level=2')
            with ui.row().classes('items-end gap-2 w-full flex-wrap'):
                self.who = ui.select({}, label=_('Speaker')).props('outlined dense').classes('w-56') \
                    .mark('cue-speaker')
                self.message = ui.input(_('Cue')).props(f'outlined dense maxlength={MAX_FLASH_LENGTH}') \
                    .classes('grow').mark('cue-text')
                ui.button(_('Send cue'), icon='send', on_click=lambda: self._send(self.message.value or '')) \
                    .props('unelevated').mark('cue-send')
            with ui.row().classes('gap-1 flex-wrap'):
                for text in presets():
                    ui.button(text, on_click=lambda t=text: self._send(t)).props('outline dense no-caps') \
                        .mark('cue-preset')
            self.list = ui.column().classes('w-full gap-1')
        self.redraw = Throttle(self._render, interval_s=0.5)
        self._render()

    def show(self, state: StaffSessionState) -> None:
        self.state = state
        self.redraw()

    async def _send(self, text: str) -> None:
        if not self.who.value:
            ui.notify(_('Choose a speaker first.'), type='warning')
            return
        if await attempt(lambda: self.service.cue_speaker(self.actor, self.code, self.who.value, text) or True):
            self.message.set_value('')

    def _render(self) -> None:
        speakers = [s for s in self.state.speakers if s.kind == SpeakerKind.SHOWCASE]
        links = {p.speaker_id: p for p in self.state.presenters}
        drawn = (tuple((s.id, s.name) for s in speakers), tuple(p.model_dump_json() for p in self.state.presenters))
        if drawn == self._drawn:
            return
        self._drawn = drawn
        self.who.set_options({s.id: s.name or '' for s in speakers}, value=self.who.value if self.who.value in {
            s.id for s in speakers} else None)
        self.list.clear()
        with self.list:
            for speaker in speakers:
                link = links.get(speaker.id)
                if link is None:
                    continue
                with ui.row().classes('items-center gap-2 w-full no-wrap').mark('cue-row'):
                    ui.label(speaker.name or '').classes('text-weight-bold').props('data-user')
                    if link.cue and link.acknowledged_at_ms:
                        ui.label(_('“{cue}”: seen ✓').format(cue=link.cue)).classes('text-positive') \
                            .mark('cue-acknowledged')
                    elif link.cue:
                        ui.label(_('“{cue}”: not seen yet').format(cue=link.cue)).classes('text-warning') \
                            .mark('cue-waiting')
                    ui.space()
                    ui.input(_('Presenter link'), value=link.presenter_url).props('dense readonly outlined') \
                        .classes('w-72').mark('presenter-link')
