"""The outcome of a session: staff publish or withdraw it; anyone reads it while it is published."""

from fastapi import APIRouter, Request

from facilitator.actors import STAFF
from facilitator.inputs import OutcomeInput
from facilitator.outcome_view import OutcomeStatus, OutcomeView
from facilitator.service import FacilitatorService
from facilitator.worker import read, run

from .access import caller
from .errors import json_body


def build_outcome_router(service: FacilitatorService) -> APIRouter:
    router = APIRouter(prefix='/api/sessions/{code}/outcome')

    @router.post('', response_model=OutcomeStatus)
    async def publish(code: str, request: Request) -> OutcomeStatus:
        """`{"published": true}` publishes the anonymised outcome (again: refreshed), `false` withdraws it.
        Moderator or rapporteur."""
        actor = await caller(service, code, request, STAFF)
        body = OutcomeInput.parse(await json_body(request))
        return await run(service.publish_outcome, actor, code, body.published)

    @router.get('', response_model=OutcomeView)
    async def outcome(code: str) -> OutcomeView:
        """The published outcome, exactly as it was published; 404 while it is not. Public."""
        return await read(service.outcome, code)

    return router
