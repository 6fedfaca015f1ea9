"""Breakout rooms through the service, with a fake clock: open, extend, close, the sweeper, switching, assignment,
report-back, and the room actions of `POST /control`.

The helpers at the top are shared by test_posts, test_votes, test_moderation and test_ranking.
"""

import math
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

import pytest
from sqlmodel import Session, SQLModel, select

from api.control import run_control
from facilitator.actors import Actor
from facilitator.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from facilitator.events import ChangeKind
from facilitator.organizer import IssuedKeys
from facilitator.snapshot import SessionState
from tests.factories import World, json_state

MINUTE = 60
DEFAULT_GRACE_S = 60
M = TypeVar('M', bound=SQLModel)
E = TypeVar('E', bound=DomainError)


# shared helpers -----------------------------------------------------------------------------------------------------

def staff_view(world: World, code: str) -> dict[str, Any]:
    """The staff state (private names, pending posts, people, help calls) without the reading time."""
    state = json_state(world.service, code, staff=True)
    state.pop('server_time_ms')
    return state


def refused(world: World, issued: IssuedKeys, error: type[E], call: Callable[[], object], *,
            code: str | None = None) -> E:
    """Expect `error` (with `code`); the staff state and the published events must not move."""
    before, events = staff_view(world, issued.code), len(world.events)
    with pytest.raises(error) as caught:
        call()
    if code is not None:
        assert caught.value.code == code, caught.value.message
    assert staff_view(world, issued.code) == before, 'a refused command must change nothing'
    assert len(world.events) == events, 'a refused command must publish nothing'
    return caught.value


def rows(world: World, model: type[M]) -> list[M]:
    """Every stored row of a table, read straight from the database file."""
    with Session(world.service.engine) as db:
        return list(db.exec(select(model)))


def room_ids(world: World, code: str) -> list[str]:
    return [room['id'] for room in json_state(world.service, code)['rooms']]


def room(world: World, code: str, room_id: str, *, staff: bool = False) -> dict[str, Any]:
    return next(r for r in json_state(world.service, code, staff=staff)['rooms'] if r['id'] == room_id)


def with_rooms(world: World, minutes: float | None = 20, **kwargs: Any) -> tuple[IssuedKeys, Actor, list[str]]:
    """A fresh session (two topics in the template) with its rooms open."""
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.open_rooms(mod, issued.code, minutes, **kwargs)
    return issued, mod, room_ids(world, issued.code)


def member(world: World, issued: IssuedKeys, room_id: str, name: str = 'Amina',
           group: str = 'civil_society') -> Actor:
    """A participant who joined the session and then the room."""
    actor = world.participant(issued, name, group)
    world.service.join_room(actor, issued.code, room_id)
    return actor


def wrong_roles(world: World, issued: IssuedKeys) -> list[Actor]:
    """People who may not run moderator commands: a participant, the rapporteur, another session's moderator."""
    return [world.participant(issued, 'Outsider', 'other'), world.rapporteur(issued),
            world.moderator(world.new_session())]


def rooms_of(world: World, code: str) -> dict[str, str | None]:
    """Participant name -> room id, from the staff state."""
    return {p['name']: p['room_id'] for p in json_state(world.service, code, staff=True)['people']}


# open_rooms -------------------------------------------------------------------------------------------------------

