"""Who is asking, and the item they ask about: the two steps most endpoints begin and end with."""

from collections.abc import Iterable
from typing import Protocol, TypeVar

from fastapi import Request

from facilitator.actors import Actor
from facilitator.errors import NotFound
from facilitator.pipeline import require_role
from facilitator.service import FacilitatorService
from facilitator.types import Role
from facilitator.worker import run

from .errors import bearer


async def caller(service: FacilitatorService, code: str | None, request: Request,
                 roles: frozenset[Role] | None = None) -> Actor:
    """The actor behind the request's bearer token (401 without a valid one), checked against `roles` (403) before
    the body is read, so a participant gets 403 whatever they send. A token verified a moment ago needs no thread."""
    secret = bearer(request)
    actor = service.known_actor(code, secret) or await run(service.authenticate, code, secret)
    if roles is not None:
        require_role(actor, roles)
    return actor


class HasId(Protocol):
    @property
    def id(self) -> str: ...


Item = TypeVar('Item', bound=HasId)


def by_id(items: Iterable[Item], item_id: str, missing: str, code: str) -> Item:
    """The item with this id, or 404 with the `missing` message and error `code`."""
    for item in items:
        if item.id == item_id:
            return item
    raise NotFound(missing, code=code)
