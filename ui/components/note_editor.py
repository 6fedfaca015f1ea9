"""A Markdown notes editor that saves as the rapporteur types (debounced) and never loses text."""

import asyncio

from nicegui import background_tasks, ui

from facilitator.actors import Actor
from facilitator.i18n import _
from facilitator.notes_markdown import to_html
from facilitator.service import FacilitatorService

from ..shell import attempt

SAVE_AFTER_S = 1.0


class NoteEditor:
    def __init__(self, service: FacilitatorService, actor: Actor, code: str, *, scope: str, kind: str, label: str,
                 text: str, revision: int) -> None:
        self.service, self.actor, self.code, self.scope, self.kind = service, actor, code, scope, kind
        self.revision = revision
        self.saved_text = text
        self._handle: asyncio.TimerHandle | None = None
        with ui.column().classes('w-full gap-1'):
            self.area = ui.textarea(label, value=text, on_change=self._changed) \
                .props('outlined autogrow').classes('w-full').mark(f'note-{kind}-{scope}')
            self.area.on('blur', self.save)
            with ui.row().classes('items-center gap-3'):
                self.status = ui.label(_('Saved') if text else '').classes('text-body2').props('aria-live=polite')
                preview = ui.switch(_('Preview'))
            # the report's own rendering of the notes (facilitator/notes_markdown.py), escaped there
            self.preview = ui.html(to_html(text), sanitize=False).classes('w-full border rounded p-2 note-preview') \
                .mark(f'note-preview-{kind}-{scope}')
            self.preview.bind_visibility_from(preview, 'value')

    def current_text(self) -> str:
        """What the editor holds now, saved or not."""
        return str(self.area.value or '')

    def _changed(self) -> None:
        self.status.set_text(_('Saving…'))
        if self._handle is not None:
            self._handle.cancel()
        self._handle = asyncio.get_running_loop().call_later(SAVE_AFTER_S, self._save_soon)

    def _save_soon(self) -> None:
        background_tasks.create(self._save_here(), name='save note')

    async def _save_here(self) -> None:
        with self.area:
            await self.save()

    async def save(self) -> None:
        text = self.area.value or ''
        self.preview.set_content(to_html(text))
        if text == self.saved_text:
            self.status.set_text(_('Saved'))
            return
        saved = await attempt(lambda: self.service.save_note(self.actor, self.code, scope=self.scope, text=text,
                                                             kind=self.kind, base_revision=self.revision))
        if saved is None:
            self.status.set_text(_('Not saved: see the message.'))
            return
        self.revision, self.saved_text = saved.revision, text
        self.status.set_text(_('Saved'))
        if saved.conflict:
            ui.notify(_('These notes were also changed in another window. Your text is saved; the other version '
                        'is kept in the history.'), type='warning', multi_line=True)
