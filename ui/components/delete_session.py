"""The organiser's "Delete this session" card: erases the session and all its personal data after a typed
confirmation (the join code, typed exactly)."""

from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _

from ..context import UiContext
from ..shell import attempt


def delete_session_card(ctx: UiContext, actor: Actor, code: str) -> None:
    with ui.card().classes('w-full').mark('delete-session-card'):
        ui.label(_('Delete this session')).classes('text-h6').props('role=heading aria-level=2')
        ui.label(_('This removes the session and everything people gave in it: names, organisations, posts, '
                   'questions, votes, notes and the moderation log. It cannot be undone. Export the report first '
                   'if you need it.'))
        ui.button(_('Delete session…'), icon='delete_forever', on_click=lambda: _confirm(ctx, actor, code)) \
            .props('outline color=negative').mark('delete-session')


def _confirm(ctx: UiContext, actor: Actor, code: str) -> None:
    with ui.dialog() as dialog, ui.card().classes('w-full max-w-md'):
        ui.label(_('Delete session {code} for good?').format(code=code)).classes('text-h6') \
            .props('role=heading aria-level=2')
        ui.label(_('Type the join code {code} to confirm.').format(code=code))
        typed = ui.input(_('Join code')).props('outlined autocomplete=off').classes('w-full') \
            .mark('delete-confirm-code')
        with ui.row().classes('w-full justify-end'):
            ui.button(_('Cancel'), on_click=dialog.close).props('flat').mark('delete-cancel')
            confirm = ui.button(_('Delete'), icon='delete_forever').props('unelevated color=negative') \
                .mark('delete-confirm')
        confirm.bind_enabled_from(typed, 'value', backward=lambda value: (value or '').strip().upper() == code)

        async def delete() -> None:
            if (typed.value or '').strip().upper() != code:
                return
            if await attempt(lambda: ctx.service.delete_session(actor, code) or True):
                dialog.close()
                ui.notify(_('Session {code} and its personal data were deleted.').format(code=code),
                          type='positive')
                ui.navigate.to('/organize')

        confirm.on_click(delete)
    dialog.open()
