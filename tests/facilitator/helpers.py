"""Helpers for the domain tests: a comparable view of a session, and 'refused without a trace'."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import pytest

from facilitator.errors import DomainError
from facilitator.organizer import IssuedKeys
from tests.factories import World, json_state

PLANNED = (900, 2700, 3600)
"""The planned seconds of the three template segments: 15, 45 and 60 minutes."""


def view(world: World, code: str) -> dict[str, Any]:
    """The public state without the one field that is only the reading time."""
    state = json_state(world.service, code)
    state.pop('server_time_ms')
    return state


def segment(world: World, code: str, index: int) -> dict[str, Any]:
    return dict(json_state(world.service, code)['segments'][index])


def now_ms(world: World) -> int:
    return round(world.clock().timestamp() * 1000)


E = TypeVar('E', bound=DomainError)


def refused(world: World, issued: IssuedKeys, error: type[E], call: Callable[[], object], *,
            code: str | None = None) -> E:
    """Run `call`, expect `error` (with `code`), and check that the state and the published events did not move."""
    before = view(world, issued.code)
    events = len(world.events)
    with pytest.raises(error) as caught:
        call()
    if code is not None:
        assert caught.value.code == code
    assert view(world, issued.code) == before
    assert len(world.events) == events, 'a refused command must publish nothing'
    return caught.value


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)
