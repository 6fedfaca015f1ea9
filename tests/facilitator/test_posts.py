"""Posts in breakout rooms and plenary questions through the service: adding, limits, editing, deleting, privacy."""

import uuid

import pytest

from db.models import Post
from facilitator.errors import Conflict, Forbidden, InvalidInput, NotFound, RateLimited
from facilitator.events import ChangeKind
from tests.factories import World, json_state

from .test_rooms import member, refused, room, rows, with_rooms

XSS = '<img src=x onerror=alert(1)><script>alert(2)</script>'
KINDS = ['risk', 'opportunity', 'solution', 'question', 'comment']


# add_post ---------------------------------------------------------------------------------------------------------

def test_a_post_appears_in_its_room_with_its_author(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0], 'Amina', 'civil_society')
    before = json_state(world.service, issued.code)
    post_id = world.service.add_post(amina, issued.code, rooms[0], text='  Default privacy for minors  ', kind='risk')
    state = json_state(world.service, issued.code)
    [post] = state['rooms'][0]['posts']
    assert post['id'] == post_id
    assert (post['text'], post['kind'], post['author'], post['group']) == (
        'Default privacy for minors', 'risk', 'Amina', 'civil_society')
    assert (post['votes'], post['votes_by_group'], post['pinned'], post['tags']) == (0, {}, False, [])
    assert post['created_at_ms'] == state['server_time_ms']
    assert state['rooms'][1]['posts'] == [], 'the other room does not get it'
    assert 'author_name' not in post and 'participant_id' not in post, 'private fields are for staff'
    assert state['version'] == before['version'] + 1
    assert state['agenda_version'] == before['agenda_version'], 'posts are input, not a control change'
    assert world.events[-1].kind == ChangeKind.NEW_INPUT


