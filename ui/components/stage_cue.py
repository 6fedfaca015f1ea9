"""The moderator's full-screen message on the stage (`flash`), and taking it down (`clear_flash`)."""

from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _
from facilitator.input_rules import MAX_FLASH_LENGTH
from facilitator.service import FacilitatorService

from ..shell import attempt


def stage_cue(service: FacilitatorService, actor: Actor, code: str) -> None:
    with ui.row().classes('items-end gap-2 w-full no-wrap'):
        message = ui.input(_('Full-screen message on the stage')) \
            .props(f'outlined dense maxlength={MAX_FLASH_LENGTH} counter').classes('grow').mark('flash-text')

        async def show() -> None:
            if await attempt(lambda: service.flash(actor, code, message.value) or True):
                message.set_value('')

        ui.button(_('Show on stage'), icon='fullscreen', on_click=show).props('unelevated').mark('flash-send')
        ui.button(_('Take down'), icon='fullscreen_exit',
                  on_click=lambda: attempt(lambda: service.clear_flash(actor, code))).props('flat').mark('flash-clear')
