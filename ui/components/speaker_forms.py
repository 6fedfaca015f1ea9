"""Adding presenters one by one or as a pasted list, and editing one."""

from typing import Any

from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _
from facilitator.service import FacilitatorService
from facilitator.snapshot import SpeakerView

from ..shell import attempt
from .presenter_paste import PresenterPaste


def _seconds(minutes: Any) -> int | None:
    return None if minutes in {None, ''} else round(float(minutes) * 60)


def add_presenter_form(service: FacilitatorService, actor: Actor, code: str) -> None:
    with ui.expansion(_('Add presenters'), icon='person_add').classes('w-full'):
        with ui.row().classes('items-end gap-2 w-full'):
            name = ui.input(_('Name')).props('outlined dense maxlength=80').mark('presenter-name')
            org = ui.input(_('Organisation')).props('outlined dense maxlength=120').mark('presenter-org')
            title = ui.input(_('Talk title')).props('outlined dense maxlength=200').classes('grow') \
                .mark('presenter-title')
            minutes = ui.number(_('Minutes (optional)'), min=0, max=480, step=1).props('outlined dense') \
                .classes('w-40').mark('presenter-minutes')

            async def add() -> None:
                if await attempt(service.add_speaker, actor, code, name=name.value or '', organization=org.value,
                                 title=title.value, planned_seconds=_seconds(minutes.value)):
                    for field in (name, org, title):
                        field.set_value('')
                    minutes.set_value(None)

            ui.button(_('Add presenter'), icon='add', on_click=add).props('unelevated').mark('add-presenter')
        PresenterPaste(service, actor, code)


def edit_presenter_dialog(service: FacilitatorService, actor: Actor, code: str, speaker: SpeakerView) -> None:
    with ui.dialog() as dialog, ui.card().classes('w-full max-w-lg'):
        ui.label(_('Edit presenter')).classes('text-h6')
        name = ui.input(_('Name'), value=speaker.name).props('outlined maxlength=80').classes('w-full')
        org = ui.input(_('Organisation'), value=speaker.organization).props('outlined maxlength=120') \
            .classes('w-full')
        title = ui.input(_('Talk title'), value=speaker.title).props('outlined maxlength=200').classes('w-full')
        minutes = ui.number(_('Minutes'), value=speaker.planned_seconds / 60, min=0, max=480, step=1) \
            .props('outlined').classes('w-full')

        async def save() -> None:
            if await attempt(lambda: service.update_speaker(actor, code, speaker.id, name=name.value,
                                                            organization=org.value, title=title.value,
                                                            planned_seconds=_seconds(minutes.value)) or True):
                dialog.close()

        with ui.row():
            ui.button(_('Cancel'), on_click=dialog.close).props('flat')
            ui.button(_('Save'), on_click=save).props('unelevated')
    dialog.open()
