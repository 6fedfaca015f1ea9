"""A reset with `clear_input` clears the people too: participants and every input-related row about them."""

import pytest
from sqlmodel import Session, select

from db.models import HelpCall, ModerationEntry, Participant, Post, Speaker, Vote
from facilitator.actors import Actor
from facilitator.errors import Forbidden, Unauthorized
from tests.factories import World, json_state

from .helpers import dump
from .test_rooms import member, with_rooms


def _busy_rehearsal(world: World) -> tuple[str, Actor, list[Actor]]:
    issued, mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0], 'Amina Rehearsal', 'civil_society')
    kofi = member(world, issued, rooms[0], 'Kofi Rehearsal', 'youth')
    post_id = world.service.add_post(amina, issued.code, rooms[0], text='A rehearsal post')
    world.service.cast_vote(kofi, issued.code, post_id)
    world.service.add_question(kofi, issued.code, text='A rehearsal question')
    world.service.set_hands(mod, issued.code, True)
    world.service.raise_hand(amina, issued.code)
    world.service.call_moderator(kofi, issued.code)
    world.service.moderate_post(mod, issued.code, post_id, 'hide', reason='rehearsing moderation')
    people = json_state(world.service, issued.code, staff=True)['people']
    kofi_id = next(p['id'] for p in people if p['name'] == 'Kofi Rehearsal')
    world.service.moderate_participant(mod, issued.code, kofi_id, 'rename', name='Kofi R.')
    world.service.reset_session(mod, issued.code, clear_input=True)
    return issued.code, mod, [amina, kofi]


def test_reset_with_clear_input_leaves_no_participant_and_no_row_about_them(world: World) -> None:
    code, _mod, _people = _busy_rehearsal(world)
    with Session(world.service.engine) as db:
        for model in (Participant, Vote, Post, HelpCall, ModerationEntry):
            assert list(db.exec(select(model))) == [], f'{model.__name__} rows are left'
        assert [s for s in db.exec(select(Speaker)) if s.participant_id is not None] == []
    text = repr(dump(world))
    for name in ('Amina Rehearsal', 'Kofi Rehearsal', 'Kofi R.', 'A rehearsal post', 'rehearsing moderation'):
        assert name not in text
    state = json_state(world.service, code, staff=True)
    assert (state['participant_count'], state['people'], state['help_calls']) == (0, [], [])


def test_a_cleared_participants_link_stops_working(world: World) -> None:
    code, _mod, [amina, _kofi] = _busy_rehearsal(world)
    with pytest.raises((Unauthorized, Forbidden)):
        world.service.add_question(amina, code, text='Still here?')
    with Session(world.service.engine) as db:
        assert list(db.exec(select(Participant))) == []
