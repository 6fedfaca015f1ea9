"""Moderation through the service: the post actions with their log, renaming and removing people, pre-moderation,
Q&A open/closed, broadcasts and calls for help."""

import uuid
from dataclasses import replace

import pytest

from db.enums import Role
from db.models import Broadcast, HelpCall, ModerationEntry, Post, Vote
from facilitator.actors import Actor
from facilitator.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthorized
from facilitator.events import ChangeKind
from facilitator.organizer import IssuedKeys
from tests.factories import World, json_state

from .test_rooms import member, refused, room, room_ids, rows, with_rooms, wrong_roles


def named(actor: Actor, name: str) -> Actor:
    """A staff actor with the display name a staff page asks for once."""
    return replace(actor, name=name)


def board(world: World, issued: IssuedKeys) -> tuple[Actor, list[str], Actor, str, str]:
    """Rooms open, Amina in room 0 with one post, and one plenary question from her."""
    mod = world.moderator(issued)
    world.service.open_rooms(mod, issued.code, 20)
    rooms = room_ids(world, issued.code)
    amina = member(world, issued, rooms[0], 'Amina', 'civil_society')
    post_id = world.service.add_post(amina, issued.code, rooms[0], text='Design for the youngest user')
    question_id = world.service.add_question(amina, issued.code, text='Who audits the classifiers?')
    return mod, rooms, amina, post_id, question_id


def stored(world: World, post_id: str) -> Post:
    return next(p for p in rows(world, Post) if str(p.id) == post_id)


def public_ids(world: World, code: str, *, staff: bool = False) -> set[str]:
    state = json_state(world.service, code, staff=staff)
    return {p['id'] for r in state['rooms'] for p in r['posts']} | {q['id'] for q in state['questions']}


# hide and unhide --------------------------------------------------------------------------------------------------

def test_hide_takes_a_post_out_of_every_view_but_keeps_it_with_the_reason(world: World) -> None:
    issued = world.new_session()
    mod, rooms, _amina, post_id, question_id = board(world, issued)
    maya = named(mod, 'Maya')
    world.clock.advance(42)
    world.service.moderate_post(maya, issued.code, post_id, 'hide', reason='Personal data')
    world.service.moderate_post(maya, issued.code, question_id, 'hide', reason='Off topic')
    assert public_ids(world, issued.code) == set()
    assert public_ids(world, issued.code, staff=True) == set(), 'hidden is hidden for staff boards too'
    assert 'Design for the youngest user' not in str(json_state(world.service, issued.code, staff=True))
    post = stored(world, post_id)
    assert (post.hidden, post.hidden_reason, post.text) == (True, 'Personal data', 'Design for the youngest user')
    assert stored(world, question_id).hidden_reason == 'Off topic'
    entries = rows(world, ModerationEntry)
    assert [(e.actor_name, e.actor_role, e.action, e.target_type, str(e.target_id), e.reason) for e in entries] == [
        ('Maya', Role.MODERATOR, 'hide', 'post', post_id, 'Personal data'),
        ('Maya', Role.MODERATOR, 'hide', 'post', question_id, 'Off topic')]
    assert all(e.session_id == stored(world, post_id).session_id for e in entries)
    assert room(world, issued.code, rooms[0])['participant_count'] == 1


def test_the_log_records_when_by_the_service_clock(world: World) -> None:
    issued = world.new_session()
    mod, _rooms, _amina, post_id, _question = board(world, issued)
    world.clock.advance(3600)
    world.service.moderate_post(mod, issued.code, post_id, 'pin')
    [entry] = rows(world, ModerationEntry)
    assert entry.created_at == world.clock(), 'the domain takes time from the injected clock'
    assert (entry.actor_name, entry.action) == ('moderator', 'pin'), 'without a display name, the role says who'


@pytest.mark.parametrize('reason', ['', '   ', None, 'r' * 501, 5])
def test_hide_needs_a_reason_of_at_most_500_characters(world: World, reason: object) -> None:
    issued = world.new_session()
    mod, _rooms, _amina, post_id, _question = board(world, issued)
    refused(world, issued, InvalidInput,
            lambda: world.service.moderate_post(mod, issued.code, post_id, 'hide', reason=reason))
    assert rows(world, ModerationEntry) == []


