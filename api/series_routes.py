"""Series, registration and calendar endpoints (API.md: "Series and registration", "Email")."""

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from facilitator.errors import Forbidden, InvalidInput
from facilitator.i18n import _, current_language
from facilitator.inputs import LinkInput, RegistrationInput, SeriesCreate
from facilitator.series import SeriesInput
from facilitator.service import FacilitatorService
from facilitator.worker import read

from .errors import bearer, json_body

SERIES_FIELDS = ('title', 'description', 'objectives', 'format', 'timezone', 'privacy_url')


def build_series_router(service: FacilitatorService) -> APIRouter:
    router = APIRouter(prefix='/api')

    @router.post('/series', status_code=201)
    async def create_series(request: Request) -> dict[str, Any]:
        actor = service.authenticate(None, bearer(request))
        body = await json_body(request)
        SeriesCreate.parse(body)
        return service.create_series(actor, slug=body['slug'], **{k: body[k] for k in SERIES_FIELDS if k in body})

    @router.patch('/series/{slug}')
    async def update_series(slug: str, request: Request) -> dict[str, Any]:
        actor = service.authenticate(None, bearer(request))
        body = await json_body(request)
        return service.update_series(actor, slug, SeriesInput(**{k: body[k] for k in SERIES_FIELDS if k in body}))

    @router.get('/series/{slug}')
    async def get_series(slug: str) -> dict[str, Any]:
        return service.series_public(slug)

    @router.post('/sessions/{code}/registrations', status_code=201)
    async def register(code: str, request: Request) -> Any:
        form = RegistrationInput.parse(await json_body(request))
        done = service.register(code, name=form.name, email_address=form.email, organization=form.organization,
                                group=form.group, country_code=form.country, consent=form.consent,
                                accessibility_note=form.accessibility_note, language=current_language())
        answer = {'registration_id': done.registration_id, 'url': done.url}
        return answer if done.created else JSONResponse(answer, status_code=200)

    @router.get('/sessions/{code}/registrations')
    async def registrations(code: str, request: Request) -> dict[str, Any]:
        actor = service.authenticate(code, bearer(request))
        return {'registrations': service.registrations(actor, code), 'attendance': service.attendance(actor, code)}

    @router.get('/sessions/{code}/registrations.csv')
    async def registrations_csv(code: str, request: Request) -> Response:
        actor = service.authenticate(code, bearer(request))
        content = await read(service.registrations_file, actor, code)
        return Response(content, media_type='text/csv; charset=utf-8',
                        headers={'Content-Disposition': f'attachment; filename="{code}-registrations.csv"'})

    @router.post('/sessions/{code}/registrations/join', status_code=201)
    async def join_registered(code: str, request: Request) -> dict[str, Any]:
        link = LinkInput.parse(await json_body(request))
        if not link.token:
            raise InvalidInput(_('Missing field: {names}.').format(names='token'))
        return asdict(service.join_registered(code, link.token))

    @router.post('/registrations/{registration_id}/cancel')
    async def cancel(registration_id: str, request: Request) -> dict[str, Any]:
        link = LinkInput.parse(await json_body(request))
        if not link.key:
            raise InvalidInput(_('Missing field: {names}.').format(names='key'))
        if not service.cancel_registration(registration_id, link.key):
            raise Forbidden(_('This cancel link is not valid.'), code='invalid_link')
        return {'cancelled': True}

    @router.get('/sessions/{code}/calendar.ics')
    async def calendar(code: str) -> Response:
        return Response(service.public_calendar(code), media_type='text/calendar; charset=utf-8',
                        headers={'Content-Disposition': f'attachment; filename="{code}.ics"'})

    return router
