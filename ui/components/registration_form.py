"""The public registration form (name, email, organisation, group, country, consent, accessibility note), what the
registrant sees afterwards, and the cancel page's body."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from nicegui import ui

from facilitator.countries import countries
from facilitator.i18n import _, current_language
from facilitator.service import FacilitatorService
from facilitator.snapshot import SessionState
from facilitator.worker import run

from ..labels import group_options
from ..shell import attempt
from .join_form import join_form


@dataclass(frozen=True)
class RegistrationInput:
    name: str
    email: str
    organization: str
    group: str
    country: str
    consent: bool
    accessibility_note: str


def registration_privacy(privacy_url: str) -> None:
    """What registering stores, shown in full next to the consent box; the series' own notice is linked."""
    with ui.element('section').props('aria-labelledby=registration-privacy').classes('w-full'):
        ui.label(_('Privacy notice')).classes('text-subtitle1 text-weight-bold') \
            .props('id=registration-privacy role=heading aria-level=3')
        ui.markdown(_(
            '- **What is stored:** your name, email address, organisation, stakeholder group, country and, if you '
            'give one, your note on accessibility needs.\n'
            '- **What for:** to send you your personal link, the calendar invitation, reminders and changes of '
            'date, and to count registrations and attendance by group and country in the report.\n'
            '- **Who sees it:** the organisers and moderators of this session. Your email address is never shown '
            'to other participants.\n'
            '- **Deletion:** cancel at any time with the link in the email. The registration is deleted with the '
            'session’s personal data, within 90 days after the session at the latest.')).classes('text-body2')
        if privacy_url:
            ui.link(_('Read the full privacy notice'), privacy_url, new_tab=True)


def registration_form(privacy_url: str, on_submit: Callable[[RegistrationInput], Awaitable[None]]) -> None:
    """Every field has a visible label; the consent box links to the privacy notice."""
    with ui.card().classes('w-full max-w-xl'):
        ui.label(_('Register')).classes('text-h6').props('role=heading aria-level=2')
        ui.label(_('Fields marked * are required.')).classes('text-body2')
        name = ui.input(_('Your name *')).props('outlined autocomplete=name maxlength=80 aria-required=true') \
            .classes('w-full').mark('reg-name')
        email = ui.input(_('Email *')).props('outlined type=email autocomplete=email maxlength=254 '
                                             'aria-required=true').classes('w-full').mark('reg-email')
        org = ui.input(_('Organisation (optional)')).props('outlined autocomplete=organization maxlength=120') \
            .classes('w-full').mark('reg-organization')
        group = ui.select(group_options(), label=_('Stakeholder group *')).props('outlined') \
            .classes('w-full').mark('reg-group')
        country = ui.select(countries(), label=_('Country *'), with_input=True) \
            .props('outlined autocomplete=off').classes('w-full').mark('reg-country')
        note = ui.textarea(_('Accessibility needs (optional)')).props('outlined maxlength=1000 autogrow') \
            .classes('w-full').mark('reg-note')
        registration_privacy(privacy_url)
        consent = ui.checkbox(_('I agree to the privacy notice *')).mark('reg-consent')

        def submit() -> Awaitable[None]:  # the form as it is at the click
            return on_submit(RegistrationInput(
                name=name.value or '', email=email.value or '', organization=org.value or '',
                group=group.value or '', country=country.value or '', consent=bool(consent.value),
                accessibility_note=note.value or ''))

        ui.button(_('Register'), on_click=submit).props('color=primary unelevated').mark('reg-submit')


def registration_done(url: str | None, *, mail: bool) -> None:
    """What the registrant sees afterwards: where the link went, and the link itself when mail is off."""
    with ui.card().classes('w-full max-w-xl').props('role=status'):
        ui.label(_('You are registered.')).classes('text-h6').props('role=heading aria-level=2')
        if mail:
            ui.label(_('We sent your personal link and a calendar invitation to your email address.'))
        if url:
            ui.label(_('Your personal link. Keep it to yourself: it lets you in as you.'))
            ui.link(url, url).mark('reg-link').classes('break-all')


def registration_section(service: FacilitatorService, code: str, state: SessionState) -> None:
    """The session's title, date and series, then the form; replaced by the confirmation once registered."""
    listing = service.session_listing(code)
    privacy = service.series_public(listing['series'])['privacy_url'] if listing['series'] else ''
    with ui.column().classes('page-wrap gap-3') as page:
        ui.label(state.title).classes('text-h5').props('role=heading aria-level=1')
        local = datetime.fromisoformat(state.starts_at).astimezone(ZoneInfo(state.timezone))
        ui.label(f'{local:%A %d %B %Y, %H:%M} {local.tzname()} · {state.location}').classes('text-subtitle1')
        if listing['series']:
            ui.link(_('← {series}').format(series=listing['series_title']), f'/series/{listing["series"]}')

        async def submit(form: RegistrationInput) -> None:
            language = current_language()  # the page's, read here: the command runs in a worker thread
            done = await attempt(lambda: service.register(
                code, name=form.name, email_address=form.email, organization=form.organization,
                group=form.group or None, country_code=form.country, consent=form.consent,
                accessibility_note=form.accessibility_note, language=language))  # mail in the page's language
            if done is not None:
                page.clear()
                with page:
                    ui.label(state.title).classes('text-h5').props('role=heading aria-level=1')
                    registration_done(done.url, mail=service.mail_enabled)

        registration_form(privacy, submit)


def cancel_section(service: FacilitatorService, registration_id: str, key: str, summary: dict[str, Any]) -> None:
    with ui.column().classes('page-wrap gap-3') as page:
        ui.label(_('Cancel your registration')).classes('text-h5').props('role=heading aria-level=1')
        ui.label(summary['title'])

        async def cancel() -> None:
            cancelled = await run(service.cancel_registration, registration_id, key)
            page.clear()
            with page:
                if cancelled:
                    ui.label(_('Your registration is cancelled. Your personal link no longer works.')) \
                        .props('role=status').mark('cancelled')
                else:
                    ui.label(_('This cancel link is not valid.')).props('role=alert')

        if summary['cancelled']:
            ui.label(_('This registration is cancelled already.'))
        else:
            ui.button(_('Cancel my registration'), on_click=cancel).props('color=negative unelevated') \
                .mark('cancel-registration')


def join_or_register(service: FacilitatorService, code: str,
                     on_join: Callable[[str, str, str, bool], Awaitable[None]]) -> None:
    """The join form; or, when only personal links let people in, where to register instead."""
    if service.session_listing(code)['registration_required']:
        registration_required_notice(code)
    else:
        join_form(on_join, retention_days=service.retention_days)


def registration_required_notice(code: str) -> None:
    """In place of the join form when only personal links let people in."""
    with ui.card().classes('w-full max-w-xl').mark('registration-required-notice'):
        ui.label(_('This session is for registered people')).classes('text-h6').props('role=heading aria-level=2')
        ui.label(_('Open the personal link from your registration email to join. Not registered yet?'))
        ui.link(_('Register for this session'), f'/s/{code}/register')