def test_unhide_brings_a_post_back(world: World) -> None:
    issued = world.new_session()
    mod, _rooms, _amina, post_id, question_id = board(world, issued)
    world.service.moderate_post(mod, issued.code, post_id, 'hide', reason='Mistake')
    world.service.moderate_post(mod, issued.code, post_id, 'unhide', reason='Was fine after all')
    assert public_ids(world, issued.code) == {post_id, question_id}
    assert stored(world, post_id).hidden is False
    assert [(e.action, e.reason) for e in rows(world, ModerationEntry)] == [
        ('hide', 'Mistake'), ('unhide', 'Was fine after all')], 'the log keeps the history'


def test_hiding_drops_the_pin_and_the_spotlight(world: World) -> None:
    issued = world.new_session()
    mod, _rooms, _amina, post_id, question_id = board(world, issued)
    world.service.moderate_post(mod, issued.code, post_id, 'pin')
    world.service.moderate_post(mod, issued.code, question_id, 'spotlight')
    world.service.moderate_post(mod, issued.code, post_id, 'hide', reason='Spam')
    world.service.moderate_post(mod, issued.code, question_id, 'hide', reason='Spam')
    world.service.moderate_post(mod, issued.code, post_id, 'unhide')
    world.service.moderate_post(mod, issued.code, question_id, 'unhide')
    state = json_state(world.service, issued.code)
    assert state['rooms'][0]['posts'][0]['pinned'] is False
    assert state['questions'][0]['spotlight'] is False


# pin, tag, answer, spotlight --------------------------------------------------------------------------------------

def test_pin_puts_a_post_first_and_unpin_takes_it_back(world: World) -> None:
    issued = world.new_session()
    mod, rooms, amina, first, _question = board(world, issued)
    world.clock.advance(1)
    second = world.service.add_post(amina, issued.code, rooms[0], text='Later and quieter')
    world.service.cast_vote(amina, issued.code, first)
    assert [p['id'] for p in room(world, issued.code, rooms[0])['posts']] == [first, second]
    world.service.moderate_post(mod, issued.code, second, 'pin')
    posts = room(world, issued.code, rooms[0])['posts']
    assert [(p['id'], p['pinned']) for p in posts] == [(second, True), (first, False)]
    assert room(world, issued.code, rooms[0])['ranking']['top'] == [second, first]
    world.service.moderate_post(mod, issued.code, second, 'unpin')
    assert [p['id'] for p in room(world, issued.code, rooms[0])['posts']] == [first, second]


@pytest.mark.parametrize('tag', ['key_takeaway', 'actionable_solution'])
def test_tag_and_untag(world: World, tag: str) -> None:
    issued = world.new_session()
    mod, rooms, _amina, post_id, _question = board(world, issued)
    rapporteur = named(world.rapporteur(issued), 'Ravi')
    world.service.moderate_post(rapporteur, issued.code, post_id, 'tag', tag=tag)
    assert room(world, issued.code, rooms[0])['posts'][0]['tags'] == [tag]
    world.service.moderate_post(mod, issued.code, post_id, 'untag', tag=tag)
    assert room(world, issued.code, rooms[0])['posts'][0]['tags'] == []
    entries = rows(world, ModerationEntry)
    assert [(e.actor_name, e.actor_role, e.action, e.reason) for e in entries] == [
        ('Ravi', Role.RAPPORTEUR, 'tag', tag), ('moderator', Role.MODERATOR, 'untag', tag)]


@pytest.mark.parametrize('tag', [None, 'KEY_TAKEAWAY', 'favourite', 3])
def test_an_unknown_tag_is_refused(world: World, tag: object) -> None:
    issued = world.new_session()
    mod, _rooms, _amina, post_id, _question = board(world, issued)
    refused(world, issued, InvalidInput, lambda: world.service.moderate_post(mod, issued.code, post_id, 'tag', tag=tag))
    assert rows(world, ModerationEntry) == []


