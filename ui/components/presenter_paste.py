"""Paste presenters from a spreadsheet (tabs), or as lines with semicolons or commas, see a preview, then add."""

from nicegui import ui

from facilitator.actors import Actor
from facilitator.errors import InvalidInput
from facilitator.i18n import _
from facilitator.service import FacilitatorService
from facilitator.speaker_paste import PastedPresenter, parse_presenters

from ..shell import attempt


def _minutes(row: PastedPresenter) -> str:
    seconds = row.presenter.planned_seconds
    return '' if seconds is None else f'{seconds / 60:g}'


class PresenterPaste:
    """The textarea, a preview of the rows as they will be added (or the first problem), and "Add"."""

    def __init__(self, service: FacilitatorService, actor: Actor, code: str) -> None:
        self.service, self.actor, self.code = service, actor, code
        self.area = ui.textarea(_('Or paste from a spreadsheet, one presenter a row: name, organisation, title, '
                                  'minutes (tabs, semicolons or commas)'), on_change=self.preview) \
            .props('outlined autogrow').classes('w-full').mark('presenter-list')
        self.table = ui.column().classes('w-full gap-1').mark('presenter-preview')
        self.add = ui.button(_('Add all'), on_click=self.add_all).props('outline').mark('add-presenter-list')
        self.add.set_enabled(False)

    def preview(self) -> None:
        text = self.area.value or ''
        self.table.clear()
        self.add.set_enabled(False)
        if not text.strip():
            self.add.set_text(_('Add all'))
            return
        with self.table:
            try:
                rows = parse_presenters(text)
            except InvalidInput as error:
                ui.label(error.message).classes('text-negative text-body2').mark('presenter-preview-error')
                return
            ui.table(columns=[{'name': key, 'label': label, 'field': key, 'align': 'left'} for key, label in (
                ('name', _('Name')), ('organization', _('Organisation')), ('title', _('Talk title')),
                ('minutes', _('Minutes')))],
                rows=[{'name': r.presenter.name, 'organization': r.presenter.organization, 'title': r.presenter.title,
                       'minutes': _minutes(r)} for r in rows]).props('dense flat bordered').classes('w-full')
        self.add.set_text(_('Add {n} presenters').format(n=len(rows)))
        self.add.set_enabled(True)

    async def add_all(self) -> None:
        text = self.area.value or ''
        added = await attempt(lambda: self.service.add_speakers_from_text(self.actor, self.code, text))
        if added:
            ui.notify(_('{n} presenters added').format(n=added), type='positive')
            self.area.set_value('')
