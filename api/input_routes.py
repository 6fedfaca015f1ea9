"""Rooms, posts, votes, questions and moderation endpoints."""

from typing import Any

from fastapi import APIRouter, Request

from facilitator.service import FacilitatorService
from facilitator.worker import run

from .errors import bearer, json_body, require_fields


def build_input_router(service: FacilitatorService) -> APIRouter:
    router = APIRouter(prefix='/api/sessions/{code}')

    @router.post('/rooms/{room_id}/join')
    async def join_room(code: str, room_id: str, request: Request) -> dict[str, Any]:
        actor = await run(service.authenticate, code, bearer(request))
        await run(service.join_room, actor, code, room_id)
        return {'room_id': room_id, 'joined': True}

    @router.post('/rooms/{room_id}/posts', status_code=201)
    async def add_post(code: str, room_id: str, request: Request) -> dict[str, Any]:
        actor = await run(service.authenticate, code, bearer(request))
        body = await json_body(request)
        require_fields(body, 'text')
        post_id = await run(service.add_post, actor, code, room_id, text=body['text'],
                            kind=body.get('kind', 'comment'), anonymous=body.get('anonymous', False))
        return await run(service.post_snapshot, code, post_id)

    @router.post('/questions', status_code=201)
    async def add_question(code: str, request: Request) -> dict[str, Any]:
        actor = await run(service.authenticate, code, bearer(request))
        body = await json_body(request)
        require_fields(body, 'text')
        post_id = await run(service.add_question, actor, code, text=body['text'],
                            anonymous=body.get('anonymous', False))
        return await run(service.post_snapshot, code, post_id)

    @router.post('/posts/{post_id}/vote')
    async def vote(code: str, post_id: str, request: Request) -> dict[str, Any]:
        actor = await run(service.authenticate, code, bearer(request))
        return {'votes': await run(service.cast_vote, actor, code, post_id), 'voted': True}

    @router.delete('/posts/{post_id}/vote')
    async def unvote(code: str, post_id: str, request: Request) -> dict[str, Any]:
        actor = await run(service.authenticate, code, bearer(request))
        return {'votes': await run(service.withdraw_vote, actor, code, post_id), 'voted': False}

    @router.patch('/posts/{post_id}')
    async def edit_post(code: str, post_id: str, request: Request) -> dict[str, Any]:
        actor = await run(service.authenticate, code, bearer(request))
        body = await json_body(request)
        require_fields(body, 'text')
        await run(service.edit_post, actor, code, post_id, text=body['text'])
        return {'id': post_id, 'edited': True}

    @router.delete('/posts/{post_id}')
    async def delete_post(code: str, post_id: str, request: Request) -> dict[str, Any]:
        actor = await run(service.authenticate, code, bearer(request))
        await run(service.delete_post, actor, code, post_id)
        return {'id': post_id, 'deleted': True}

    @router.post('/posts/{post_id}/moderate')
    async def moderate_post(code: str, post_id: str, request: Request) -> dict[str, Any]:
        actor = await run(service.authenticate, code, bearer(request))
        body = await json_body(request)
        require_fields(body, 'action')
        await run(service.moderate_post, actor, code, post_id, body['action'], tag=body.get('tag'),
                  reason=body.get('reason', ''))
        return {'id': post_id, 'action': body['action'], 'done': True}

    @router.post('/participants/{participant_id}/moderate')
    async def moderate_participant(code: str, participant_id: str, request: Request) -> dict[str, Any]:
        actor = await run(service.authenticate, code, bearer(request))
        body = await json_body(request)
        require_fields(body, 'action')
        await run(service.moderate_participant, actor, code, participant_id, body['action'], name=body.get('name'),
                  reason=body.get('reason', ''))
        return {'id': participant_id, 'action': body['action'], 'done': True}

    @router.post('/help')
    async def call_moderator(code: str, request: Request) -> dict[str, Any]:
        actor = await run(service.authenticate, code, bearer(request))
        await run(service.call_moderator, actor, code)
        return {'called': True}

    return router