def test_post_text_is_stored_verbatim_without_escaping(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    text = f'{XSS}\n& "quotes" \'single\' — ünïcödé 👍'
    post_id = world.service.add_post(amina, issued.code, rooms[0], text=text)
    assert room(world, issued.code, rooms[0])['posts'][0]['text'] == text
    [stored] = rows(world, Post)
    assert (str(stored.id), stored.text) == (post_id, text)


@pytest.mark.parametrize('kind', KINDS)
def test_every_kind_may_be_posted(world: World, kind: str) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    world.service.add_post(amina, issued.code, rooms[0], text=f'A {kind}', kind=kind)
    assert room(world, issued.code, rooms[0])['posts'][0]['kind'] == kind


@pytest.mark.parametrize('text', ['x' * 1000, '  ' + 'x' * 1000 + '\n', 'x'])
def test_text_of_1_to_1000_characters_after_trimming_is_accepted(world: World, text: str) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    world.service.add_post(amina, issued.code, rooms[0], text=text)
    assert room(world, issued.code, rooms[0])['posts'][0]['text'] == text.strip()


@pytest.mark.parametrize(('text', 'code'), [
    ('', 'empty_text'), ('   ', 'empty_text'), ('\n\t ', 'empty_text'), (None, 'empty_text'), (42, 'empty_text'),
    (['hi'], 'empty_text'), ('x' * 1001, 'text_too_long'), (' ' + 'é' * 1001 + ' ', 'text_too_long'),
])
def test_empty_or_too_long_text_is_refused(world: World, text: object, code: str) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    refused(world, issued, InvalidInput, lambda: world.service.add_post(amina, issued.code, rooms[0], text=text),
            code=code)
    assert rows(world, Post) == []


@pytest.mark.parametrize('kind', ['idea', 'RISK', None, '', 3])
def test_an_unknown_kind_is_refused(world: World, kind: object) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    refused(world, issued, InvalidInput,
            lambda: world.service.add_post(amina, issued.code, rooms[0], text='Hello', kind=kind))


@pytest.mark.parametrize('anonymous', ['yes', 1, None])
def test_anonymous_must_be_a_boolean(world: World, anonymous: object) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    refused(world, issued, InvalidInput,
            lambda: world.service.add_post(amina, issued.code, rooms[0], text='Hello', anonymous=anonymous))


def test_posting_while_the_rooms_are_closed_is_refused(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    rooms = [r['id'] for r in json_state(world.service, issued.code)['rooms']]
    amina = member(world, issued, rooms[0])
    refused(world, issued, Conflict, lambda: world.service.add_post(amina, issued.code, rooms[0], text='Early'),
            code='rooms_closed')
    world.service.open_rooms(mod, issued.code, 20)
    world.service.add_post(amina, issued.code, rooms[0], text='On time')
    world.service.close_rooms(mod, issued.code)
    refused(world, issued, Conflict, lambda: world.service.add_post(amina, issued.code, rooms[0], text='Late'),
            code='rooms_closed')


def test_posting_into_a_room_you_are_not_in_is_forbidden(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    refused(world, issued, Forbidden, lambda: world.service.add_post(amina, issued.code, rooms[1], text='Hi'),
            code='not_in_room')
    in_plenary = world.participant(issued, 'Kofi', 'academia')
    refused(world, issued, Forbidden, lambda: world.service.add_post(in_plenary, issued.code, rooms[0], text='Hi'),
            code='not_in_room')


@pytest.mark.parametrize('room_id', ['nope', '00000000-0000-0000-0000-000000000000', None])
def test_posting_into_an_unknown_room_is_not_found(world: World, room_id: object) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    refused(world, issued, NotFound, lambda: world.service.add_post(amina, issued.code, room_id, text='Hi'))


def test_only_participants_of_the_session_may_post(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    other, other_mod, other_rooms = with_rooms(world)
    stranger = member(world, other, other_rooms[0], 'Stranger')
    for actor in [mod, world.rapporteur(issued), world.organizer, stranger, other_mod]:
        refused(world, issued, Forbidden, lambda a=actor: world.service.add_post(a, issued.code, rooms[0], text='Hi'))


# the rate limit and duplicates ------------------------------------------------------------------------------------

def test_the_sixth_post_within_30_seconds_is_rate_limited(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    for i in range(5):
        world.service.add_post(amina, issued.code, rooms[0], text=f'Thought {i}')
        world.clock.advance(1)
    error = refused(world, issued, RateLimited,
                    lambda: world.service.add_post(amina, issued.code, rooms[0], text='Thought 5'))
    assert error.retry_after == 25, 'the first post (at 0 s) leaves the 30 s window at 30 s; it is now 5 s'
    assert error.status == 429
    world.clock.advance(24.5)
    error = refused(world, issued, RateLimited,
                    lambda: world.service.add_post(amina, issued.code, rooms[0], text='Thought 5'))
    assert error.retry_after == 1, 'whole seconds, rounded up'
    world.clock.advance(0.5)
    world.service.add_post(amina, issued.code, rooms[0], text='Thought 5')
    assert len(room(world, issued.code, rooms[0])['posts']) == 6


def test_the_rate_limit_is_per_participant_and_counts_questions_too(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    kofi = member(world, issued, rooms[0], 'Kofi', 'academia')
    for i in range(3):
        world.service.add_post(amina, issued.code, rooms[0], text=f'Post {i}')
    for i in range(2):
        world.service.add_question(amina, issued.code, text=f'Question {i}')
    refused(world, issued, RateLimited, lambda: world.service.add_question(amina, issued.code, text='One more?'))
    world.service.add_post(kofi, issued.code, rooms[0], text='Kofi is not limited by Amina')


def test_deleting_posts_does_not_reset_the_rate_limit(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    for i in range(5):
        post_id = world.service.add_post(amina, issued.code, rooms[0], text=f'Flood {i}')
        world.service.delete_post(amina, issued.code, post_id)
    with pytest.raises(RateLimited):
        world.service.add_post(amina, issued.code, rooms[0], text='Flood 5')


def test_the_same_text_twice_within_a_minute_is_a_duplicate(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    world.service.add_post(amina, issued.code, rooms[0], text='Safety by default')
    world.clock.advance(59)
    refused(world, issued, Conflict, lambda: world.service.add_post(amina, issued.code, rooms[0],
                                                                    text='  Safety by default\n'),
            code='duplicate_post')
    world.clock.advance(2)
    world.service.add_post(amina, issued.code, rooms[0], text='Safety by default')
    assert [p['text'] for p in room(world, issued.code, rooms[0])['posts']] == ['Safety by default'] * 2


def test_the_same_text_from_someone_else_or_as_a_question_is_not_a_duplicate(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    kofi = member(world, issued, rooms[0], 'Kofi', 'academia')
    world.service.add_post(amina, issued.code, rooms[0], text='Same words')
    world.service.add_post(kofi, issued.code, rooms[0], text='Same words')
    world.service.add_question(amina, issued.code, text='Same words')
    refused(world, issued, Conflict, lambda: world.service.add_question(amina, issued.code, text='Same words'),
            code='duplicate_post')
    world.service.join_room(amina, issued.code, rooms[1])
    world.service.add_post(amina, issued.code, rooms[1], text='Same words')


# plenary questions ------------------------------------------------------------------------------------------------

def test_questions_are_open_for_the_whole_session(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    amina = world.participant(issued)
    world.service.add_question(amina, issued.code, text='Before the start?')
    for index in range(3):
        if index == 0:
            world.service.start_segment(mod, issued.code)
        else:
            world.service.next_segment(mod, issued.code)
        world.clock.advance(31)
        world.service.add_question(amina, issued.code, text=f'In segment {index}?')
    world.service.open_rooms(mod, issued.code, 5)
    world.service.add_question(amina, issued.code, text='While the rooms are open?')
    state = json_state(world.service, issued.code)
    assert state['questions_open'] is True
    assert {q['text'] for q in state['questions']} == {
        'Before the start?', 'In segment 0?', 'In segment 1?', 'In segment 2?', 'While the rooms are open?'}
    question = state['questions'][0]
    assert (question['answered'], question['spotlight'], question['votes'], question['kind']) == (
        False, False, 0, 'question')
    assert all(r['posts'] == [] for r in state['rooms']), 'questions are not room posts'


def test_questions_closed_are_refused_until_reopened(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    amina = world.participant(issued)
    world.service.set_questions_open(mod, issued.code, False)
    refused(world, issued, Conflict, lambda: world.service.add_question(amina, issued.code, text='Anyone?'),
            code='questions_closed')
    world.service.set_questions_open(mod, issued.code, True)
    world.service.add_question(amina, issued.code, text='Anyone?')
    assert [q['text'] for q in json_state(world.service, issued.code)['questions']] == ['Anyone?']


@pytest.mark.parametrize('text', ['', '  ', None, 'q' * 1001])
def test_a_question_needs_1_to_1000_characters(world: World, text: object) -> None:
    issued = world.new_session()
    amina = world.participant(issued)
    refused(world, issued, InvalidInput, lambda: world.service.add_question(amina, issued.code, text=text))


def test_only_participants_of_the_session_may_ask(world: World) -> None:
    issued = world.new_session()
    stranger = world.participant(world.new_session(), 'Stranger')
    for actor in [world.moderator(issued), world.rapporteur(issued), world.organizer, stranger]:
        refused(world, issued, Forbidden, lambda a=actor: world.service.add_question(a, issued.code, text='Q?'))


# privacy ----------------------------------------------------------------------------------------------------------

def test_anonymous_posts_show_no_author_publicly_but_staff_see_who(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0], 'Amina', 'industry')
    post_id = world.service.add_post(amina, issued.code, rooms[0], text='Quietly', anonymous=True)
    question_id = world.service.add_question(amina, issued.code, text='Quietly asked?', anonymous=True)
    public = json_state(world.service, issued.code)
    staff = json_state(world.service, issued.code, staff=True)
    for post in [public['rooms'][0]['posts'][0], public['questions'][0]]:
        assert (post['author'], post['group'], post['anonymous']) == (None, None, True)
        assert 'Amina' not in str(post)
    for post in [staff['rooms'][0]['posts'][0], staff['questions'][0]]:
        assert (post['author'], post['author_name'], post['group']) == (None, 'Amina', 'industry')
        assert post['participant_id'] == str(amina.participant_id)
    assert {staff['rooms'][0]['posts'][0]['id'], staff['questions'][0]['id']} == {post_id, question_id}


def test_a_participant_who_hides_their_name_is_shown_by_group(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    joined = world.service.join(issued.code, name='Kofi', group='youth')  # youth: name hidden by default
    kofi = world.service.authenticate(issued.code, joined.token)
    world.service.join_room(kofi, issued.code, rooms[0])
    world.service.add_post(kofi, issued.code, rooms[0], text='Ask us first')
    public = room(world, issued.code, rooms[0])['posts'][0]
    assert (public['author'], public['group']) == (None, 'youth')
    assert room(world, issued.code, rooms[0], staff=True)['posts'][0]['author_name'] == 'Kofi'


# edit_post and delete_post ----------------------------------------------------------------------------------------

def test_the_author_edits_a_post_until_it_has_votes(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    kofi = member(world, issued, rooms[0], 'Kofi', 'academia')
    post_id = world.service.add_post(amina, issued.code, rooms[0], text='Tpyo')
    world.clock.advance(5)
    world.service.edit_post(amina, issued.code, post_id, text='  Typo fixed ')
    assert room(world, issued.code, rooms[0])['posts'][0]['text'] == 'Typo fixed'
    [stored] = rows(world, Post)
    assert stored.updated_at == world.clock()
    assert world.events[-1].kind == ChangeKind.INPUT
    world.service.cast_vote(kofi, issued.code, post_id)
    refused(world, issued, Conflict, lambda: world.service.edit_post(amina, issued.code, post_id, text='Changed'),
            code='has_votes')
    refused(world, issued, Conflict, lambda: world.service.delete_post(amina, issued.code, post_id),
            code='has_votes')
    world.service.withdraw_vote(kofi, issued.code, post_id)
    world.service.edit_post(amina, issued.code, post_id, text='Changed once the vote is gone')


def test_the_author_deletes_a_post_without_votes(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    keep = world.service.add_post(amina, issued.code, rooms[0], text='Keep')
    drop = world.service.add_post(amina, issued.code, rooms[0], text='Drop')
    world.service.delete_post(amina, issued.code, drop)
    assert [p['id'] for p in room(world, issued.code, rooms[0])['posts']] == [keep]
    dropped = next(p for p in rows(world, Post) if str(p.id) == drop)
    assert (dropped.deleted, dropped.text) == (True, ''), 'the text is gone; the row only keeps the rate limit honest'
    assert [p['id'] for p in room(world, issued.code, rooms[0], staff=True)['posts']] == [keep]
    assert world.events[-1].kind == ChangeKind.INPUT
    assert world.service.my_input(amina) == (set(), {keep})
    refused(world, issued, NotFound, lambda: world.service.delete_post(amina, issued.code, drop))
    refused(world, issued, NotFound, lambda: world.service.edit_post(amina, issued.code, drop, text='Back?'))
    refused(world, issued, NotFound, lambda: world.service.cast_vote(amina, issued.code, drop))


def test_nobody_edits_or_deletes_someone_elses_post(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    kofi = member(world, issued, rooms[0], 'Kofi', 'academia')
    post_id = world.service.add_post(amina, issued.code, rooms[0], text='Mine')
    refused(world, issued, Forbidden, lambda: world.service.edit_post(kofi, issued.code, post_id, text='Yours'),
            code='not_your_post')
    refused(world, issued, Forbidden, lambda: world.service.delete_post(kofi, issued.code, post_id),
            code='not_your_post')
    for actor in [mod, world.rapporteur(issued)]:  # staff hide posts; they do not rewrite or delete them
        refused(world, issued, Forbidden, lambda a=actor: world.service.edit_post(a, issued.code, post_id, text='X'))
        refused(world, issued, Forbidden, lambda a=actor: world.service.delete_post(a, issued.code, post_id))


@pytest.mark.parametrize('text', ['', '   ', None, 'x' * 1001])
def test_an_edit_needs_1_to_1000_characters(world: World, text: object) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    post_id = world.service.add_post(amina, issued.code, rooms[0], text='Original')
    refused(world, issued, InvalidInput, lambda: world.service.edit_post(amina, issued.code, post_id, text=text))


def test_edit_and_delete_of_unknown_or_hidden_posts_are_not_found(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    post_id = world.service.add_post(amina, issued.code, rooms[0], text='Soon hidden')
    world.service.moderate_post(mod, issued.code, post_id, 'hide', reason='Off topic')
    for bad in [post_id, str(uuid.uuid4()), 'nope']:
        refused(world, issued, NotFound, lambda b=bad: world.service.edit_post(amina, issued.code, b, text='Back'))
        refused(world, issued, NotFound, lambda b=bad: world.service.delete_post(amina, issued.code, b))
    assert rows(world, Post)[0].text == 'Soon hidden'


# my_input ---------------------------------------------------------------------------------------------------------

def test_my_input_lists_my_votes_and_my_posts(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    kofi = member(world, issued, rooms[0], 'Kofi', 'academia')
    mine = world.service.add_post(amina, issued.code, rooms[0], text='Mine')
    question = world.service.add_question(amina, issued.code, text='My question?')
    theirs = world.service.add_post(kofi, issued.code, rooms[0], text='Theirs')
    world.service.cast_vote(amina, issued.code, theirs)
    world.service.cast_vote(amina, issued.code, mine)
    assert world.service.my_input(amina) == ({theirs, mine}, {mine, question})
    assert world.service.my_input(kofi) == (set(), {theirs})
    assert world.service.my_input(mod) == (set(), set())
