"""Helpers for the domain tests: a comparable view of a session, and 'refused without a trace'."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, TypeVar

import pytest
from sqlmodel import SQLModel, select

from db.models import HelpCall
from facilitator.actors import Actor
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


def dump(world: World) -> dict[str, list[str]]:
    """Every row of every table, straight from the database: what "changed nothing" compares."""
    with world.service.engine.connect() as connection:
        return {table.name: sorted(repr(tuple(row)) for row in connection.execute(select(table)))
                for table in SQLModel.metadata.sorted_tables}


def without_trace(world: World, error: type[E], call: Callable[[], object], *, code: str | None = None) -> E:
    """Run `call`, expect `error` (with `code`), and check that no row of any table moved and nothing was
    published: stricter than `refused`, which compares the snapshot."""
    before, events = dump(world), len(world.events)
    with pytest.raises(error) as caught:
        call()
    if code is not None:
        assert caught.value.code == code, caught.value.message
    assert dump(world) == before, 'a refused command must change nothing'
    assert world.events[events:] == [], 'a refused command must publish nothing'
    return caught.value


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@dataclass(frozen=True)
class Stage:
    """A session with something of everything: rooms open, Amina in the first room with a post and a question,
    a presenter waiting, Amina's call for help, and a draft poll."""

    issued: IssuedKeys
    mod: Actor
    amina: Actor
    rooms: list[str]
    post: str
    question: str
    speaker: str
    segment: str
    call: str
    poll: str

    @property
    def code(self) -> str:
        return self.issued.code


def staged(world: World) -> Stage:
    service = world.service
    issued = world.new_session()
    mod = replace(world.moderator(issued), name='Maya')  # notes and logs carry a name
    service.grant_staff(issued.code, issued.moderator_key, 'browser-1')
    service.open_rooms(mod, issued.code, 20)
    rooms = [room['id'] for room in json_state(service, issued.code)['rooms']]
    amina = world.participant(issued)
    service.join_room(amina, issued.code, rooms[0])
    post = service.add_post(amina, issued.code, rooms[0], text='Shared data rooms')
    question = service.add_question(amina, issued.code, text='Who pays?')
    speaker = service.add_speaker(mod, issued.code, name='Ana Ruiz')
    service.call_moderator(amina, issued.code)
    call = next(str(c.id) for c in _help_calls(world))
    segment = json_state(service, issued.code)['segments'][2]['id']
    poll = service.add_poll(mod, issued.code, question='Most pressing risk?', options=['Grooming', 'Scams'])
    return Stage(issued=issued, mod=mod, amina=amina, rooms=rooms, post=post, question=question, speaker=speaker,
                 segment=segment, call=call, poll=poll)


def _help_calls(world: World) -> list[HelpCall]:
    with world.service._read() as db:
        return list(db.exec(select(HelpCall)))
