"""Writing, editing and moderating posts."""

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _
from facilitator.service import FacilitatorService

from ..labels import kind_options
from ..shell import attempt


def compose_form(on_submit: Callable[[str, str, bool], Awaitable[str | None]], *, kinds: bool, label: str,
                 mark: str) -> None:
    """Text (1–1,000 characters), kind and the anonymous choice. `on_submit` returns the new id or None."""
    with ui.column().classes('w-full gap-1 compose-form'):
        text = ui.textarea(label, validation={_('At most 1,000 characters'): lambda v: len(v or '') <= 1000}) \
            .props('outlined autogrow counter maxlength=1000').classes('w-full').mark(f'{mark}-text')
        with ui.row().classes('items-center gap-3 flex-wrap'):
            kind = ui.select(kind_options(), value='comment', label=_('Kind')).props('outlined dense') \
                .classes('w-44').mark(f'{mark}-kind') if kinds else None
            anonymous = ui.checkbox(_('Post anonymously')).mark(f'{mark}-anonymous')

            def submit() -> Awaitable[None]:  # what the form shows at the click, not after a later keystroke
                return send(text.value or '', kind.value if kind else 'question', bool(anonymous.value))

            async def send(value: str, chosen: str, anonymous_post: bool) -> None:
                if await on_submit(value, chosen, anonymous_post):
                    text.set_value('')

            ui.button(_('Post') if kinds else _('Ask'), icon='send', on_click=submit).props('unelevated') \
                .mark(f'{mark}-submit')


def edit_post_dialog(service: FacilitatorService, actor: Actor, code: str, post_id: str, text: str) -> None:
    with ui.dialog() as dialog, ui.card().classes('w-full max-w-lg'):
        ui.label(_('Edit your post')).classes('text-h6')
        field = ui.textarea(_('Text'), value=text).props('outlined autogrow counter maxlength=1000').classes('w-full') \
            .mark('edit-text')

        async def save() -> None:
            if await attempt(lambda: service.edit_post(actor, code, post_id, text=field.value) or True):
                dialog.close()

        with ui.row():
            ui.button(_('Cancel'), on_click=dialog.close).props('flat')
            ui.button(_('Save'), on_click=save).props('unelevated').mark('edit-save')
    dialog.open()


async def moderate(service: FacilitatorService, actor: Actor, code: str, post_id: str, args: Any) -> None:
    """Run a moderation action from a card; hiding asks for a reason first."""
    action = args.get('action') if isinstance(args, dict) else None
    tag = args.get('tag') if isinstance(args, dict) else None
    if action != 'hide':
        await attempt(lambda: service.moderate_post(actor, code, post_id, action, tag=tag))
        return
    with ui.dialog() as dialog, ui.card().classes('w-full max-w-md'):
        ui.label(_('Hide this post?')).classes('text-h6')
        ui.label(_('It disappears from every view and export but stays in the database with your reason.'))
        reason = ui.input(_('Reason')).props('outlined maxlength=500').classes('w-full').mark('hide-reason')

        async def hide() -> None:
            if await attempt(lambda: service.moderate_post(actor, code, post_id, 'hide', reason=reason.value) or True):
                dialog.close()

        with ui.row():
            ui.button(_('Cancel'), on_click=dialog.close).props('flat')
            ui.button(_('Hide'), on_click=hide).props('color=negative').mark('hide-confirm')
    dialog.open()
