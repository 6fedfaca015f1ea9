"""Votes on room posts and plenary questions through the service: one per person, idempotent, and only where allowed."""

import uuid

from db.models import Vote
from facilitator.errors import Conflict, Forbidden, NotFound
from facilitator.events import ChangeKind
from tests.factories import World, json_state

from .test_rooms import member, refused, room, rows, with_rooms


def votes(world: World, code: str, post_id: str) -> int:
    """The public count of a visible room post or question."""
    state = json_state(world.service, code)
    posts = [p for r in state['rooms'] for p in r['posts']] + state['questions']
    return int(next(p['votes'] for p in posts if p['id'] == post_id))


# cast_vote and withdraw_vote --------------------------------------------------------------------------------------

def test_a_vote_counts_once_per_person_and_by_group(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0], 'Amina', 'civil_society')
    kofi = member(world, issued, rooms[0], 'Kofi', 'academia')
    post_id = world.service.add_post(amina, issued.code, rooms[0], text='Safety by default')
    before = json_state(world.service, issued.code)
    assert world.service.cast_vote(kofi, issued.code, post_id) == 1
    assert world.service.cast_vote(amina, issued.code, post_id) == 2, 'your own post is fine'
    post = room(world, issued.code, rooms[0])['posts'][0]
    assert (post['votes'], post['votes_by_group']) == (2, {'smaller_groups': 2}), 'one member each: merged'
    state = json_state(world.service, issued.code)
    assert state['version'] == before['version'] + 2
    assert state['agenda_version'] == before['agenda_version'], 'votes are input, not a control change'
    assert world.events[-1].kind == ChangeKind.INPUT
    stored = rows(world, Vote)
    assert {(str(v.post_id), v.participant_id, v.group.value, str(v.room_id)) for v in stored} == {
        (post_id, kofi.participant_id, 'academia', rooms[0]),
        (post_id, amina.participant_id, 'civil_society', rooms[0])}
    assert all(v.created_at == world.clock() for v in stored)


