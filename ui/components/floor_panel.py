"""The floor manager's panel: put someone in the room in the speaker line with a name, a group tap and Add;
people added before come back with one tap; the line as it stands."""

from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _
from facilitator.labels import GROUP_SHORT_NAMES, translated
from facilitator.service import FacilitatorService
from facilitator.snapshot import PersonView, StaffSessionState
from facilitator.types import SpeakerState

from ..shell import attempt

RECENT = 8
"""How many people added or checked in on the floor the panel offers for a one-tap re-add."""


class FloorForm:
    """Name, organisation, then two taps: the group and Add. The group is chosen anew for each person."""

    def __init__(self, service: FacilitatorService, actor: Actor, code: str) -> None:
        self.service, self.actor, self.code = service, actor, code
        self.group: str | None = None
        self.buttons: dict[str, ui.button] = {}
        with ui.card().classes('w-full floor-card'):
            ui.label(_('Add someone in the room')).classes('text-h6').props('role=heading aria-level=2')
            self.name = ui.input(_('Name')).props('outlined autocomplete=off maxlength=80 enterkeyhint=next') \
                .classes('w-full').mark('floor-name')
            self.org = ui.input(_('Organisation (optional)')).props('outlined autocomplete=off maxlength=120') \
                .classes('w-full').mark('floor-organization')
            ui.label(_('Stakeholder group')).classes('text-subtitle2').props('id=floor-group-label')
            with ui.element('div').classes('floor-groups').props('role=radiogroup aria-labelledby=floor-group-label'):
                for value, label in translated(GROUP_SHORT_NAMES).items():
                    self.buttons[value] = ui.button(label, on_click=lambda v=value: self.choose(v)) \
                        .props('outline no-caps role=radio aria-checked=false').classes('floor-group') \
                        .mark(f'floor-group-{value}')
            ui.button(_('Add to the speaker line'), icon='pan_tool', on_click=self.add) \
                .props('unelevated no-caps size=lg').classes('w-full floor-add').mark('floor-add')

    def choose(self, value: str) -> None:
        self.group = value
        for key, button in self.buttons.items():
            chosen = key == value
            button.props(f'{"unelevated" if chosen else "outline"} aria-checked={str(chosen).lower()}',
                         remove='outline' if chosen else 'unelevated')

    async def add(self) -> None:
        if not (self.name.value or '').strip():
            ui.notify(_('Enter the name first.'), type='negative', position='top')
            return
        if self.group is None:
            ui.notify(_('Tap their stakeholder group.'), type='negative', position='top')
            return
        name = self.name.value.strip()
        added = await attempt(self.service.add_floor_speaker, self.actor, self.code, name=name,
                              organization=self.org.value or '', group=self.group)
        if added is not None:
            ui.notify(_('{name} is in the speaker line.').format(name=name), type='positive', position='top')
            self.name.set_value('')
            self.org.set_value('')
            self.group = None
            for button in self.buttons.values():
                button.props('outline aria-checked=false', remove='unelevated')


class FloorLists:
    """Recent floor people (one tap puts them back in line) and the line itself; rebuilt on each queue change."""

    def __init__(self, service: FacilitatorService, actor: Actor, code: str, state: StaffSessionState) -> None:
        self.service, self.actor, self.code = service, actor, code
        self.state = state
        self._key: object = None
        self.box = ui.column().classes('w-full gap-3')
        self.show(state)

    def show(self, state: StaffSessionState) -> None:
        waiting = [s for s in state.speakers if s.state == SpeakerState.WAITING]
        waiting_people = {s.participant_id for s in waiting}
        recent = [p for p in reversed(state.people) if p.on_floor and not p.removed and p.id not in waiting_people]
        key = ([(s.id, s.name, s.on_floor) for s in waiting], [p.id for p in recent[:RECENT]], state.attendance)
        if key == self._key:
            return
        self._key, self.state = key, state
        groups = translated(GROUP_SHORT_NAMES)
        self.box.clear()
        with self.box:
            if recent:
                with ui.card().classes('w-full floor-card'):
                    ui.label(_('Again: one tap')).classes('text-h6').props('role=heading aria-level=2')
                    for person in recent[:RECENT]:
                        self._recent_row(person, groups)
            with ui.card().classes('w-full floor-card').mark('floor-line'):
                ui.label(_('Speaker line ({n})').format(n=len(waiting))).classes('text-h6') \
                    .props('role=heading aria-level=2')
                if not waiting:
                    ui.label(_('Nobody is waiting.')).classes('text-body2')
                with ui.element('ol').classes('floor-line'):
                    for speaker in waiting:
                        with ui.element('li'):
                            ui.icon('groups' if speaker.on_floor else 'laptop').props('aria-hidden=true') \
                                .classes('floor-where')
                            ui.label(speaker.name or _('(name not shown)')).classes('floor-line-name')
                            ui.label(_('in the room') if speaker.on_floor else _('online')).classes('sr-only')

    def _recent_row(self, person: PersonView, groups: dict[str, str]) -> None:
        details = ' · '.join(x for x in (person.organization, groups.get(person.group, person.group)) if x)
        with ui.button(on_click=lambda p=person: self._again(p)).props('outline no-caps align=left') \
                .classes('w-full floor-recent').mark('floor-recent'):
            ui.icon('add').props('aria-hidden=true')
            with ui.column().classes('gap-0 items-start'):
                ui.label(person.name).classes('text-weight-bold')
                if details:
                    ui.label(details).classes('text-caption')

    async def _again(self, person: PersonView) -> None:
        if await attempt(lambda: self.service.add_floor_speaker_again(self.actor, self.code, person.id) or True):
            ui.notify(_('{name} is in the speaker line.').format(name=person.name), type='positive', position='top')
