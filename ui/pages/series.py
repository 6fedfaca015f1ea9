"""`/series/{slug}`: the public series page; `/s/{code}/register`: registration; the cancel link of the email."""

from nicegui import ui

from facilitator.errors import DomainError
from facilitator.i18n import _

from ..components.registration_form import RegistrationInput, registration_done, registration_form
from ..components.series_view import series_intro, series_sessions
from ..context import UiContext
from ..shell import attempt, frame, not_found


def register(ctx: UiContext) -> None:
    service = ctx.service

    @ui.page('/series/{slug}')
    def series_page(slug: str) -> None:
        try:
            series = service.series_public(slug)
        except DomainError:
            not_found(_('There is no series with this name.'))
            return
        frame(series['title'])
        with ui.column().classes('page-wrap series-page gap-2'):
            series_intro(series)
            series_sessions(ctx, series)

    @ui.page('/s/{code}/register')
    def registration_page(code: str) -> None:
        found = service.find_code(code)
        if found is None:
            not_found()
            return
        state = service.state(found)
        listing = service.session_listing(found)
        privacy = service.series_public(listing['series'])['privacy_url'] if listing['series'] else ''
        frame(_('Register · {title}').format(title=state['title']))
        with ui.column().classes('page-wrap gap-3') as page:
            ui.label(state['title']).classes('text-h5').props('role=heading aria-level=1')
            if listing['series']:
                ui.link(_('← {series}').format(series=listing['series_title']), f'/series/{listing["series"]}')

            def submit(form: RegistrationInput) -> None:
                done = attempt(lambda: service.register(
                    found, name=form.name, email_address=form.email, organization=form.organization,
                    group=form.group or None, country_code=form.country, consent=form.consent,
                    accessibility_note=form.accessibility_note))
                if done is not None:
                    page.clear()
                    with page:
                        ui.label(state['title']).classes('text-h5').props('role=heading aria-level=1')
                        registration_done(done.url, mail=service.mail_enabled)

            registration_form(state['title'], privacy, submit)

    @ui.page('/registration/{registration_id}/cancel')
    def cancel_page(registration_id: str, k: str = '') -> None:
        summary = service.registration_summary(registration_id)
        if summary is None:
            not_found(_('This registration does not exist any more.'))
            return
        frame(_('Cancel registration'))
        with ui.column().classes('page-wrap gap-3') as page:
            ui.label(_('Cancel your registration')).classes('text-h5').props('role=heading aria-level=1')
            ui.label(summary['title'])

            def cancel() -> None:
                page.clear()
                with page:
                    if service.cancel_registration(registration_id, k):
                        ui.label(_('Your registration is cancelled. Your personal link no longer works.')) \
                            .props('role=status').mark('cancelled')
                    else:
                        ui.label(_('This cancel link is not valid.')).props('role=alert')

            if summary['cancelled']:
                ui.label(_('This registration is cancelled already.'))
            else:
                ui.button(_('Cancel my registration'), on_click=cancel).props('color=negative unelevated') \
                    .mark('cancel-registration')
