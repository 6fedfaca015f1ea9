"""Series, registration and calendar endpoints (API.md: "Series and registration", "Email")."""

from fastapi import APIRouter, Request, Response

from facilitator.answers import (
    AttendanceSummary,
    RegistrationCancelled,
    RegistrationReceipt,
    RegistrationRow,
    Registrations,
    SeriesView,
)
from facilitator.errors import Forbidden, InvalidInput
from facilitator.i18n import _, current_language
from facilitator.inputs import LinkInput, RegistrationInput, SeriesCreate
from facilitator.people import Joined
from facilitator.series import SeriesInput
from facilitator.service import FacilitatorService
from facilitator.worker import read, run

from .access import caller
from .errors import json_body
from .files import download, file_responses

SERIES_FIELDS = ('title', 'description', 'objectives', 'format', 'timezone', 'privacy_url')


def build_series_router(service: FacilitatorService) -> APIRouter:
    router = APIRouter(prefix='/api')

    @router.post('/series', status_code=201)
    async def create_series(request: Request) -> SeriesView:
        actor = await caller(service, None, request)
        body = await json_body(request)
        SeriesCreate.parse(body)
        created = await run(service.create_series, actor, slug=body['slug'],
                            **{k: body[k] for k in SERIES_FIELDS if k in body})
        return SeriesView.model_validate(created)

    @router.patch('/series/{slug}')
    async def update_series(slug: str, request: Request) -> SeriesView:
        actor = await caller(service, None, request)
        body = await json_body(request)
        changes = SeriesInput(**{k: body[k] for k in SERIES_FIELDS if k in body})
        return SeriesView.model_validate(await run(service.update_series, actor, slug, changes))

    @router.get('/series/{slug}')
    async def get_series(slug: str) -> SeriesView:
        return SeriesView.model_validate(await read(service.series_public, slug))

    @router.post('/sessions/{code}/registrations', status_code=201)
    async def register(code: str, request: Request, response: Response) -> RegistrationReceipt:
        """201 with a new registration; 200 with the same one when this email had registered (the link is sent
        again)."""
        form = RegistrationInput.parse(await json_body(request))
        done = await run(service.register, code, name=form.name, email_address=form.email,
                         organization=form.organization, group=form.group, country_code=form.country,
                         consent=form.consent, accessibility_note=form.accessibility_note,
                         language=current_language())
        if not done.created:
            response.status_code = 200
        return RegistrationReceipt(registration_id=done.registration_id, url=done.url)

    @router.get('/sessions/{code}/registrations')
    async def registrations(code: str, request: Request) -> Registrations:
        actor = await caller(service, code, request)
        rows = await read(service.registrations, actor, code)
        summary = await read(service.attendance, actor, code)
        return Registrations(registrations=[RegistrationRow(**row) for row in rows],
                             attendance=AttendanceSummary.model_validate(summary) if summary else None)

    @router.get('/sessions/{code}/registrations.csv', response_class=Response,
                responses=file_responses('the registrant list (UTF-8 with a BOM)', 'text/csv'))
    async def registrations_csv(code: str, request: Request) -> Response:
        actor = await caller(service, code, request)
        content = await read(service.registrations_file, actor, code)
        return download(content, 'text/csv; charset=utf-8', f'{code}-registrations.csv')

    @router.post('/sessions/{code}/registrations/join', status_code=201)
    async def join_registered(code: str, request: Request) -> Joined:
        link = LinkInput.parse(await json_body(request))
        if not link.token:
            raise InvalidInput(_('Missing field: {names}.').format(names='token'))
        return await run(service.join_registered, code, link.token)

    @router.post('/registrations/{registration_id}/cancel')
    async def cancel(registration_id: str, request: Request) -> RegistrationCancelled:
        link = LinkInput.parse(await json_body(request))
        if not link.key:
            raise InvalidInput(_('Missing field: {names}.').format(names='key'))
        if not await run(service.cancel_registration, registration_id, link.key):
            raise Forbidden(_('This cancel link is not valid.'), code='invalid_link')
        return RegistrationCancelled()

    @router.get('/sessions/{code}/calendar.ics', response_class=Response,
                responses=file_responses('an iCalendar event', 'text/calendar'))
    async def calendar(code: str) -> Response:
        return download(await read(service.public_calendar, code), 'text/calendar; charset=utf-8', f'{code}.ics')

    return router
