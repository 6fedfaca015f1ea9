"""`/s/{code}/outcome`: the public, anonymised outcome of a session, exactly as it was published (404 until then).

Staff open `?preview=1` to see what publishing now would show."""

from html import escape
from pathlib import Path

from fastapi.responses import HTMLResponse
from nicegui import ui

from facilitator.errors import DomainError
from facilitator.i18n import _, current_language, is_rtl
from facilitator.outcome_view import OutcomeView
from facilitator.types import Role
from facilitator.worker import read, run

from ..components.outcome_sections import outcome_page
from ..components.staff_gate import staff_actor
from ..context import UiContext
from ..shell import PAGE_TIMEOUT_S, frame

STATIC = Path(__file__).resolve().parent.parent / 'static'


def unpublished() -> HTMLResponse:
    """A real 404, in the reader's language, for an outcome that is not published (or a code that is unknown)."""
    language = current_language()
    title, text = _('Not published'), _('The outcome of this session has not been published.')
    body = (f'<!doctype html><html lang="{escape(language)}" dir="{"rtl" if is_rtl(language) else "ltr"}"><head>'
            f'<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(title)} · facilitator</title></head>'
            f'<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem">'
            f'<h1>{escape(title)}</h1><p>{escape(text)}</p><p><a href="/">{escape(_("Enter another code"))}</a></p>'
            f'</body></html>')
    return HTMLResponse(body, status_code=404)


async def preview_of(ctx: UiContext, code: str) -> OutcomeView | None:
    """What publishing now would show, for the session's staff only."""
    found = await run(ctx.service.find_code, code)
    if found is None:
        return None
    actor = await staff_actor(ctx.service, found, Role.MODERATOR) \
        or await staff_actor(ctx.service, found, Role.RAPPORTEUR)
    if actor is None:
        return None
    return await read(ctx.service.outcome_preview, actor, found)


def register(ctx: UiContext) -> None:
    @ui.page('/s/{code}/outcome', response_timeout=PAGE_TIMEOUT_S)
    async def outcome(code: str, preview: str = '') -> HTMLResponse | None:
        try:
            shown = await preview_of(ctx, code) if preview else await read(ctx.service.outcome, code)
        except DomainError:
            shown = None
        if shown is None:
            return unpublished()
        frame(_('Outcome · {title}').format(title=shown.title))
        ui.add_css((STATIC / 'outcome.css').read_text())
        if preview:
            ui.label(_('Preview: this is what publishing now would show. It is not public until it is published.')) \
                .classes('oc-preview no-print').props('role=status').mark('outcome-preview')
        outcome_page(shown)
        return None
