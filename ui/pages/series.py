"""`/series/{slug}`: the public series page; `/s/{code}/register`: registration; the cancel link of the email."""

from nicegui import ui

from facilitator.errors import DomainError
from facilitator.i18n import _
from facilitator.worker import read

from ..components.registration_form import cancel_section, registration_section
from ..components.series_view import series_intro, series_sessions
from ..components.solution_list import series_solutions
from ..context import UiContext
from ..shell import frame, not_found


def register(ctx: UiContext) -> None:
    service = ctx.service

    @ui.page('/series/{slug}')
    async def series_page(slug: str) -> None:
        try:
            series = await read(service.series_public, slug)
            solutions = await read(service.series_solutions, slug)
        except DomainError:
            not_found(_('There is no series with this name.'))
            return
        frame(series['title'])
        with ui.column().classes('page-wrap series-page gap-2'):
            series_intro(series)
            series_sessions(ctx, series)
            series_solutions(ctx, solutions)

    @ui.page('/s/{code}/register')
    async def registration_page(code: str) -> None:
        found = await read(service.find_code, code)
        if found is None:
            not_found()
            return
        state = await read(service.state, found)
        frame(_('Register · {title}').format(title=state.title))
        registration_section(service, found, state)

    @ui.page('/registration/{registration_id}/cancel')
    async def cancel_page(registration_id: str, k: str = '') -> None:
        summary = await read(service.registration_summary, registration_id)
        if summary is None:
            not_found(_('This registration does not exist any more.'))
            return
        frame(_('Cancel registration'))
        cancel_section(service, registration_id, k, summary)
