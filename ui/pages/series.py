"""`/series/{slug}`: the public series page; `/s/{code}/register`: registration; the cancel link of the email."""

from nicegui import ui

from facilitator.errors import DomainError
from facilitator.i18n import _

from ..components.registration_form import cancel_section, registration_section
from ..components.series_view import series_intro, series_sessions
from ..components.solution_list import series_solutions
from ..context import UiContext
from ..shell import frame, not_found


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
            series_solutions(ctx, service.series_solutions(slug))

    @ui.page('/s/{code}/register')
    def registration_page(code: str) -> None:
        found = service.find_code(code)
        if found is None:
            not_found()
            return
        state = service.state(found)
        frame(_('Register · {title}').format(title=state.title))
        registration_section(service, found, state)

    @ui.page('/registration/{registration_id}/cancel')
    def cancel_page(registration_id: str, k: str = '') -> None:
        summary = service.registration_summary(registration_id)
        if summary is None:
            not_found(_('This registration does not exist any more.'))
            return
        frame(_('Cancel registration'))
        cancel_section(service, registration_id, k, summary)
