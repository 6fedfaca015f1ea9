"""A snackbar that offers "Restore" for a while after a destructive action (removing a presenter, skipping one),
instead of relying on undo, which covers the timer only."""

from collections.abc import Callable

from nicegui import ui

from facilitator.i18n import _

from ..shell import attempt

RESTORE_SECONDS = 15.0


class RestoreBar(ui.row):
    """Create once per panel (it outlives the panel's re-renders); `offer` shows one message at a time."""

    def __init__(self) -> None:
        super().__init__()
        self.classes('items-center gap-3 p-2 rounded bg-grey-9 text-white w-full').props('role=status')
        self.mark('restore-bar')
        self.set_visibility(False)
        self._timer: ui.timer | None = None

    def offer(self, message: str, restore: Callable[[], object], *, seconds: float = RESTORE_SECONDS) -> None:
        """Show `message` with a Restore button for `seconds`; the button runs `restore` once, off the event loop
        (so `restore` must not touch the page)."""
        self.clear()
        with self:
            ui.label(message).classes('grow')
            ui.button(_('Restore'), on_click=lambda: self._restore(restore)).props('flat color=amber') \
                .mark('restore-action')
        self.set_visibility(True)
        if self._timer is not None:
            self._timer.cancel()
        with self:
            self._timer = ui.timer(seconds, self.dismiss, once=True)

    def dismiss(self) -> None:
        self.set_visibility(False)
        self.clear()
        self._timer = None

    async def _restore(self, restore: Callable[[], object]) -> None:
        """`restore` runs in the worker pool (it writes); the bar goes once it worked."""
        if await attempt(lambda: restore() or True):
            self.dismiss()
