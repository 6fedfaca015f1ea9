"""The rapporteur marks their short summary of a room "ready for the stage": the report-back of that room then
shows it beside the top posts and tagged solutions (with several rapporteurs, the one marked ready last)."""

from collections.abc import Callable

from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _
from facilitator.service import FacilitatorService
from facilitator.snapshot import RoomView

from ..shell import attempt


class SummaryReady:
    def __init__(self, service: FacilitatorService, actor: Actor, code: str, room: RoomView,
                 text: Callable[[], str]) -> None:
        self.service, self.actor, self.code, self.room_id, self.text = service, actor, code, room.id, text
        with ui.row().classes('items-center gap-2'):
            ui.button(_('Ready for the stage'), icon='cast', on_click=self.ready).props('outline dense') \
                .mark('summary-ready')
            ui.button(_('Take off the stage'), on_click=self.withdraw).props('flat dense').mark('summary-withdraw')
            self.shown = ui.label('').classes('text-body2').mark('summary-shown')
        self.show(room)

    def show(self, room: RoomView) -> None:
        """`room` from the staff snapshot (its summary, ready or not)."""
        on_stage = bool(room.summary_ready_at_ms)
        self.shown.set_text(_('On the stage: {text}').format(text=room.summary[:80]) if on_stage
                            else _('Not on the stage yet.'))

    async def ready(self) -> None:
        text = self.text()
        if await attempt(lambda: self.service.set_room_summary(self.actor, self.code, self.room_id, text=text,
                                                               ready=True) or True):
            ui.notify(_("Your summary will show in this room's report-back."), type='positive')

    async def withdraw(self) -> None:
        text = self.text() or '-'
        await attempt(lambda: self.service.set_room_summary(self.actor, self.code, self.room_id, text=text,
                                                            ready=False))