def test_answer_and_spotlight_a_question(world: World) -> None:
    issued = world.new_session()
    mod, _rooms, amina, _post, question_id = board(world, issued)
    other = world.service.add_question(amina, issued.code, text='And the second question?')
    world.service.moderate_post(mod, issued.code, question_id, 'answer')
    version = json_state(world.service, issued.code)['agenda_version']
    world.service.moderate_post(mod, issued.code, question_id, 'spotlight')
    state = json_state(world.service, issued.code)
    assert state['agenda_version'] == version + 1, 'the spotlight changes the stage: a control change'
    assert world.events[-1].kind == ChangeKind.AGENDA
    shown = {q['id']: (q['answered'], q['spotlight']) for q in state['questions']}
    assert shown == {question_id: (True, True), other: (False, False)}
    world.service.moderate_post(mod, issued.code, other, 'spotlight')
    shown = {q['id']: q['spotlight'] for q in json_state(world.service, issued.code)['questions']}
    assert shown == {question_id: False, other: True}, 'one question in the spotlight at a time'
    world.service.moderate_post(mod, issued.code, other, 'unspotlight')
    world.service.moderate_post(mod, issued.code, question_id, 'unanswer')
    shown = {q['id']: (q['answered'], q['spotlight']) for q in json_state(world.service, issued.code)['questions']}
    assert shown == {question_id: (False, False), other: (False, False)}


@pytest.mark.parametrize('action', ['answer', 'unanswer', 'spotlight', 'unspotlight'])
def test_answer_and_spotlight_are_for_questions_only(world: World, action: str) -> None:
    issued = world.new_session()
    mod, _rooms, _amina, post_id, _question = board(world, issued)
    refused(world, issued, Conflict, lambda: world.service.moderate_post(mod, issued.code, post_id, action))


def test_a_hidden_question_cannot_be_spotlighted(world: World) -> None:
    issued = world.new_session()
    mod, _rooms, _amina, _post, question_id = board(world, issued)
    world.service.moderate_post(mod, issued.code, question_id, 'hide', reason='Abusive')
    refused(world, issued, Conflict, lambda: world.service.moderate_post(mod, issued.code, question_id, 'spotlight'))


@pytest.mark.parametrize('action', ['delete', 'HIDE', '', None, 3])
def test_an_unknown_action_is_refused(world: World, action: object) -> None:
    issued = world.new_session()
    mod, _rooms, _amina, post_id, _question = board(world, issued)
    refused(world, issued, InvalidInput, lambda: world.service.moderate_post(mod, issued.code, post_id, action))


def test_moderating_an_unknown_post_is_not_found(world: World) -> None:
    issued = world.new_session()
    mod, _rooms, _amina, _post, _question = board(world, issued)
    other = world.new_session()
    _m, _r, _a, elsewhere, _q = board(world, other)
    for bad in [str(uuid.uuid4()), 'nope', None, elsewhere]:
        refused(world, issued, NotFound, lambda b=bad: world.service.moderate_post(mod, issued.code, b, 'pin'))


def test_moderating_posts_is_for_staff_of_the_session(world: World) -> None:
    issued = world.new_session()
    _mod, _rooms, amina, post_id, question_id = board(world, issued)
    outsiders = [amina, world.participant(issued, 'Kofi', 'academia'), world.moderator(world.new_session())]
    for actor in outsiders:
        for target, action in [(post_id, 'pin'), (question_id, 'answer')]:
            refused(world, issued, Forbidden,
                    lambda a=actor, t=target, x=action: world.service.moderate_post(a, issued.code, t, x))
        refused(world, issued, Forbidden,
                lambda a=actor: world.service.moderate_post(a, issued.code, post_id, 'hide', reason='Mine now'))
    world.service.moderate_post(world.rapporteur(issued), issued.code, post_id, 'pin')
    world.service.moderate_post(world.organizer, issued.code, question_id, 'answer')
    assert [e.actor_role for e in rows(world, ModerationEntry)] == [Role.RAPPORTEUR, Role.ORGANIZER]


# pre-moderation ---------------------------------------------------------------------------------------------------

