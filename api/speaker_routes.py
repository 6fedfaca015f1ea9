"""Speaker queue and raised-hand endpoints."""

from typing import Any

from fastapi import APIRouter, Request, Response

from facilitator.errors import NotFound
from facilitator.i18n import _
from facilitator.service import FacilitatorService
from facilitator.worker import run

from .errors import bearer, json_body, require_fields


def _speaker(service: FacilitatorService, code: str, speaker_id: str) -> dict[str, Any]:
    for speaker in service.state(code, staff=True)['speakers']:
        if speaker['id'] == speaker_id:
            return speaker
    raise NotFound(_('There is no such speaker.'), code='speaker_not_found')


def build_speaker_router(service: FacilitatorService) -> APIRouter:
    router = APIRouter(prefix='/api/sessions/{code}')

    @router.post('/speakers', status_code=201)
    async def add_speaker(code: str, request: Request) -> dict[str, Any]:
        actor = await run(service.authenticate, code, bearer(request))
        body = await json_body(request)
        require_fields(body, 'name')
        speaker_id = await run(service.add_speaker, actor, code, name=body['name'],
                               organization=body.get('organization', ''), title=body.get('title', ''),
                               planned_seconds=body.get('planned_seconds'))
        return await run(_speaker, service, code, speaker_id)

    @router.patch('/speakers/{speaker_id}')
    async def update_speaker(code: str, speaker_id: str, request: Request) -> dict[str, Any]:
        actor = await run(service.authenticate, code, bearer(request))
        body = await json_body(request)
        await run(service.update_speaker, actor, code, speaker_id, name=body.get('name'),
                  organization=body.get('organization'), title=body.get('title'),
                  planned_seconds=body.get('planned_seconds'))
        return await run(_speaker, service, code, speaker_id)

    @router.delete('/speakers/{speaker_id}', status_code=204)
    async def remove_speaker(code: str, speaker_id: str, request: Request) -> Response:
        actor = await run(service.authenticate, code, bearer(request))
        await run(service.remove_speaker, actor, code, speaker_id)
        return Response(status_code=204)

    @router.post('/hand')
    async def raise_hand(code: str, request: Request) -> dict[str, Any]:
        actor = await run(service.authenticate, code, bearer(request))
        body = await json_body(request)
        hand_id = await run(service.raise_hand, actor, code, body.get('type', 'question'))
        return {'raised': True, 'speaker': await run(_speaker, service, code, hand_id)}

    @router.delete('/hand')
    async def lower_hand(code: str, request: Request) -> dict[str, Any]:
        actor = await run(service.authenticate, code, bearer(request))
        return {'raised': False, 'lowered': await run(service.lower_hand, actor, code)}

    return router
