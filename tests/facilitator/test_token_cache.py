"""The token shortcut: a participant's token, once verified, skips the database for a few seconds, and a removal
still stops them at once, on this instance and on any other."""

import uuid

import pytest

from db.enums import Role
from facilitator.actors import Actor
from facilitator.errors import Unauthorized
from facilitator.service import FacilitatorService
from facilitator.token_cache import TokenCache
from tests.factories import ADMIN_TOKEN, World

from .test_rooms import with_rooms


class Ticker:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def person(name: str = 'Amina') -> Actor:
    return Actor(role=Role.PARTICIPANT, session_id=uuid.uuid4(), participant_id=uuid.uuid4(), name=name)


def test_entries_expire_are_bounded_and_are_forgotten_by_person() -> None:
    ticker = Ticker()
    cache = TokenCache(ttl_s=10, size=2, clock=ticker)
    amina, kofi, lea = person('Amina'), person('Kofi'), person('Lea')
    cache.put('ABC123', 'd-amina', amina)
    assert cache.get('ABC123', 'd-amina') == amina
    assert cache.get('XYZ789', 'd-amina') is None, 'a token is known only with its own session code'
    ticker.now += 10.5
    assert cache.get('ABC123', 'd-amina') is None, 'expired'
    cache.put('ABC123', 'd-amina', amina)
    cache.put('ABC123', 'd-kofi', kofi)
    cache.put('ABC123', 'd-lea', lea)
    assert cache.get('ABC123', 'd-amina') is None, 'the oldest entry made room'
    assert cache.get('ABC123', 'd-lea') == lea
    cache.forget(lea.participant_id)  # type: ignore[arg-type]
    assert cache.get('ABC123', 'd-lea') is None and cache.get('ABC123', 'd-kofi') == kofi


def test_a_removal_on_another_instance_stops_the_next_command_at_once(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    other = FacilitatorService(engine=world.service.engine, admin_token=ADMIN_TOKEN, public_url='http://testserver',
                               clock=world.clock)  # a second app instance on the same database
    joined = world.service.join(issued.code, name='Troll', group='other')
    troll = other.authenticate(issued.code, joined.token)
    other.join_room(troll, issued.code, rooms[0])
    post = other.add_post(troll, issued.code, rooms[0], text='First post')

    world.service.moderate_participant(mod, issued.code, troll.participant_id, 'remove')
    again = other.authenticate(issued.code, joined.token)  # that instance still knows the token for a moment
    with pytest.raises(Unauthorized):
        other.cast_vote(again, issued.code, post)
    with pytest.raises(Unauthorized):
        other.add_question(again, issued.code, text='Still here?')
    with pytest.raises(Unauthorized):
        world.service.authenticate(issued.code, joined.token)


def test_the_event_loop_knows_a_verified_token_and_the_organizer_without_the_database(world: World) -> None:
    """`known_actor` never reads the database: the API asks it first and sends only the rest to a thread."""
    issued, _mod, _rooms = with_rooms(world)
    joined = world.service.join(issued.code, name='Amina', group='civil_society')
    service = world.service
    assert service.known_actor(issued.code, joined.token) is None, 'not verified yet: the thread reads it'
    verified = service.authenticate(issued.code, joined.token)
    assert service.known_actor(issued.code.lower(), joined.token) == verified
    assert service.known_actor('OTHER1', joined.token) is None, 'only with its own session code'
    assert service.known_actor(issued.code, 'wrong') is None and service.known_actor(issued.code, None) is None
    organizer = service.known_actor(None, ADMIN_TOKEN)
    assert organizer is not None and organizer.role == Role.ORGANIZER
    assert service.known_actor(issued.code, issued.moderator_key) is None, 'staff keys are always read'