def test_open_rooms_for_n_minutes_sets_a_shared_deadline(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    before = json_state(world.service, issued.code)
    assert before['rooms_open'] is False
    assert [r['state'] for r in before['rooms']] == ['closed', 'closed']
    world.service.open_rooms(mod, issued.code, 20)
    state = json_state(world.service, issued.code)
    deadline = state['server_time_ms'] + 20 * MINUTE * 1000
    assert state['rooms_open'] is True
    assert state['rooms_ends_at_ms'] == deadline
    assert [(r['state'], r['ends_at_ms']) for r in state['rooms']] == [('open', deadline)] * 2
    assert state['rooms_grace_seconds'] == DEFAULT_GRACE_S
    assert state['report_back_room'] is None
    assert state['agenda_version'] == before['agenda_version'] + 1, 'rooms are a moderator control change'
    assert world.events[-1].kind == ChangeKind.AGENDA


def test_rooms_open_at_any_time_not_only_in_the_dialogue(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    assert json_state(world.service, issued.code)['status'] == 'scheduled'
    world.service.open_rooms(mod, issued.code, 0.5)  # half a minute is allowed too
    state = json_state(world.service, issued.code)
    assert state['rooms_open'] is True
    assert state['rooms_ends_at_ms'] == state['server_time_ms'] + 30_000


def test_rooms_opened_without_minutes_stay_open_until_closed(world: World) -> None:
    issued, mod, _rooms = with_rooms(world, None)
    assert json_state(world.service, issued.code)['rooms_ends_at_ms'] is None
    world.clock.advance(10 * 3600)
    assert world.service.close_expired_rooms() == []
    assert json_state(world.service, issued.code)['rooms_open'] is True
    world.service.close_rooms(mod, issued.code)
    assert json_state(world.service, issued.code)['rooms_open'] is False


@pytest.mark.parametrize('minutes', [0, -5, 480.5, 481, math.nan, math.inf, 'ten', '20', True, [20]])
def test_open_rooms_refuses_bad_minutes(world: World, minutes: object) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    refused(world, issued, InvalidInput, lambda: world.service.open_rooms(mod, issued.code, minutes))


@pytest.mark.parametrize('grace', [-1, 601, 1.5, '60', True, None])
def test_open_rooms_refuses_a_bad_grace_period(world: World, grace: object) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    if grace is None:  # None means "keep the current grace period", which is valid
        world.service.open_rooms(mod, issued.code, 20, grace_seconds=None)
        assert json_state(world.service, issued.code)['rooms_grace_seconds'] == DEFAULT_GRACE_S
        return
    refused(world, issued, InvalidInput,
            lambda: world.service.open_rooms(mod, issued.code, 20, grace_seconds=grace))


def test_open_rooms_without_topics_is_refused(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    for room_id in room_ids(world, issued.code):
        world.service.remove_topic(mod, issued.code, room_id)
    refused(world, issued, Conflict, lambda: world.service.open_rooms(mod, issued.code, 20), code='no_rooms')


def test_open_rooms_refuses_wrong_roles(world: World) -> None:
    issued = world.new_session()
    for actor in wrong_roles(world, issued):
        refused(world, issued, Forbidden, lambda a=actor: world.service.open_rooms(a, issued.code, 20))


def test_the_organizer_may_open_rooms(world: World) -> None:
    issued = world.new_session()
    world.service.open_rooms(world.organizer, issued.code, 20)
    assert json_state(world.service, issued.code)['rooms_open'] is True


def test_open_rooms_with_a_stale_version_is_refused(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    stale = json_state(world.service, issued.code)['agenda_version'] - 1
    refused(world, issued, Conflict, lambda: world.service.open_rooms(mod, issued.code, 20, expected_version=stale),
            code='stale_version')


# the sweeper: rooms close by themselves after the grace period ----------------------------------------------------

def test_rooms_close_by_themselves_after_the_default_grace_period(world: World) -> None:
    issued, _mod, rooms = with_rooms(world, 20)
    amina = member(world, issued, rooms[0])
    world.clock.advance(20 * MINUTE)
    assert world.service.close_expired_rooms() == [], "time's up, but the grace period has begun"
    state = json_state(world.service, issued.code)
    assert state['rooms_open'] is True
    assert state['rooms_ends_at_ms'] == state['server_time_ms'], 'the deadline is now: everyone sees time is up'
    world.clock.advance(DEFAULT_GRACE_S - 1)
    world.service.add_post(amina, issued.code, rooms[0], text='A last thought in the grace period')
    assert world.service.close_expired_rooms() == []
    events = len(world.events)
    world.clock.advance(1)
    assert world.service.close_expired_rooms() == [issued.code]
    state = json_state(world.service, issued.code)
    assert state['rooms_open'] is False
    assert [(r['state'], r['ends_at_ms']) for r in state['rooms']] == [('closed', None)] * 2
    assert state['report_back_room'] is None, 'the report-back waits for the moderator'
    assert [e.kind for e in world.events[events:]] == [ChangeKind.AGENDA]
    assert [p['text'] for p in state['rooms'][0]['posts']] == ['A last thought in the grace period'], \
        'closed rooms keep listing their posts'
    assert world.service.close_expired_rooms() == [], 'closing is idempotent'
    assert len(world.events) == events + 1


def test_rooms_count_as_closed_past_the_grace_period_even_before_the_sweeper_runs(world: World) -> None:
    issued, _mod, rooms = with_rooms(world, 5)
    amina = member(world, issued, rooms[0])
    world.clock.advance(5 * MINUTE + DEFAULT_GRACE_S)
    assert json_state(world.service, issued.code)['rooms_open'] is False
    refused(world, issued, Conflict, lambda: world.service.add_post(amina, issued.code, rooms[0], text='Too late'),
            code='rooms_closed')


def test_a_custom_grace_period_is_kept(world: World) -> None:
    issued, _mod, _rooms = with_rooms(world, 10, grace_seconds=0)
    assert json_state(world.service, issued.code)['rooms_grace_seconds'] == 0
    world.clock.advance(10 * MINUTE - 1)
    assert world.service.close_expired_rooms() == []
    world.clock.advance(1)
    assert world.service.close_expired_rooms() == [issued.code]


def test_the_sweeper_closes_only_expired_sessions(world: World) -> None:
    short, _m1, _r1 = with_rooms(world, 5)
    long, _m2, _r2 = with_rooms(world, 30)
    assert world.service.next_room_deadline() == world.clock() + timedelta(minutes=5, seconds=DEFAULT_GRACE_S)
    world.clock.advance(6 * MINUTE)
    assert world.service.close_expired_rooms() == [short.code]
    assert json_state(world.service, short.code)['rooms_open'] is False
    assert json_state(world.service, long.code)['rooms_open'] is True


def test_extend_pushes_the_automatic_close(world: World) -> None:
    issued, mod, _rooms = with_rooms(world, 20)
    world.clock.advance(19 * MINUTE)
    world.service.extend_rooms(mod, issued.code, 300)
    state = json_state(world.service, issued.code)
    assert state['rooms_ends_at_ms'] == state['server_time_ms'] + 6 * MINUTE * 1000
    world.clock.advance(MINUTE + DEFAULT_GRACE_S)  # the old deadline plus its grace
    assert world.service.close_expired_rooms() == []
    world.clock.advance(5 * MINUTE - 1)
    assert world.service.close_expired_rooms() == []
    world.clock.advance(1)
    assert world.service.close_expired_rooms() == [issued.code]


def test_extend_during_the_grace_period_counts_from_now(world: World) -> None:
    issued, mod, _rooms = with_rooms(world, 10)
    world.clock.advance(10 * MINUTE + 30)
    world.service.extend_rooms(mod, issued.code, 120)
    state = json_state(world.service, issued.code)
    assert state['rooms_ends_at_ms'] == state['server_time_ms'] + 120_000


def test_a_negative_extension_shortens_the_rooms(world: World) -> None:
    issued, mod, _rooms = with_rooms(world, 10)
    world.service.extend_rooms(mod, issued.code, -240)
    state = json_state(world.service, issued.code)
    assert state['rooms_ends_at_ms'] == state['server_time_ms'] + 6 * MINUTE * 1000


def test_extend_gives_a_deadline_to_rooms_opened_without_one(world: World) -> None:
    issued, mod, _rooms = with_rooms(world, None)
    world.service.extend_rooms(mod, issued.code, 300)
    state = json_state(world.service, issued.code)
    assert state['rooms_ends_at_ms'] == state['server_time_ms'] + 300_000


def test_extend_refuses_closed_rooms(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    refused(world, issued, Conflict, lambda: world.service.extend_rooms(mod, issued.code, 120), code='rooms_closed')
    world.service.open_rooms(mod, issued.code, 5)
    world.clock.advance(5 * MINUTE + DEFAULT_GRACE_S)  # past the grace period, not yet swept
    refused(world, issued, Conflict, lambda: world.service.extend_rooms(mod, issued.code, 120), code='rooms_closed')


@pytest.mark.parametrize('seconds', [0, 1.5, 'sixty', None, True, 8 * 3600 + 1])
def test_extend_refuses_bad_seconds(world: World, seconds: object) -> None:
    issued, mod, _rooms = with_rooms(world)
    refused(world, issued, InvalidInput, lambda: world.service.extend_rooms(mod, issued.code, seconds))


def test_extend_refuses_wrong_roles(world: World) -> None:
    issued, _mod, _rooms = with_rooms(world)
    for actor in wrong_roles(world, issued):
        refused(world, issued, Forbidden, lambda a=actor: world.service.extend_rooms(a, issued.code, 120))


# close_rooms, end and reset ---------------------------------------------------------------------------------------

def test_close_rooms_stops_posting_and_voting_and_keeps_the_posts(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    post = world.service.add_post(amina, issued.code, rooms[0], text='Age-appropriate defaults')
    version = json_state(world.service, issued.code)['agenda_version']
    world.service.close_rooms(mod, issued.code)
    state = json_state(world.service, issued.code)
    assert state['rooms_open'] is False
    assert state['agenda_version'] == version + 1
    assert state['report_back_room'] is None, 'the report-back begins only when the moderator starts it'
    assert [p['id'] for p in state['rooms'][0]['posts']] == [post]
    refused(world, issued, Conflict, lambda: world.service.add_post(amina, issued.code, rooms[0], text='More'),
            code='rooms_closed')
    refused(world, issued, Conflict, lambda: world.service.cast_vote(amina, issued.code, post), code='rooms_closed')


def test_close_rooms_when_closed_is_refused(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    refused(world, issued, Conflict, lambda: world.service.close_rooms(mod, issued.code), code='rooms_closed')


def test_close_rooms_refuses_wrong_roles(world: World) -> None:
    issued, _mod, _rooms = with_rooms(world)
    for actor in wrong_roles(world, issued):
        refused(world, issued, Forbidden, lambda a=actor: world.service.close_rooms(a, issued.code))
    assert json_state(world.service, issued.code)['rooms_open'] is True


def test_ending_the_session_closes_the_rooms(world: World) -> None:
    issued, mod, _rooms = with_rooms(world)
    world.service.start_segment(mod, issued.code)
    world.service.end_session(mod, issued.code)
    assert json_state(world.service, issued.code)['rooms_open'] is False


@pytest.mark.parametrize('clear_input', [False, True])
def test_reset_closes_the_rooms(world: World, clear_input: bool) -> None:
    issued, mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[1])
    world.service.add_post(amina, issued.code, rooms[1], text='Kept after a plain reset')
    world.service.start_segment(mod, issued.code)
    world.service.reset_session(mod, issued.code, clear_input=clear_input)
    state = json_state(world.service, issued.code)
    assert (state['rooms_open'], state['rooms_ends_at_ms'], state['report_back_room']) == (False, None, None)
    assert [r['state'] for r in state['rooms']] == ['closed', 'closed']
    if not clear_input:
        assert [p['text'] for p in state['rooms'][1]['posts']] == ['Kept after a plain reset']
    world.clock.advance(3600)
    assert world.service.close_expired_rooms() == [], 'nothing left for the sweeper'


# report-back ------------------------------------------------------------------------------------------------------

def test_report_back_steps_through_the_rooms(world: World) -> None:
    issued, mod, _rooms = with_rooms(world)
    world.service.close_rooms(mod, issued.code)
    assert json_state(world.service, issued.code)['report_back_room'] is None
    version = json_state(world.service, issued.code)['agenda_version']
    world.service.report_back(mod, issued.code, 1)
    assert json_state(world.service, issued.code)['report_back_room'] == 1
    world.service.report_back(mod, issued.code, 0)
    assert json_state(world.service, issued.code)['report_back_room'] == 0
    world.service.report_back(mod, issued.code, None)
    state = json_state(world.service, issued.code)
    assert state['report_back_room'] is None
    assert state['agenda_version'] == version + 3
    world.service.report_back(mod, issued.code, 1)
    world.service.open_rooms(mod, issued.code, 5)
    assert json_state(world.service, issued.code)['report_back_room'] is None, 'reopening ends the report-back'


@pytest.mark.parametrize('index', [2, -1, 1.0, '1', True])
def test_report_back_refuses_a_room_that_does_not_exist(world: World, index: object) -> None:
    issued, mod, _rooms = with_rooms(world)
    world.service.close_rooms(mod, issued.code)
    refused(world, issued, InvalidInput, lambda: world.service.report_back(mod, issued.code, index))


def test_report_back_refuses_wrong_roles(world: World) -> None:
    issued, mod, _rooms = with_rooms(world)
    world.service.close_rooms(mod, issued.code)
    for actor in wrong_roles(world, issued):
        refused(world, issued, Forbidden, lambda a=actor: world.service.report_back(a, issued.code, 1))


# joining and switching rooms --------------------------------------------------------------------------------------

def test_join_room_works_whether_rooms_are_open_or_closed(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    rooms = room_ids(world, issued.code)
    amina = member(world, issued, rooms[0])  # closed
    assert rooms_of(world, issued.code) == {'Amina': rooms[0]}
    assert [r['participant_count'] for r in json_state(world.service, issued.code)['rooms']] == [1, 0]
    world.service.open_rooms(mod, issued.code, 20)
    world.service.join_room(amina, issued.code, rooms[1])  # open
    state = json_state(world.service, issued.code)
    assert [r['participant_count'] for r in state['rooms']] == [0, 1]
    assert state['rooms'][1]['members_by_group'] == {'smaller_groups': 1}, 'a group of one is not shown alone'
    assert world.events[-1].kind == ChangeKind.PEOPLE


def test_joining_the_room_you_are_in_changes_nothing(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    before, events = staff_view(world, issued.code), len(world.events)
    world.service.join_room(amina, issued.code, rooms[0])
    assert (staff_view(world, issued.code), len(world.events)) == (before, events)


@pytest.mark.parametrize('bad', ['nope', '', None, '00000000-0000-0000-0000-000000000000'])
def test_join_room_refuses_an_unknown_room(world: World, bad: object) -> None:
    issued, _mod, _rooms = with_rooms(world)
    amina = world.participant(issued)
    refused(world, issued, NotFound, lambda: world.service.join_room(amina, issued.code, bad), code='room_not_found')


def test_join_room_refuses_a_room_of_another_session(world: World) -> None:
    issued, _mod, _rooms = with_rooms(world)
    other = room_ids(world, world.new_session().code)[0]
    amina = world.participant(issued)
    refused(world, issued, NotFound, lambda: world.service.join_room(amina, issued.code, other))


def test_join_room_is_for_participants_only(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    stranger = world.participant(world.new_session(), 'Stranger')
    for actor in [mod, world.rapporteur(issued), stranger]:
        refused(world, issued, Forbidden, lambda a=actor: world.service.join_room(a, issued.code, rooms[0]))


def test_with_switching_off_a_participant_cannot_change_rooms(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    world.service.set_room_switching(mod, issued.code, False)
    assert json_state(world.service, issued.code)['room_switching'] is False
    refused(world, issued, Conflict, lambda: world.service.join_room(amina, issued.code, rooms[1]),
            code='switching_off')
    world.service.join_room(amina, issued.code, rooms[0])  # staying put is fine
    kofi = member(world, issued, rooms[1], 'Kofi', 'academia')  # a first pick is not a switch
    assert rooms_of(world, issued.code) == {'Amina': rooms[0], 'Kofi': rooms[1]}
    world.service.set_room_switching(mod, issued.code, True)
    world.service.join_room(kofi, issued.code, rooms[0])
    assert rooms_of(world, issued.code)['Kofi'] == rooms[0]


@pytest.mark.parametrize('allowed', [None, 'off', 0, 1])
def test_room_switching_must_be_a_boolean(world: World, allowed: object) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    refused(world, issued, InvalidInput, lambda: world.service.set_room_switching(mod, issued.code, allowed))


def test_room_switching_refuses_wrong_roles(world: World) -> None:
    issued = world.new_session()
    for actor in wrong_roles(world, issued):
        refused(world, issued, Forbidden, lambda a=actor: world.service.set_room_switching(a, issued.code, False))


# moving and balancing ---------------------------------------------------------------------------------------------

def test_the_moderator_moves_someone_between_rooms_and_back_to_the_plenary(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    world.service.set_room_switching(mod, issued.code, False)  # the moderator is not bound by it
    world.service.move_participant(mod, issued.code, amina.participant_id, rooms[1])
    assert rooms_of(world, issued.code) == {'Amina': rooms[1]}
    world.service.move_participant(mod, issued.code, str(amina.participant_id), None)
    assert rooms_of(world, issued.code) == {'Amina': None}
    assert [r['participant_count'] for r in json_state(world.service, issued.code)['rooms']] == [0, 0]


def test_move_participant_refuses_unknown_people_and_rooms(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    stranger = world.participant(world.new_session(), 'Stranger')
    for bad in ['nope', '00000000-0000-0000-0000-000000000000', stranger.participant_id]:
        refused(world, issued, NotFound, lambda b=bad: world.service.move_participant(mod, issued.code, b, rooms[1]))
    refused(world, issued, NotFound,
            lambda: world.service.move_participant(mod, issued.code, amina.participant_id, 'nope'))


def test_move_participant_refuses_wrong_roles(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    for actor in [*wrong_roles(world, issued), amina]:
        refused(world, issued, Forbidden,
                lambda a=actor: world.service.move_participant(a, issued.code, amina.participant_id, rooms[1]))


def test_auto_balance_spreads_every_stakeholder_group_evenly(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.add_topic(mod, issued.code, topic='A third room')
    rooms = room_ids(world, issued.code)
    groups = {'government': 5, 'industry': 4, 'civil_society': 3, 'youth': 2, 'academia': 1}
    people = {}
    for group, n in groups.items():
        for i in range(n):
            people[f'{group}-{i}'] = world.participant(issued, f'{group}-{i}', group)
    for actor in list(people.values())[:9]:  # lopsided: the first nine crowd into room 0, the rest wait
        world.service.join_room(actor, issued.code, rooms[0])
    gone = world.participant(issued, 'Gone', 'government')
    world.service.join_room(gone, issued.code, rooms[0])
    world.service.moderate_participant(mod, issued.code, gone.participant_id, 'remove')

    world.service.auto_balance(mod, issued.code)
    where = rooms_of(world, issued.code)
    assert where.pop('Removed participant') == rooms[0], 'a removed participant (their name erased) is left alone'
    assert set(where.values()) == set(rooms), 'everyone, including those in the plenary, gets a room'
    for group, n in groups.items():
        spread = Counter(where[f'{group}-{i}'] for i in range(n))
        counts = [spread.get(r, 0) for r in rooms]
        assert max(counts) - min(counts) <= 1, f'{group} is spread {counts}'
    sizes = [r['participant_count'] for r in json_state(world.service, issued.code)['rooms']]
    assert sum(sizes) == 15 and max(sizes) - min(sizes) <= 1, sizes
    for room_state in json_state(world.service, issued.code)['rooms']:
        assert sum(room_state['members_by_group'].values()) == room_state['participant_count']


def test_auto_balance_without_rooms_is_refused(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    for room_id in room_ids(world, issued.code):
        world.service.remove_topic(mod, issued.code, room_id)
    world.participant(issued)
    refused(world, issued, Conflict, lambda: world.service.auto_balance(mod, issued.code), code='no_rooms')


def test_auto_balance_refuses_wrong_roles(world: World) -> None:
    issued = world.new_session()
    world.participant(issued, 'Kofi', 'academia')
    for actor in wrong_roles(world, issued):
        refused(world, issued, Forbidden, lambda a=actor: world.service.auto_balance(a, issued.code))


# the room actions of POST /control --------------------------------------------------------------------------------

def test_room_actions_by_name(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.participant(issued)

    def run(action: str, **body: Any) -> SessionState:
        return run_control(world.service, mod, issued.code, {'action': action, **body})

    opened = run('open_rooms', minutes=10, grace_seconds=30)
    assert (opened.rooms_open, opened.rooms_grace_seconds) == (True, 30)
    assert opened.rooms_ends_at_ms == opened.server_time_ms + 600_000
    assert run('extend_rooms', seconds=60).rooms_ends_at_ms == opened.rooms_ends_at_ms + 60_000
    assert run('room_switching', on=False).room_switching is False
    assert run('auto_balance').rooms[0].participant_count == 1
    assert rooms_of(world, issued.code)['Amina'] == room_ids(world, issued.code)[0]
    assert run('broadcast', message='Five minutes left').broadcast.message == 'Five minutes left'
    assert run('clear_broadcast').broadcast is None
    assert run('close_questions').questions_open is False
    assert run('open_questions').questions_open is True
    assert run('pre_moderation', on=True).pre_moderation is True
    assert run('close_rooms').rooms_open is False
    assert run('report_back', room_index=1).report_back_room == 1
    assert run('report_back').report_back_room is None
    with pytest.raises(InvalidInput):
        run('extend_rooms')  # `seconds` is required
    with pytest.raises(InvalidInput):
        run('room_switching')


def test_a_participant_cannot_run_room_actions(world: World) -> None:
    issued = world.new_session()
    amina = world.participant(issued)
    for body in [{'action': 'open_rooms', 'minutes': 5}, {'action': 'auto_balance'},
                 {'action': 'broadcast', 'message': 'hi'}, {'action': 'close_questions'}]:
        refused(world, issued, Forbidden, lambda b=body: run_control(world.service, amina, issued.code, b))
