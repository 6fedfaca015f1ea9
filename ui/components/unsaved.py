"""Unsaved edits are never dropped silently: fields report when they differ from what was saved, the page shows
"Save all", actions that redraw the editor save pending edits first, and the browser warns before leaving."""

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from facilitator.i18n import _

BEFORE_UNLOAD = """<script>
window.addEventListener("beforeunload", (event) => {
  if (window.facilitatorUnsaved) { event.preventDefault(); event.returnValue = ""; }
});
</script>"""

Save = Callable[[], Awaitable[bool]]
"""Stores one edit (off the event loop); False when the service refused it (the refusal was shown)."""


class UnsavedEdits:
    def __init__(self) -> None:
        ui.add_head_html(BEFORE_UNLOAD)
        self.pending: dict[str, Save] = {}
        self._told = 0
        """the count the browser knows, for its warning before leaving"""
        with ui.row().classes('items-center gap-3 w-full p-2 rounded bg-amber-2').mark('unsaved-bar') as self.bar:
            self.label = ui.label('').classes('grow').props('role=status')
            ui.button(_('Save all'), icon='save', on_click=self.save_all_clicked).props('unelevated') \
                .mark('save-all')
        self._show()

    def track(self, key: str, fields: list[Any], save: Save) -> None:
        """`fields` (inputs with `.value`) hold one edit, stored by `save`; they are pending while they differ."""
        saved = [field.value for field in fields]

        def changed() -> None:
            if [field.value for field in fields] != saved:
                self.pending[key] = save
            else:
                self.pending.pop(key, None)
            self._show()

        for field in fields:
            field.on_value_change(changed)

    async def save_all(self) -> bool:
        """Store every pending edit, in order; stop at the first refusal (it stays pending)."""
        for key, save in list(self.pending.items()):
            if not await save():
                self._show()
                return False
            self.pending.pop(key, None)
        self._show()
        return True

    def saved(self, key: str) -> None:
        """One edit was stored by its own button."""
        self.pending.pop(key, None)
        self._show()

    async def save_all_clicked(self) -> None:
        if await self.save_all():
            ui.notify(_('Saved'), type='positive')

    def _show(self) -> None:
        count = len(self.pending)
        self.label.set_text(_('{n} unsaved changes. Save them before you leave.').format(n=count))
        self.bar.set_visibility(count > 0)
        if count != self._told:
            self._told = count
            ui.run_javascript(f'window.facilitatorUnsaved = {count};')
