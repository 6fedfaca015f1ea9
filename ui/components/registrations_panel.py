"""The organiser's registrations card for one session: who registered, who attended, mail delivery, CSV."""

from typing import Any

from nicegui import run, ui

from facilitator.actors import Actor
from facilitator.countries import countries
from facilitator.errors import DomainError
from facilitator.i18n import _

from ..context import UiContext
from ..labels import group_options
from ..shell import attempt

MAIL_STATES = {None: '—', 'pending': 'Waiting to be sent', 'sent': 'Sent', 'failed': 'Failed'}


def attendance_tables(summary: dict[str, Any]) -> None:
    ui.label(_('{attended} of {registered} registered people attended.').format(**summary)) \
        .classes('text-subtitle1').mark('attendance-total')
    groups = group_options()
    columns = [{'name': 'what', 'label': '', 'field': 'what', 'align': 'left'},
               {'name': 'registered', 'label': _('Registered'), 'field': 'registered'},
               {'name': 'attended', 'label': _('Attended'), 'field': 'attended'}]
    for heading, rows in (
            (_('By stakeholder group'), [{'what': groups.get(g, g), **n} for g, n in summary['by_group'].items()]),
            (_('By country'), [{'what': n['name'], 'registered': n['registered'], 'attended': n['attended']}
                               for n in summary['by_country'].values()])):
        with_heading = [{**columns[0], 'label': heading}, *columns[1:]]
        ui.table(columns=with_heading, rows=rows, row_key='what').props('dense flat bordered') \
            .classes('w-full max-w-xl')


def registrations_panel(ctx: UiContext, actor: Actor, code: str) -> None:
    service = ctx.service
    listing = service.session_listing(code)
    with ui.card().classes('w-full'):
        ui.label(_('Registrations')).classes('text-h6').props('role=heading aria-level=2')
        if listing['series']:
            ui.link(_('Series page: {title}').format(title=listing['series_title']), f'/series/{listing["series"]}')
        ui.link(_('Public registration form'), f'/s/{code}/register')

        def toggle(value: bool) -> None:
            attempt(lambda: service.set_registration_required(actor, code, value))

        ui.switch(_('Registration required: only personal links let people in, and only they see the call link'),
                  value=listing['registration_required'], on_change=lambda e: toggle(bool(e.value))) \
            .mark('registration-required')
        if not service.mail_enabled:
            ui.label(_('Email is off: registrants see their personal link only on the page after registering.')) \
                .classes('text-warning')
        rows = attempt(lambda: service.registrations(actor, code)) or []
        summary = attempt(lambda: service.attendance(actor, code))
        if summary:
            attendance_tables(summary)
        if not rows:
            ui.label(_('Nobody has registered yet.'))
            return
        names = countries()
        table_rows = [{'id': r['id'], 'name': r['name'], 'organization': r['organization'],
                       'group': group_options().get(r['group'], r['group']), 'country': names.get(r['country'], ''),
                       'attended': _('yes') if r['attended'] else _('no'),
                       'status': _('cancelled') if r['cancelled'] else _(MAIL_STATES.get(r['mail'], '—'))}
                      for r in rows]
        columns = [{'name': k, 'label': label, 'field': k, 'align': 'left'} for k, label in (
            ('name', _('Name')), ('organization', _('Organisation')), ('group', _('Group')),
            ('country', _('Country')), ('attended', _('Attended')), ('status', _('Email')))]
        ui.table(columns=columns, rows=table_rows, row_key='id').props('dense flat bordered wrap-cells') \
            .classes('w-full').mark('registrations-table')

        async def download() -> None:
            try:
                content = await run.io_bound(service.registrations_file, actor, code)
            except DomainError as error:
                ui.notify(error.message, type='negative')
                return
            ui.download.content(content, f'{code}-registrations.csv', 'text/csv')

        ui.button(_('Download the registrant list (CSV)'), icon='download', on_click=download) \
            .props('outline').mark('registrations-download')
