"""`/organize`: the organiser signs in, creates sessions from templates and opens the editor."""

from dataclasses import asdict
from zoneinfo import ZoneInfo

from fastapi.responses import RedirectResponse
from nicegui import ui

from facilitator.i18n import _
from facilitator.labels import status_label
from facilitator.templates import TEMPLATES, template_label
from facilitator.vocabulary import short_datetime
from facilitator.worker import run

from ..components.delete_session import delete_session_card
from ..components.links_panel import show_issued_links
from ..components.registrations_panel import registrations_panel
from ..components.series_panel import series_panel
from ..components.session_editor import session_editor
from ..context import UiContext
from ..shell import PAGE_TIMEOUT_S, attempt, browser_id, frame, not_found


def register(ctx: UiContext) -> None:
    service = ctx.service

    @ui.page('/organize', response_timeout=PAGE_TIMEOUT_S)
    async def organize(token: str | None = None) -> RedirectResponse | None:
        if token is not None:
            await attempt(service.organizer_login, token, browser_id())
            return RedirectResponse('/organize', status_code=303)
        frame(_('Organiser'))
        actor = await run(service.organizer_for_browser, browser_id())
        with ui.column().classes('page-wrap gap-4'):
            ui.label(_('Organiser')).classes('text-h4').props('role=heading aria-level=1')
            if actor is None:
                _login_form(ctx)
                return None
            with ui.card().classes('w-full'):
                ui.label(_('Create a session')).classes('text-h6').props('role=heading aria-level=2')
                options = {key: template_label(spec) for key, spec in TEMPLATES.items()}
                template = ui.select(options, value='cop-industry-connect-2025-s2', label=_('Template')) \
                    .props('outlined data-user-label').classes('w-full').mark('template')

                async def create() -> None:
                    issued = await attempt(lambda: service.create_session(actor, template=str(template.value)))
                    if issued is not None:
                        show_issued_links(asdict(issued), then=f'/organize/{issued.code}')

                ui.button(_('Create session'), icon='add', on_click=create).props('unelevated').mark('create')
            series_panel(ctx, actor)
            ui.label(_('Sessions')).classes('text-h6').props('role=heading aria-level=2')
            sessions = await run(service.list_sessions, actor)
            if not sessions:
                ui.label(_('No sessions yet.'))
            with ui.list().props('bordered separator').classes('w-full'):
                for item in sessions:
                    local = item['starts_at'].astimezone(ZoneInfo(item['timezone']))
                    target = f'/organize/{item["code"]}'
                    with ui.item(on_click=lambda target=target: ui.navigate.to(target)).mark('session-item'):
                        with ui.item_section():
                            ui.item_label(item['title']).props('data-user')
                            ui.item_label(f'{item["code"]} · {short_datetime(local)} {local.tzname()}') \
                                .props('caption data-user')
                            ui.item_label(status_label(item['status'])).props('caption')
        return None

    @ui.page('/organize/{code}', response_timeout=PAGE_TIMEOUT_S)
    async def edit_session(code: str) -> None:
        actor = await run(service.organizer_for_browser, browser_id())
        if actor is None:
            frame(_('Organiser'))
            with ui.column().classes('page-wrap'):
                _login_form(ctx)
            return
        found = await run(service.find_code, code)
        if found is None:
            not_found()
            return
        state = await run(service.state, found)
        frame(_('Edit · {title}').format(title=state.title))
        with ui.column().classes('page-wrap gap-4'):
            ui.link(_('← All sessions'), '/organize')
            session_editor(ctx, actor, found)
            delete_session_card(ctx, actor, found)
            await registrations_panel(ctx, actor, found)


def _login_form(ctx: UiContext) -> None:
    with ui.card().classes('w-full max-w-md'):
        ui.label(_('Sign in with the organizer token')).classes('text-h6').props('role=heading aria-level=2')
        ui.label(_('The token is printed when the server starts, or set with FACILITATOR_ADMIN_TOKEN.'))
        token = ui.input(_('Organizer token'), password=True, password_toggle_button=True).props('outlined') \
            .classes('w-full').mark('organizer-token')

        async def sign_in() -> None:
            if await attempt(ctx.service.organizer_login, token.value or '', browser_id()):
                ui.navigate.reload()
            else:
                ui.notify(_('That token is not valid.'), type='negative')

        token.on('keydown.enter', sign_in)
        ui.button(_('Sign in'), on_click=sign_in).props('unelevated').mark('organizer-sign-in')
