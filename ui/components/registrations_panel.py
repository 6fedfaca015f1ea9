"""The organiser's registrations card for one session: who registered, who attended, mail delivery, CSV."""

from typing import Any

from nicegui import ui

from facilitator.actors import Actor
from facilitator.countries import countries
from facilitator.errors import DomainError
from facilitator.i18n import _
from facilitator.worker import read
from facilitator.worker import run as run_db

from ..context import UiContext
from ..labels import group_options
from ..shell import attempt
from .series_view import text

MAIL_STATES = {None: '—', 'pending': 'Waiting to be sent', 'sent': 'Sent', 'failed': 'Failed'}


TABLE_CSS = """
.reg-table-wrap { overflow-x: auto; width: 100%; }
.reg-table { border-collapse: collapse; width: 100%; }
.reg-table caption { text-align: start; font-weight: 700; padding: 4px 0; }
.reg-table th, .reg-table td { text-align: start; padding: 6px 8px; border-bottom: 1px solid #e2e8f0; }
.reg-table thead th { color: #475569; font-size: .85rem; }
"""


def simple_table(caption: str, headers: list[str], rows: list[list[object]], *, mark: str = '') -> None:
    """A plain HTML table with a caption and column headers; it scrolls sideways on its own on a phone."""
    ui.add_css(TABLE_CSS)
    with ui.element('div').classes('reg-table-wrap').props(f'role=region tabindex=0 aria-label="{caption}"'), \
            ui.element('table').classes('reg-table').mark(mark):
        text('caption', caption)
        with ui.element('thead'), ui.element('tr'):
            for header in headers:
                text('th', header).props('scope=col')
        with ui.element('tbody'):
            for row in rows:
                with ui.element('tr'):
                    text('th', str(row[0])).props('scope=row')
                    for cell in row[1:]:
                        text('td', str(cell))


def attendance_tables(summary: dict[str, Any]) -> None:
    ui.label(_('{attended} of {registered} registered people attended.').format(**summary)) \
        .classes('text-subtitle1').mark('attendance-total')
    groups = group_options()
    headers = [_('Registered'), _('Attended')]
    simple_table(_('By stakeholder group'), [_('Stakeholder group'), *headers],
                 [[groups.get(g, g), n['registered'], n['attended']] for g, n in summary['by_group'].items()])
    simple_table(_('By country'), [_('Country'), *headers],
                 [[n['name'], n['registered'], n['attended']] for n in summary['by_country'].values()])


async def registrations_panel(ctx: UiContext, actor: Actor, code: str) -> None:
    service = ctx.service
    listing = await run_db(service.session_listing, code)
    with ui.card().classes('w-full'):
        ui.label(_('Registrations')).classes('text-h6').props('role=heading aria-level=2')
        if listing['series']:
            ui.link(_('Series page: {title}').format(title=listing['series_title']), f'/series/{listing["series"]}')
        ui.link(_('Public registration form'), f'/s/{code}/register')

        async def toggle(value: bool) -> None:
            await attempt(lambda: service.set_registration_required(actor, code, value))

        ui.switch(_('Registration required: only personal links let people in, and only they see the call link'),
                  value=listing['registration_required'], on_change=lambda e: toggle(bool(e.value))) \
            .mark('registration-required')
        if not service.mail_enabled:
            ui.label(_('Email is off: registrants see their personal link only on the page after registering.')) \
                .classes('text-warning')
        rows = await attempt(service.registrations, actor, code) or []
        summary = await attempt(service.attendance, actor, code)
        if summary:
            attendance_tables(summary)
        if not rows:
            ui.label(_('Nobody has registered yet.'))
            return
        names = countries()
        simple_table(_('Registrants'), [_('Name'), _('Organisation'), _('Group'), _('Country'), _('Attended'),
                                        _('Email')],
                     [[r['name'], r['organization'], group_options().get(r['group'], r['group']),
                       names.get(r['country'], ''), _('yes') if r['attended'] else _('no'),
                       _('cancelled') if r['cancelled'] else _(MAIL_STATES.get(r['mail'], '—'))] for r in rows],
                     mark='registrations-table')

        async def download() -> None:
            try:
                content = await read(service.registrations_file, actor, code)
            except DomainError as error:
                ui.notify(error.message, type='negative')
                return
            ui.download.content(content, f'{code}-registrations.csv', 'text/csv')

        ui.button(_('Download the registrant list (CSV)'), icon='download', on_click=download) \
            .props('outline').mark('registrations-download')
