"""Staff pages: swap `?key=` for a grant on this browser, and ask once for a display name."""

from fastapi.responses import RedirectResponse
from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _
from facilitator.service import FacilitatorService
from facilitator.types import Role
from facilitator.worker import run

from ..shell import attempt, browser_id, frame


async def swap_key(service: FacilitatorService, code: str, key: str | None, page: str) -> RedirectResponse | None:
    """A staff link carries `?key=`: remember the browser, then redirect to the same URL without the key."""
    if key is None:
        return None
    await attempt(service.grant_staff, code, key, browser_id())
    return RedirectResponse(f'/s/{code}/{page}', status_code=303)


async def staff_actor(service: FacilitatorService, code: str, role: Role) -> Actor | None:
    """The staff member on this browser; a signed-in organiser may act as the moderator of any session."""
    browser = browser_id()
    actor = await run(service.staff_for_browser, code, browser, role)
    if actor is None and role == Role.MODERATOR:
        actor = await run(service.organizer_for_browser, browser)
    return actor


def refused(role: Role) -> None:
    frame(_('Staff link needed'))
    with ui.column().classes('page-wrap items-start gap-3'):
        ui.label(_('This page needs a staff link')).classes('text-h5').props('role=heading aria-level=1')
        what = _('moderator') if role == Role.MODERATOR else _('rapporteur')
        ui.label(_('Open the {role} link the organiser gave you. If the links were regenerated, ask for the new '
                   'one.').format(role=what)).mark('refused')


def ask_name(service: FacilitatorService, actor: Actor, code: str) -> None:
    """The first visit asks for the name used as "who" in notes and moderation logs."""
    with ui.card().classes('w-full max-w-md'):
        ui.label(_('What is your name?')).classes('text-h6').props('role=heading aria-level=2')
        ui.label(_('It appears in notes and moderation logs. You are asked only once.'))
        name = ui.input(_('Your display name')).props('outlined maxlength=80 autocomplete=name').mark('staff-name')

        async def save() -> None:
            if await attempt(service.set_staff_name, actor, code, browser_id(), name.value):
                ui.navigate.reload()

        name.on('keydown.enter', save)
        ui.button(_('Continue'), on_click=save).props('unelevated').mark('staff-name-save')
