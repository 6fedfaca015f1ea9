"""Download the report in one click: Markdown, Word, PDF, CSV or JSON, optionally anonymised."""

from nicegui import ui

from facilitator.actors import Actor
from facilitator.errors import DomainError
from facilitator.i18n import _, keeping_language, render
from facilitator.service import FacilitatorService
from facilitator.worker import read

FORMATS = {'md': 'Markdown', 'docx': 'Word (DOCX)', 'pdf': 'PDF', 'csv': 'CSV (posts)', 'json': 'JSON'}


def export_panel(service: FacilitatorService, actor: Actor, code: str) -> None:
    with ui.card().classes('w-full'):
        ui.label(_('Report')).classes('text-h6').props('role=heading aria-level=2')
        with ui.row().classes('items-center gap-3 flex-wrap'):
            fmt = ui.select({k: _(v) for k, v in FORMATS.items()}, value='md', label=_('Format')) \
                .props('outlined dense').classes('w-48').mark('export-format')
            anonymize = ui.checkbox(_('Anonymise (names become stakeholder groups)')).mark('export-anonymize')

            async def download() -> None:
                try:  # off the event loop, so live participants never stall
                    file = await read(keeping_language(service.export), actor, code, fmt.value,
                                      anonymize=bool(anonymize.value))  # in the page's language
                except DomainError as error:
                    ui.notify(render(error.message), type='negative')
                    return
                ui.download.content(file.content, file.filename, file.media_type)

            ui.button(_('Download report'), icon='download', on_click=download).props('unelevated') \
                .mark('export-download')