def test_pre_moderation_holds_posts_until_approved(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    earlier = world.service.add_post(amina, issued.code, rooms[0], text='Before pre-moderation')
    world.service.set_pre_moderation(mod, issued.code, True)
    assert json_state(world.service, issued.code)['pre_moderation'] is True
    held = world.service.add_post(amina, issued.code, rooms[0], text='Held back')
    question = world.service.add_question(amina, issued.code, text='Held question?')
    assert public_ids(world, issued.code) == {earlier}
    staff = json_state(world.service, issued.code, staff=True)
    pending = {p['id']: p['approved'] for p in staff['rooms'][0]['posts']}
    assert pending == {earlier: True, held: False}
    assert [(q['id'], q['approved']) for q in staff['questions']] == [(question, False)]
    world.service.edit_post(amina, issued.code, held, text='Held back, edited')  # the author may still fix it
    world.service.moderate_post(mod, issued.code, held, 'approve')
    world.service.moderate_post(mod, issued.code, question, 'approve')
    assert public_ids(world, issued.code) == {earlier, held, question}
    assert [(e.action, str(e.target_id)) for e in rows(world, ModerationEntry)] == [
        ('approve', held), ('approve', question)]
    world.service.set_pre_moderation(mod, issued.code, False)
    free = world.service.add_post(amina, issued.code, rooms[0], text='Straight through')
    assert free in public_ids(world, issued.code)


@pytest.mark.parametrize('on', [None, 'on', 1])
def test_pre_moderation_must_be_a_boolean(world: World, on: object) -> None:
    issued = world.new_session()
    refused(world, issued, InvalidInput,
            lambda: world.service.set_pre_moderation(world.moderator(issued), issued.code, on))


def test_pre_moderation_refuses_wrong_roles(world: World) -> None:
    issued = world.new_session()
    for actor in wrong_roles(world, issued):
        refused(world, issued, Forbidden, lambda a=actor: world.service.set_pre_moderation(a, issued.code, True))


# Q&A open and closed ----------------------------------------------------------------------------------------------

def test_questions_open_and_close(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    assert json_state(world.service, issued.code)['questions_open'] is True, 'open by default, for the whole session'
    version = json_state(world.service, issued.code)['agenda_version']
    world.service.set_questions_open(mod, issued.code, False)
    assert json_state(world.service, issued.code)['questions_open'] is False
    world.service.set_questions_open(mod, issued.code, True)
    state = json_state(world.service, issued.code)
    assert (state['questions_open'], state['agenda_version']) == (True, version + 2)


@pytest.mark.parametrize('on', [None, 'false', 0])
def test_questions_open_must_be_a_boolean(world: World, on: object) -> None:
    issued = world.new_session()
    refused(world, issued, InvalidInput,
            lambda: world.service.set_questions_open(world.moderator(issued), issued.code, on))


def test_questions_open_refuses_wrong_roles(world: World) -> None:
    issued = world.new_session()
    for actor in wrong_roles(world, issued):
        refused(world, issued, Forbidden, lambda a=actor: world.service.set_questions_open(a, issued.code, False))


# rename and remove participants -----------------------------------------------------------------------------------

def test_rename_fixes_an_offensive_name_everywhere(world: World) -> None:
    issued = world.new_session()
    mod, rooms, amina, post_id, _question = board(world, issued)
    world.service.set_hands(mod, issued.code, True)
    world.service.raise_hand(amina, issued.code)
    world.service.moderate_participant(named(mod, 'Maya'), issued.code, amina.participant_id, 'rename',
                                       name='  Participant 7 ', reason='Offensive name')
    state = json_state(world.service, issued.code, staff=True)
    assert room(world, issued.code, rooms[0])['posts'][0]['author'] == 'Participant 7'
    assert [p['name'] for p in state['people']] == ['Participant 7']
    assert [s['name'] for s in state['speakers'] if s['kind'] == 'hand'] == ['Participant 7'], \
        'the raised hand in the public line must not keep the offensive name'
    [entry] = rows(world, ModerationEntry)
    assert (entry.actor_name, entry.action, entry.target_type, entry.target_id, entry.reason) == (
        'Maya', 'rename', 'participant', amina.participant_id, 'Offensive name')
    assert post_id in public_ids(world, issued.code)


@pytest.mark.parametrize('name', ['', '   ', None, 'n' * 81, 7])
def test_rename_needs_a_name_of_1_to_80_characters(world: World, name: object) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    amina = world.participant(issued)
    refused(world, issued, InvalidInput,
            lambda: world.service.moderate_participant(mod, issued.code, amina.participant_id, 'rename', name=name))


def test_remove_revokes_the_token_hides_the_input_drops_the_hand_and_keeps_the_votes(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    joined = world.service.join(issued.code, name='Troll', group='other')
    troll = world.service.authenticate(issued.code, joined.token)
    world.service.join_room(troll, issued.code, rooms[0])
    amina = member(world, issued, rooms[0])
    theirs = world.service.add_post(troll, issued.code, rooms[0], text='Spam spam spam')
    asked = world.service.add_question(troll, issued.code, text='Spam?')
    good = world.service.add_post(amina, issued.code, rooms[0], text='A real idea')
    world.service.cast_vote(troll, issued.code, good)
    world.service.set_hands(mod, issued.code, True)
    world.service.raise_hand(troll, issued.code)
    assert [s['participant_id'] for s in json_state(world.service, issued.code)['speakers']] == [
        str(troll.participant_id)]
    world.clock.advance(10)

    world.service.moderate_participant(named(mod, 'Maya'), issued.code, troll.participant_id, 'remove',
                                       reason='Spamming')
    with pytest.raises(Unauthorized):
        world.service.authenticate(issued.code, joined.token)
    assert public_ids(world, issued.code) == {good}
    assert public_ids(world, issued.code, staff=True) == {good}
    hidden = {str(p.id): (p.hidden, p.hidden_reason) for p in rows(world, Post)
              if p.participant_id == troll.participant_id}
    assert hidden == {theirs: (True, 'Spamming'), asked: (True, 'Spamming')}
    state = json_state(world.service, issued.code, staff=True)
    assert state['speakers'] == [], 'their raised hand is dropped'
    assert room(world, issued.code, rooms[0])['posts'][0]['votes'] == 1, 'their votes stay'
    assert len(rows(world, Vote)) == 1
    assert room(world, issued.code, rooms[0])['participant_count'] == 1
    assert [(p['name'], p['removed']) for p in state['people'] if p['id'] == str(troll.participant_id)] == [
        ('Removed participant', True)], 'the name is erased (API.md: remove)'
    [entry] = rows(world, ModerationEntry)
    assert (entry.actor_name, entry.action, entry.reason, entry.created_at) == (
        'Maya', 'remove', 'Spamming', world.clock())
    assert world.events[-1].kind == ChangeKind.AGENDA


def test_a_removed_participant_can_do_nothing_more(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    troll = member(world, issued, rooms[0], 'Troll', 'other')
    post_id = world.service.add_post(member(world, issued, rooms[0]), issued.code, rooms[0], text='Fine')
    question = world.service.add_question(troll, issued.code, text='Fine?')
    world.service.moderate_participant(mod, issued.code, troll.participant_id, 'remove')
    world.service.set_hands(mod, issued.code, True)
    calls = [
        lambda: world.service.add_post(troll, issued.code, rooms[0], text='Back again'),
        lambda: world.service.add_question(troll, issued.code, text='Back again?'),
        lambda: world.service.cast_vote(troll, issued.code, post_id),
        lambda: world.service.withdraw_vote(troll, issued.code, post_id),
        lambda: world.service.edit_post(troll, issued.code, question, text='Edited'),
        lambda: world.service.raise_hand(troll, issued.code),
        lambda: world.service.call_moderator(troll, issued.code),
        lambda: world.service.lower_hand(troll, issued.code),
        lambda: world.service.join_room(troll, issued.code, rooms[1]),
    ]
    for call in calls:  # a page built before the removal still holds the old actor: one check, one error
        assert refused(world, issued, Unauthorized, call).code == 'participant_gone'



def test_removing_twice_is_refused(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    amina = world.participant(issued)
    world.service.moderate_participant(mod, issued.code, amina.participant_id, 'remove')
    refused(world, issued, Conflict,
            lambda: world.service.moderate_participant(mod, issued.code, amina.participant_id, 'remove'))
    assert len(rows(world, ModerationEntry)) == 1


def test_moderate_participant_refuses_bad_actions_and_unknown_people(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    amina = world.participant(issued)
    stranger = world.participant(world.new_session(), 'Stranger')
    for action in ['ban', None, 'REMOVE']:
        refused(world, issued, InvalidInput,
                lambda a=action: world.service.moderate_participant(mod, issued.code, amina.participant_id, a))
    for bad in ['nope', str(uuid.uuid4()), stranger.participant_id]:
        refused(world, issued, NotFound,
                lambda b=bad: world.service.moderate_participant(mod, issued.code, b, 'rename', name='X'))


def test_moderate_participant_is_for_moderators_only(world: World) -> None:
    issued = world.new_session()
    amina = world.participant(issued)
    for actor in [*wrong_roles(world, issued), amina]:
        for action in ['rename', 'remove']:
            refused(world, issued, Forbidden, lambda a=actor, x=action: world.service.moderate_participant(
                a, issued.code, amina.participant_id, x, name='Renamed'))
    world.service.moderate_participant(world.organizer, issued.code, amina.participant_id, 'rename', name='Org did it')


# broadcasts -------------------------------------------------------------------------------------------------------

def test_broadcast_reaches_the_state_and_is_kept(world: World) -> None:
    issued = world.new_session()
    mod = named(world.moderator(issued), 'Maya')
    world.clock.advance(90)
    world.service.broadcast(mod, issued.code, '  Five minutes left  ')
    state = json_state(world.service, issued.code)
    assert state['broadcast'] == {'message': 'Five minutes left', 'at_ms': state['server_time_ms']}
    assert world.events[-1].kind == ChangeKind.AGENDA
    world.service.broadcast(mod, issued.code, 'b' * 280)
    world.service.clear_broadcast(mod, issued.code)
    assert json_state(world.service, issued.code)['broadcast'] is None
    assert [(b.message, b.sent_by) for b in rows(world, Broadcast)] == [('Five minutes left', 'Maya'),
                                                                       ('b' * 280, 'Maya')]


@pytest.mark.parametrize('message', ['', '   ', None, 'm' * 281, 42])
def test_broadcast_needs_1_to_280_characters(world: World, message: object) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    refused(world, issued, InvalidInput, lambda: world.service.broadcast(mod, issued.code, message))


def test_broadcast_refuses_wrong_roles(world: World) -> None:
    issued = world.new_session()
    world.service.broadcast(world.moderator(issued), issued.code, 'Welcome')
    for actor in wrong_roles(world, issued):
        refused(world, issued, Forbidden, lambda a=actor: world.service.broadcast(a, issued.code, 'Hijack'))
        refused(world, issued, Forbidden, lambda a=actor: world.service.clear_broadcast(a, issued.code))
    assert json_state(world.service, issued.code)['broadcast']['message'] == 'Welcome'


# calls for help ---------------------------------------------------------------------------------------------------

def test_a_participant_calls_the_moderator_once_until_resolved(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[1], 'Amina')
    world.service.call_moderator(amina, issued.code)
    events = len(world.events)
    world.service.call_moderator(amina, issued.code)
    assert len(world.events) == events, 'a second press while the call is open changes nothing'
    staff = json_state(world.service, issued.code, staff=True)
    [call] = staff['help_calls']
    topic = staff['rooms'][1]['topic']
    assert (call['name'], call['room'], call['at_ms']) == ('Amina', topic, staff['server_time_ms'])
    assert 'help_calls' not in json_state(world.service, issued.code), 'calls are for staff'
    world.service.resolve_help_call(mod, issued.code, call['id'])
    assert json_state(world.service, issued.code, staff=True)['help_calls'] == []
    [stored_call] = rows(world, HelpCall)
    assert stored_call.resolved_at == world.clock()
    world.service.call_moderator(amina, issued.code)
    assert len(json_state(world.service, issued.code, staff=True)['help_calls']) == 1


def test_help_calls_refuse_unknown_calls_and_wrong_roles(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    amina = world.participant(issued)
    world.service.call_moderator(amina, issued.code)
    call_id = json_state(world.service, issued.code, staff=True)['help_calls'][0]['id']
    for bad in ['nope', str(uuid.uuid4()), None]:
        refused(world, issued, NotFound, lambda b=bad: world.service.resolve_help_call(mod, issued.code, b))
    for actor in [*wrong_roles(world, issued), amina]:
        refused(world, issued, Forbidden, lambda a=actor: world.service.resolve_help_call(a, issued.code, call_id))
    for actor in [mod, world.rapporteur(issued), world.participant(world.new_session(), 'Stranger')]:
        refused(world, issued, Forbidden, lambda a=actor: world.service.call_moderator(a, issued.code))
