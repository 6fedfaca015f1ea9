"""The organiser's series card: email status, each series with its public page, create and edit a series,
the 2025 series from the seed in one click, and a new session in a series from a template."""

from dataclasses import asdict
from typing import Any

from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _
from facilitator.series import SeriesInput
from facilitator.series_seed import create_2025_series
from facilitator.templates import TEMPLATES, template_label
from facilitator.validation import zone_names

from ..context import UiContext
from ..shell import attempt
from .links_panel import show_issued_links


def mail_status(ctx: UiContext) -> None:
    if ctx.service.mail_enabled:
        ui.label(_('Email is on: registrants get their link, reminders and reschedule updates.')) \
            .classes('text-positive').mark('mail-status')
    else:
        ui.label(_('Email is off: no mail is sent. Set FACILITATOR_SMTP_URL and FACILITATOR_MAIL_FROM to send '
                   'confirmations, reminders and calendar updates.')).classes('text-warning').mark('mail-status')


def series_dialog(ctx: UiContext, actor: Actor, current: dict[str, Any] | None) -> None:
    """Create a series (current None) or edit one."""
    values = current or {'slug': '', 'title': '', 'description': '', 'objectives': [], 'format': '',
                         'timezone': 'Europe/Zurich', 'privacy_url': ''}
    with ui.dialog() as dialog, ui.card().classes('w-full max-w-2xl'):
        ui.label(_('Edit the series') if current else _('New series')).classes('text-h6') \
            .props('role=heading aria-level=2')
        slug = ui.input(_('Address (slug), e.g. cop-industry-connect-2026'), value=values['slug']) \
            .props('outlined' + (' readonly' if current else '')).classes('w-full').mark('series-slug')
        title = ui.input(_('Title'), value=values['title']).props('outlined maxlength=200').classes('w-full') \
            .mark('series-title')
        about = ui.textarea(_('About'), value=values['description']).props('outlined autogrow').classes('w-full')
        objectives = ui.textarea(_('Objectives, one per line'), value='\n'.join(values['objectives'])) \
            .props('outlined autogrow').classes('w-full')
        form = ui.textarea(_('Format'), value=values['format']).props('outlined autogrow').classes('w-full')
        zone = ui.select(zone_names(), value=values['timezone'], label=_('Time zone'), with_input=True) \
            .props('outlined').classes('w-full')
        privacy = ui.input(_('Privacy notice link (optional)'), value=values['privacy_url']) \
            .props('outlined').classes('w-full')

        async def save() -> None:
            changes = SeriesInput(title=title.value, description=about.value, objectives=objectives.value,
                                  format=form.value, timezone=zone.value, privacy_url=privacy.value)
            if current:
                done = await attempt(lambda: ctx.service.update_series(actor, current['slug'], changes))
            else:
                done = await attempt(lambda: ctx.service.create_series(actor, slug=slug.value, **asdict(changes)))
            if done is not None:
                dialog.close()
                ui.navigate.reload()

        with ui.row().classes('gap-2'):
            ui.button(_('Save'), on_click=save).props('unelevated').mark('series-save')
            ui.button(_('Close'), on_click=dialog.close).props('flat')
    dialog.open()


def series_panel(ctx: UiContext, actor: Actor) -> None:
    service = ctx.service
    with ui.card().classes('w-full'):
        ui.label(_('Series')).classes('text-h6').props('role=heading aria-level=2')
        mail_status(ctx)
        all_series = service.list_series(actor)
        for item in all_series:
            with ui.row().classes('items-center gap-2 w-full'):
                ui.link(item['title'], f'/series/{item["slug"]}').classes('grow').mark('series-link')
                ui.button(_('Edit'), icon='edit', on_click=lambda slug=item['slug']: series_dialog(
                    ctx, actor, service.series_public(slug))).props(f'flat aria-label="{_("Edit")} {item["title"]}"')

        async def seed() -> None:
            if await attempt(lambda: create_2025_series(service, actor)) is not None:
                ui.notify(_('The 2025 series and its four sessions are ready. Open a session to get its staff '
                            'links ("Regenerate staff links").'), type='positive', multi_line=True)
                ui.navigate.reload()

        with ui.row().classes('gap-2 flex-wrap'):
            ui.button(_('New series'), icon='add', on_click=lambda: series_dialog(ctx, actor, None)) \
                .props('outline').mark('series-new')
            ui.button(_('Create the 2025 series from the seed'), icon='event_repeat', on_click=seed) \
                .props('outline').mark('series-seed')
        if all_series:
            new_session_in_series(ctx, actor, all_series)


def new_session_in_series(ctx: UiContext, actor: Actor, all_series: list[dict[str, Any]]) -> None:
    """Templates become "new session in this series"."""
    ui.label(_('New session in a series')).classes('text-subtitle1').props('role=heading aria-level=3')
    with ui.row().classes('items-center gap-2 flex-wrap w-full'):
        series = ui.select({s['slug']: s['title'] for s in all_series}, value=all_series[0]['slug'],
                           label=_('Series')).props('outlined dense').classes('w-72').mark('series-choice')
        template = ui.select({k: template_label(t) for k, t in TEMPLATES.items()}, value='custom',
                             label=_('Template')).props('outlined dense').classes('w-72').mark('series-template')
        required = ui.checkbox(_('Registration required')).mark('series-registration-required')

        async def create() -> None:
            issued = await attempt(lambda: ctx.service.create_session(
                actor, template=str(template.value), series=series.value, registration_required=bool(required.value)))
            if issued is not None:
                show_issued_links(asdict(issued), then=f'/organize/{issued.code}')

        ui.button(_('Create session in series'), icon='add', on_click=create).props('unelevated') \
            .mark('series-create-session')
