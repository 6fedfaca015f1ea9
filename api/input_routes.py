"""Rooms, posts, votes, questions and moderation endpoints."""

from fastapi import APIRouter, Request

from facilitator.actors import MODERATION, PARTICIPANT, STAFF
from facilitator.answers import (
    HelpCalled,
    HiddenPosts,
    ParticipantModerated,
    PostDeleted,
    PostEdited,
    PostModerated,
    RoomJoined,
    SummarySaved,
    VoteCount,
)
from facilitator.inputs import (
    ParticipantModeration,
    PostEdit,
    PostInput,
    PostModeration,
    QuestionInput,
    RoomSummary,
)
from facilitator.service import FacilitatorService
from facilitator.snapshot import StaffPostView, StaffQuestionView
from facilitator.worker import run

from .access import caller
from .errors import json_body


def build_input_router(service: FacilitatorService) -> APIRouter:
    router = APIRouter(prefix='/api/sessions/{code}')

    @router.post('/rooms/{room_id}/join')
    async def join_room(code: str, room_id: str, request: Request) -> RoomJoined:
        actor = await caller(service, code, request)
        await run(service.join_room, actor, code, room_id)
        return RoomJoined(room_id=room_id)

    @router.post('/rooms/{room_id}/posts', status_code=201)
    async def add_post(code: str, room_id: str, request: Request) -> StaffPostView | StaffQuestionView:
        actor = await caller(service, code, request, PARTICIPANT)
        post = PostInput.parse(await json_body(request))
        post_id = await run(service.add_post, actor, code, room_id, text=post.text, kind=post.kind,
                            anonymous=post.anonymous)
        return await run(service.post_snapshot, code, post_id)

    @router.post('/questions', status_code=201)
    async def add_question(code: str, request: Request) -> StaffPostView | StaffQuestionView:
        actor = await caller(service, code, request, PARTICIPANT)
        question = QuestionInput.parse(await json_body(request))
        post_id = await run(service.add_question, actor, code, text=question.text, anonymous=question.anonymous)
        return await run(service.post_snapshot, code, post_id)

    @router.post('/posts/{post_id}/vote')
    async def vote(code: str, post_id: str, request: Request) -> VoteCount:
        actor = await caller(service, code, request)
        return VoteCount(votes=await run(service.cast_vote, actor, code, post_id), voted=True)

    @router.delete('/posts/{post_id}/vote')
    async def unvote(code: str, post_id: str, request: Request) -> VoteCount:
        actor = await caller(service, code, request)
        return VoteCount(votes=await run(service.withdraw_vote, actor, code, post_id), voted=False)

    @router.patch('/posts/{post_id}')
    async def edit_post(code: str, post_id: str, request: Request) -> PostEdited:
        actor = await caller(service, code, request, PARTICIPANT)
        edit = PostEdit.parse(await json_body(request))
        await run(service.edit_post, actor, code, post_id, text=edit.text)
        return PostEdited(id=post_id)

    @router.delete('/posts/{post_id}')
    async def delete_post(code: str, post_id: str, request: Request) -> PostDeleted:
        actor = await caller(service, code, request)
        await run(service.delete_post, actor, code, post_id)
        return PostDeleted(id=post_id)

    @router.post('/posts/{post_id}/moderate')
    async def moderate_post(code: str, post_id: str, request: Request) -> PostModerated:
        actor = await caller(service, code, request, STAFF)
        order = PostModeration.parse(await json_body(request))
        await run(service.moderate_post, actor, code, post_id, order.action, tag=order.tag, reason=order.reason)
        return PostModerated(id=post_id, action=order.action)

    @router.post('/participants/{participant_id}/moderate')
    async def moderate_participant(code: str, participant_id: str, request: Request) -> ParticipantModerated:
        actor = await caller(service, code, request, MODERATION)
        order = ParticipantModeration.parse(await json_body(request))
        await run(service.moderate_participant, actor, code, participant_id, order.action, name=order.name,
                  reason=order.reason)
        return ParticipantModerated(id=participant_id, action=order.action)

    @router.post('/help')
    async def call_moderator(code: str, request: Request) -> HelpCalled:
        actor = await caller(service, code, request)
        await run(service.call_moderator, actor, code)
        return HelpCalled()

    @router.post('/rooms/{room_id}/summary')
    async def room_summary(code: str, room_id: str, request: Request) -> SummarySaved:
        """A rapporteur's short summary of a room; `ready` (default true) shows it in the room's report-back."""
        actor = await caller(service, code, request, STAFF)
        summary = RoomSummary.parse(await json_body(request))
        await run(service.set_room_summary, actor, code, room_id, text=summary.text, ready=summary.ready)
        return SummarySaved(room_id=room_id, ready=summary.ready)

    @router.get('/hidden')
    async def hidden_posts(code: str, request: Request) -> HiddenPosts:
        """Hidden posts and questions with their reasons, newest first (staff); `unhide` restores one."""
        actor = await caller(service, code, request)
        return HiddenPosts(posts=await run(service.hidden_posts, actor, code))

    return router
