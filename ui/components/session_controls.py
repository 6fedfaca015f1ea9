"""Stage join slide, end of session and reset after a rehearsal; the last two ask for confirmation."""

from typing import Any

from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _
from facilitator.service import FacilitatorService
from facilitator.snapshot import SessionState

from ..shell import attempt


class SessionControls:
    def __init__(self, service: FacilitatorService, actor: Actor, code: str, state: SessionState) -> None:
        self.service, self.actor, self.code, self.state = service, actor, code, state
        with ui.row().classes('items-center gap-2 flex-wrap'):
            self.slide = ui.switch(_('Show the join slide on the stage screen'), value=state.join_slide,
                                   on_change=self._slide_changed).mark('join-slide')
            ui.button(_('End session'), icon='stop', on_click=self._confirm_end).props('outline color=negative') \
                .mark('end-session')
            ui.button(_('Reset after rehearsal'), icon='restart_alt', on_click=self._confirm_reset) \
                .props('flat').mark('reset-session')

    def show(self, state: SessionState) -> None:
        self.state = state
        self.slide.set_value(state.join_slide)

    async def _slide_changed(self, event: Any) -> None:
        wanted = bool(event.value)
        if wanted == self.state.join_slide:
            return
        await attempt(lambda: self.service.show_join_slide(self.actor, self.code, wanted))

    async def _confirm_end(self) -> None:
        with ui.dialog() as dialog, ui.card():
            ui.label(_('End the session?')).classes('text-h6')
            ui.label(_('The current segment closes and the timer stops. You can reset the session later.'))
            with ui.row():
                ui.button(_('Cancel'), on_click=lambda: dialog.submit(False)).props('flat')
                ui.button(_('End session'), on_click=lambda: dialog.submit(True)).props('color=negative') \
                    .mark('confirm-end')
        if await dialog:
            await attempt(lambda: self.service.end_session(self.actor, self.code))

    async def _confirm_reset(self) -> None:
        with ui.dialog() as dialog, ui.card():
            ui.label(_('Reset the session?')).classes('text-h6')
            ui.label(_('Every segment goes back to the start and the session to "not started". Use this after '
                       'a rehearsal.'))
            clear = ui.checkbox(_('Also delete posts, questions and votes'))
            with ui.row():
                ui.button(_('Cancel'), on_click=lambda: dialog.submit(False)).props('flat')
                ui.button(_('Reset'), on_click=lambda: dialog.submit(True)).props('color=negative') \
                    .mark('confirm-reset')
        if await dialog:
            await attempt(lambda: self.service.reset_session(self.actor, self.code, clear_input=bool(clear.value)))
