"""Speaker queue and raised-hand endpoints."""

from fastapi import APIRouter, Request, Response

from facilitator.actors import MODERATION, PARTICIPANT
from facilitator.answers import HandLowered, HandRaised
from facilitator.errors import NotFound
from facilitator.i18n import _
from facilitator.inputs import FloorPersonInput, HandInput, SpeakerInput, SpeakerPatch
from facilitator.service import FacilitatorService
from facilitator.snapshot import NewSpeakerView, SpeakerView
from facilitator.worker import run

from .access import by_id, caller
from .errors import json_body


def _speaker(service: FacilitatorService, code: str, speaker_id: str) -> SpeakerView:
    return by_id(service.state(code, staff=True).speakers, speaker_id, _('There is no such speaker.'),
                 'speaker_not_found')


def build_speaker_router(service: FacilitatorService) -> APIRouter:
    router = APIRouter(prefix='/api/sessions/{code}')

    @router.post('/speakers', status_code=201)
    async def add_speaker(code: str, request: Request) -> NewSpeakerView:
        actor = await caller(service, code, request, MODERATION)
        new = SpeakerInput.parse(await json_body(request))
        speaker_id = await run(service.add_speaker, actor, code, name=new.name, organization=new.organization,
                               title=new.title, planned_seconds=new.planned_seconds)
        speaker = await run(_speaker, service, code, speaker_id)
        presenter = await run(service.presenter_cue, code, speaker_id)
        return NewSpeakerView(**speaker.model_dump(), presenter_url=presenter.presenter_url if presenter else None)

    @router.patch('/speakers/{speaker_id}')
    async def update_speaker(code: str, speaker_id: str, request: Request) -> SpeakerView:
        actor = await caller(service, code, request, MODERATION)
        patch = SpeakerPatch.parse(await json_body(request))
        await run(service.update_speaker, actor, code, speaker_id, name=patch.name, organization=patch.organization,
                  title=patch.title, planned_seconds=patch.planned_seconds)
        return await run(_speaker, service, code, speaker_id)

    @router.delete('/speakers/{speaker_id}', status_code=204)
    async def remove_speaker(code: str, speaker_id: str, request: Request) -> Response:
        actor = await caller(service, code, request)
        await run(service.remove_speaker, actor, code, speaker_id)
        return Response(status_code=204)

    @router.post('/floor', status_code=201)
    async def add_floor_speaker(code: str, request: Request) -> SpeakerView:
        """Someone in the room joins the speaker line (the floor manager's phone): name, organisation, group."""
        actor = await caller(service, code, request, MODERATION)
        new = FloorPersonInput.parse(await json_body(request))
        person = await run(service.add_floor_speaker, actor, code, name=new.name, organization=new.organization,
                           group=new.group, hand_type=new.type)
        state = await run(service.state, code, staff=True)
        hand = next((s for s in state.speakers if s.participant_id == person and s.state == 'waiting'), None)
        if hand is None:  # called or removed by the console in the meantime
            raise NotFound(_('There is no such speaker.'), code='speaker_not_found')
        return hand

    @router.post('/hand')
    async def raise_hand(code: str, request: Request) -> HandRaised:
        actor = await caller(service, code, request, PARTICIPANT)
        hand = HandInput.parse(await json_body(request))
        hand_id = await run(service.raise_hand, actor, code, hand.type)
        return HandRaised(speaker=await run(_speaker, service, code, hand_id))

    @router.delete('/hand')
    async def lower_hand(code: str, request: Request) -> HandLowered:
        actor = await caller(service, code, request)
        return HandLowered(lowered=await run(service.lower_hand, actor, code))

    return router
