"""The public registration form: name, email, organisation, group, country, consent and an accessibility note."""

from collections.abc import Callable
from dataclasses import dataclass

from nicegui import ui

from facilitator.countries import countries
from facilitator.i18n import _

from ..labels import group_options
from .join_form import privacy_notice


@dataclass(frozen=True)
class RegistrationInput:
    name: str
    email: str
    organization: str
    group: str
    country: str
    consent: bool
    accessibility_note: str


def registration_form(title: str, privacy_url: str, on_submit: Callable[[RegistrationInput], None]) -> None:
    """Every field has a visible label; the consent box links to the privacy notice."""
    with ui.card().classes('w-full max-w-xl'):
        ui.label(_('Register for {title}').format(title=title)).classes('text-h6') \
            .props('role=heading aria-level=2')
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
        with ui.row().classes('items-center gap-1 no-wrap'):
            consent = ui.checkbox(_('I agree to the privacy notice *')).mark('reg-consent')
        if privacy_url:
            ui.link(_('Read the privacy notice'), privacy_url, new_tab=True)
        privacy_notice()

        def submit() -> None:
            on_submit(RegistrationInput(
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
