"""Poll endpoints: the moderator drafts, edits, moves and deletes polls; participants answer.

Opening, closing and showing results are control actions (`api/control.py`)."""

from fastapi import APIRouter, Request, Response

from facilitator.actors import MODERATION, PARTICIPANT
from facilitator.answers import PollAnswered
from facilitator.feature_views import StaffPollView
from facilitator.i18n import _
from facilitator.inputs import BlockedWordInput, PollAnswerInput, PollInput, PollPatch
from facilitator.service import FacilitatorService
from facilitator.worker import run

from .access import by_id, caller
from .errors import json_body


def _poll(service: FacilitatorService, code: str, poll_id: str) -> StaffPollView:
    return by_id(service.state(code, staff=True).polls, poll_id, _('There is no such poll.'), 'poll_not_found')


def build_poll_router(service: FacilitatorService) -> APIRouter:
    router = APIRouter(prefix='/api/sessions/{code}/polls')

    @router.post('', status_code=201)
    async def add_poll(code: str, request: Request) -> StaffPollView:
        actor = await caller(service, code, request, MODERATION)
        new = PollInput.parse(await json_body(request))
        poll_id = await run(service.add_poll, actor, code, question=new.question, kind=new.kind,
                            options=new.options, multiple=new.multiple, room_id=new.room_id)
        return await run(_poll, service, code, poll_id)

    @router.patch('/{poll_id}')
    async def update_poll(code: str, poll_id: str, request: Request) -> StaffPollView:
        actor = await caller(service, code, request, MODERATION)
        patch = PollPatch.parse(await json_body(request))
        await run(service.update_poll, actor, code, poll_id, question=patch.question, options=patch.options,
                  multiple=patch.multiple, position=patch.position)
        return await run(_poll, service, code, poll_id)

    @router.delete('/{poll_id}', status_code=204)
    async def remove_poll(code: str, poll_id: str, request: Request) -> Response:
        actor = await caller(service, code, request)
        await run(service.remove_poll, actor, code, poll_id)
        return Response(status_code=204)

    @router.post('/{poll_id}/blocked_words')
    async def block_word(code: str, poll_id: str, request: Request) -> StaffPollView:
        actor = await caller(service, code, request, MODERATION)
        word = BlockedWordInput.parse(await json_body(request)).word
        await run(service.block_poll_word, actor, code, poll_id, word)
        return await run(_poll, service, code, poll_id)

    @router.post('/{poll_id}/answer')
    async def answer(code: str, poll_id: str, request: Request) -> PollAnswered:
        actor = await caller(service, code, request, PARTICIPANT)
        answer_in = PollAnswerInput.parse(await json_body(request))
        await run(service.answer_poll, actor, code, poll_id, choices=answer_in.choices, value=answer_in.value,
                  words=answer_in.words)
        return PollAnswered(poll_id=poll_id)

    return router