def test_voting_twice_is_idempotent_and_publishes_nothing(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    kofi = member(world, issued, rooms[0], 'Kofi', 'academia')
    post_id = world.service.add_post(amina, issued.code, rooms[0], text='Once')
    assert world.service.cast_vote(kofi, issued.code, post_id) == 1
    events, state = len(world.events), json_state(world.service, issued.code)
    assert world.service.cast_vote(kofi, issued.code, post_id) == 1
    assert world.service.cast_vote(kofi, issued.code, post_id) == 1
    assert len(world.events) == events
    assert json_state(world.service, issued.code) == state
    assert len(rows(world, Vote)) == 1


def test_withdrawing_is_idempotent(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    kofi = member(world, issued, rooms[0], 'Kofi', 'academia')
    post_id = world.service.add_post(amina, issued.code, rooms[0], text='Maybe')
    world.service.cast_vote(kofi, issued.code, post_id)
    world.service.cast_vote(amina, issued.code, post_id)
    assert world.service.withdraw_vote(kofi, issued.code, post_id) == 1
    assert world.events[-1].kind == ChangeKind.INPUT
    events = len(world.events)
    assert world.service.withdraw_vote(kofi, issued.code, post_id) == 1
    assert len(world.events) == events, 'withdrawing a vote you do not have changes nothing'
    assert votes(world, issued.code, post_id) == 1
    assert [v.participant_id for v in rows(world, Vote)] == [amina.participant_id]
    assert world.service.cast_vote(kofi, issued.code, post_id) == 2, 'and you may vote again'


def test_votes_survive_a_restart(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    post_id = world.service.add_post(amina, issued.code, rooms[0], text='Durable')
    world.service.cast_vote(amina, issued.code, post_id)
    again = world.restart()
    assert votes(again, issued.code, post_id) == 1
    assert again.service.cast_vote(amina, issued.code, post_id) == 1


# where votes are refused ------------------------------------------------------------------------------------------

def test_a_vote_for_an_unknown_post_is_not_found(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    other, _other_mod, other_rooms = with_rooms(world)
    elsewhere = world.service.add_post(member(world, other, other_rooms[0], 'Stranger'), other.code, other_rooms[0],
                                       text='In another session')
    for bad in [str(uuid.uuid4()), 'nope', '', None, 42, elsewhere]:
        refused(world, issued, NotFound, lambda b=bad: world.service.cast_vote(amina, issued.code, b),
                code='post_not_found')
        refused(world, issued, NotFound, lambda b=bad: world.service.withdraw_vote(amina, issued.code, b))


def test_a_vote_for_a_hidden_post_is_not_found_and_earlier_votes_stay_stored(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    kofi = member(world, issued, rooms[0], 'Kofi', 'academia')
    post_id = world.service.add_post(amina, issued.code, rooms[0], text='Soon hidden')
    world.service.cast_vote(kofi, issued.code, post_id)
    world.service.moderate_post(mod, issued.code, post_id, 'hide', reason='Personal data')
    refused(world, issued, NotFound, lambda: world.service.cast_vote(amina, issued.code, post_id),
            code='post_not_found')
    refused(world, issued, NotFound, lambda: world.service.withdraw_vote(kofi, issued.code, post_id))
    assert len(rows(world, Vote)) == 1
    world.service.moderate_post(mod, issued.code, post_id, 'unhide')
    assert votes(world, issued.code, post_id) == 1


def test_a_vote_for_a_post_waiting_for_approval_is_not_found(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    world.service.set_pre_moderation(mod, issued.code, True)
    amina = member(world, issued, rooms[0])
    post_id = world.service.add_post(amina, issued.code, rooms[0], text='Pending')
    refused(world, issued, NotFound, lambda: world.service.cast_vote(amina, issued.code, post_id))
    world.service.moderate_post(mod, issued.code, post_id, 'approve')
    assert world.service.cast_vote(amina, issued.code, post_id) == 1


def test_a_vote_while_the_rooms_are_closed_is_refused(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    kofi = member(world, issued, rooms[0], 'Kofi', 'academia')
    post_id = world.service.add_post(amina, issued.code, rooms[0], text='Before the close')
    world.service.cast_vote(amina, issued.code, post_id)
    world.service.close_rooms(mod, issued.code)
    refused(world, issued, Conflict, lambda: world.service.cast_vote(kofi, issued.code, post_id), code='rooms_closed')
    refused(world, issued, Conflict, lambda: world.service.withdraw_vote(amina, issued.code, post_id),
            code='rooms_closed')
    assert votes(world, issued.code, post_id) == 1, 'the votes cast while open stay'


def test_a_vote_after_time_and_grace_ran_out_is_refused_before_the_sweeper_runs(world: World) -> None:
    issued, _mod, rooms = with_rooms(world, 1, grace_seconds=10)
    amina = member(world, issued, rooms[0])
    post_id = world.service.add_post(amina, issued.code, rooms[0], text='Just in time')
    world.clock.advance(70)
    refused(world, issued, Conflict, lambda: world.service.cast_vote(amina, issued.code, post_id), code='rooms_closed')


def test_a_vote_on_a_post_in_another_room_is_forbidden(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    kofi = member(world, issued, rooms[1], 'Kofi', 'academia')
    in_plenary = world.participant(issued, 'Lea', 'government')
    post_id = world.service.add_post(amina, issued.code, rooms[0], text='Room one only')
    for actor in [kofi, in_plenary]:
        refused(world, issued, Forbidden, lambda a=actor: world.service.cast_vote(a, issued.code, post_id),
                code='not_in_room')
    world.service.cast_vote(amina, issued.code, post_id)
    world.service.join_room(amina, issued.code, rooms[1])
    refused(world, issued, Forbidden, lambda: world.service.withdraw_vote(amina, issued.code, post_id),
            code='not_in_room')
    assert votes(world, issued.code, post_id) == 1, 'a vote stays with the post when its voter moves on'


def test_only_participants_of_the_session_may_vote(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    post_id = world.service.add_post(amina, issued.code, rooms[0], text='Vote here')
    stranger = world.participant(world.new_session(), 'Stranger')
    for actor in [mod, world.rapporteur(issued), world.organizer, stranger]:
        refused(world, issued, Forbidden, lambda a=actor: world.service.cast_vote(a, issued.code, post_id))
        refused(world, issued, Forbidden, lambda a=actor: world.service.withdraw_vote(a, issued.code, post_id))


# votes on plenary questions ---------------------------------------------------------------------------------------

def test_anyone_may_vote_on_a_question_while_q_and_a_is_open(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0], 'Amina', 'civil_society')
    kofi = member(world, issued, rooms[1], 'Kofi', 'academia')
    lea = world.participant(issued, 'Lea', 'government')  # in the plenary
    question = world.service.add_question(amina, issued.code, text='How do you verify age?')
    world.service.close_rooms(mod, issued.code)  # rooms do not matter for questions
    for n, actor in enumerate([amina, kofi, lea], start=1):
        assert world.service.cast_vote(actor, issued.code, question) == n
    [shown] = json_state(world.service, issued.code)['questions']
    assert (shown['votes'], shown['votes_by_group']) == (3, {'smaller_groups': 3}), 'one member each: merged'
    assert world.service.withdraw_vote(lea, issued.code, question) == 2


def test_votes_on_questions_stop_while_q_and_a_is_closed(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    amina = world.participant(issued)
    kofi = world.participant(issued, 'Kofi', 'academia')
    question = world.service.add_question(amina, issued.code, text='Still counting?')
    world.service.cast_vote(amina, issued.code, question)
    world.service.set_questions_open(mod, issued.code, False)
    refused(world, issued, Conflict, lambda: world.service.cast_vote(kofi, issued.code, question),
            code='questions_closed')
    refused(world, issued, Conflict, lambda: world.service.withdraw_vote(amina, issued.code, question),
            code='questions_closed')
    world.service.set_questions_open(mod, issued.code, True)
    assert world.service.cast_vote(kofi, issued.code, question) == 2


def test_questions_are_ordered_by_votes_then_age_with_pinned_first(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    people = [world.participant(issued, f'P{i}', 'industry') for i in range(3)]
    old = world.service.add_question(people[0], issued.code, text='Old and quiet?')
    world.clock.advance(1)
    loud = world.service.add_question(people[1], issued.code, text='Loud?')
    world.clock.advance(1)
    new = world.service.add_question(people[2], issued.code, text='New and quiet?')
    for actor in people[:2]:
        world.service.cast_vote(actor, issued.code, loud)
    assert [q['id'] for q in json_state(world.service, issued.code)['questions']] == [loud, old, new]
    world.service.moderate_post(mod, issued.code, new, 'pin')
    assert [q['id'] for q in json_state(world.service, issued.code)['questions']] == [new, loud, old]
