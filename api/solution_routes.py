"""A series' actionable solutions and its report (API.md: "Series and registration", "Solutions").

The list is public. Editing takes the organizer token or a staff key of a session in the series."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from facilitator.service import FacilitatorService
from facilitator.solution_inputs import AdoptInput, SolutionInput, SolutionNoteInput, SolutionPatch
from facilitator.solution_views import SeriesSolutions, SolutionView
from facilitator.worker import read, run

from .errors import bearer, json_body
from .files import DOCX, download, file_responses


def build_solution_router(service: FacilitatorService) -> APIRouter:
    router = APIRouter(prefix='/api/series/{slug}')

    @router.get('/solutions')
    async def solutions(slug: str) -> SeriesSolutions:
        """Public: the series' solutions with status, owner, stakeholder support and follow-up notes."""
        return await run(service.series_solutions, slug)

    @router.post('/solutions', status_code=201)
    async def add_solution(slug: str, request: Request) -> SolutionView:
        """Adopt a tagged post (`session`, `post_id`) or add a solution by hand (`text`, `topic`, `owner`)."""
        actor = await run(service.authenticate_series, slug, bearer(request))
        body = await json_body(request)
        if 'post_id' in body:
            adopt = AdoptInput.parse(body)
            code = str(body.get('session') or '')
            return await run(service.adopt_solution, actor, code, adopt.post_id, series_slug=slug)
        return await run(service.add_solution, actor, slug, SolutionInput.parse(body))

    @router.patch('/solutions/{solution_id}')
    async def update_solution(slug: str, solution_id: str, request: Request) -> SolutionView:
        """Change the owner, status (proposed, committed, in_progress, done), text or topic."""
        actor = await run(service.authenticate_series, slug, bearer(request))
        patch = SolutionPatch.parse(await json_body(request))
        return await run(service.update_solution, actor, slug, solution_id, patch)

    @router.post('/solutions/{solution_id}/notes', status_code=201)
    async def add_note(slug: str, solution_id: str, request: Request) -> SolutionView:
        """A dated follow-up note, signed with the author's role."""
        actor = await run(service.authenticate_series, slug, bearer(request))
        note = SolutionNoteInput.parse(await json_body(request))
        return await run(service.add_solution_note, actor, slug, solution_id, note.text)

    @router.get('/report', response_class=Response, responses=file_responses(
        'the series report (`format`: docx, pdf or csv)', DOCX, 'application/pdf', 'text/csv'))
    async def report(slug: str, request: Request, format: Annotated[str, Query()] = 'docx') -> Response:
        """The series report (sessions, attendance per group, solutions with notes) as `docx`, `pdf` or `csv`."""
        actor = await run(service.authenticate_series, slug, bearer(request))
        file = await read(service.series_report_file, actor, slug, format)
        return download(file.content, file.media_type, file.filename)

    return router
