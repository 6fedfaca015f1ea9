"""Rooms, posts, votes, questions and moderation over HTTP against the real server, and a concurrent vote storm."""

import asyncio
import json
import re
import sqlite3
import time
import uuid
from collections import Counter
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect

from tests.api.helpers import NO_TLS, Server, assert_error, bearer, control, create_session, join, ok_control

XSS = '<img src=x onerror=alert(1)><script>alert(2)</script>'


# helpers ------------------------------------------------------------------------------------------------------------

def state(http: httpx.Client, code: str) -> dict[str, Any]:
    response = http.get(f'/api/sessions/{code}/state')
    assert response.status_code == 200
    return response.json()


def open_rooms(http: httpx.Client, session: dict[str, Any], **extra: Any) -> list[str]:
    opened = ok_control(http, session['code'], session['moderator_key'], 'open_rooms', **{'minutes': 20, **extra})
    return [room['id'] for room in opened['rooms']]


def person(http: httpx.Client, code: str, name: str = 'Amina', group: str = 'civil_society',
           room_id: str | None = None) -> str:
    """Join the session (and a room); returns the participant token."""
    response = join(http, code, name, group)
    assert response.status_code == 201, response.text
    token = str(response.json()['token'])
    if room_id is not None:
        entered = http.post(f'/api/sessions/{code}/rooms/{room_id}/join', headers=bearer(token))
        assert entered.status_code == 200, entered.text
        assert entered.json() == {'room_id': room_id, 'joined': True}
    return token


def post(http: httpx.Client, code: str, token: str, room_id: str, text: object = 'An idea', **extra: Any
         ) -> httpx.Response:
    return http.post(f'/api/sessions/{code}/rooms/{room_id}/posts', json={'text': text, **extra},
                     headers=bearer(token))


def posted(http: httpx.Client, code: str, token: str, room_id: str, text: str = 'An idea', **extra: Any) -> str:
    response = post(http, code, token, room_id, text, **extra)
    assert response.status_code == 201, response.text
    return str(response.json()['id'])


def vote(http: httpx.Client, code: str, token: str, post_id: str, *, withdraw: bool = False) -> httpx.Response:
    method = http.delete if withdraw else http.post
    return method(f'/api/sessions/{code}/posts/{post_id}/vote', headers=bearer(token))


def moderate(http: httpx.Client, code: str, key: str, post_id: str, action: str, **extra: Any) -> httpx.Response:
    return http.post(f'/api/sessions/{code}/posts/{post_id}/moderate', json={'action': action, **extra},
                     headers=bearer(key))


def visible(http: httpx.Client, code: str) -> dict[str, dict[str, Any]]:
    current = state(http, code)
    return {p['id']: p for p in [*(p for r in current['rooms'] for p in r['posts']), *current['questions']]}


# posts --------------------------------------------------------------------------------------------------------------

def test_a_post_is_201_with_the_post_and_appears_in_the_state(http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    rooms = open_rooms(http, session)
    amina = person(http, code, room_id=rooms[0])
    response = post(http, code, amina, rooms[0], f'  {XSS}  ', kind='risk')
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body['text'], body['kind'], body['author'], body['group'], body['votes'], body['pinned'], body['tags']) \
        == (XSS, 'risk', 'Amina', 'civil_society', 0, False, [])
    shown = state(http, code)['rooms'][0]['posts']
    assert [(p['id'], p['text']) for p in shown] == [(body['id'], XSS)], 'stored and returned verbatim'
    assert state(http, code)['rooms'][1]['posts'] == []


def test_anonymous_posts_have_no_public_author(http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    rooms = open_rooms(http, session)
    amina = person(http, code, room_id=rooms[0])
    post_id = posted(http, code, amina, rooms[0], 'Quietly', anonymous=True)
    shown = visible(http, code)[post_id]
    assert (shown['author'], shown['anonymous']) == (None, True)
    assert 'Amina' not in json.dumps(state(http, code))


@pytest.mark.parametrize('body', [{'text': ''}, {'text': '   \n'}, {'text': 'x' * 1001}, {'text': None},
                                  {'text': 5}, {}, {'text': 'ok', 'kind': 'idea'}, {'text': 'ok', 'anonymous': 'yes'}])
def test_bad_post_input_is_422_and_changes_nothing(http: httpx.Client, session: dict[str, Any],
                                                   body: dict[str, Any]) -> None:
    code = session['code']
    rooms = open_rooms(http, session)
    amina = person(http, code, room_id=rooms[0])
    before = state(http, code)['version']
    response = http.post(f'/api/sessions/{code}/rooms/{rooms[0]}/posts', json=body, headers=bearer(amina))
    assert_error(response, 422)
    assert state(http, code)['version'] == before


def test_text_of_exactly_1000_characters_is_accepted(http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    rooms = open_rooms(http, session)
    amina = person(http, code, room_id=rooms[0])
    assert post(http, code, amina, rooms[0], 'é' * 1000).status_code == 201


def test_posting_while_rooms_are_closed_is_409(http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    rooms = [r['id'] for r in state(http, code)['rooms']]
    amina = person(http, code, room_id=rooms[0])  # joining works while the rooms are closed
    assert_error(post(http, code, amina, rooms[0]), 409, 'rooms_closed')
    open_rooms(http, session)
    assert post(http, code, amina, rooms[0]).status_code == 201
    ok_control(http, code, session['moderator_key'], 'close_rooms')
    assert_error(post(http, code, amina, rooms[0], 'Another'), 409, 'rooms_closed')


def test_posting_into_a_room_you_are_not_in_is_403(http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    rooms = open_rooms(http, session)
    amina = person(http, code, room_id=rooms[0])
    assert_error(post(http, code, amina, rooms[1]), 403, 'not_in_room')
    assert all(r['posts'] == [] for r in state(http, code)['rooms'])


@pytest.mark.parametrize('room_id', ['nope', str(uuid.uuid4()), '1'])
def test_posting_into_an_unknown_room_is_404(http: httpx.Client, session: dict[str, Any], room_id: str) -> None:
    code = session['code']
    rooms = open_rooms(http, session)
    amina = person(http, code, room_id=rooms[0])
    assert_error(post(http, code, amina, room_id), 404)
    assert_error(http.post(f'/api/sessions/{code}/rooms/{room_id}/join', headers=bearer(amina)), 404)


def test_the_sixth_post_in_30_seconds_is_429_with_retry_after(http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    rooms = open_rooms(http, session)
    amina = person(http, code, room_id=rooms[0])
    kofi = person(http, code, 'Kofi', 'academia', rooms[0])
    started = time.monotonic()
    for i in range(5):
        assert post(http, code, amina, rooms[0], f'Thought {i}').status_code == 201
    before = state(http, code)['version']
    response = post(http, code, amina, rooms[0], 'Thought 5')
    elapsed = time.monotonic() - started
    assert_error(response, 429, 'rate_limited')
    retry_after = response.headers.get('Retry-After', '')
    assert re.fullmatch(r'[1-9]\d*', retry_after), f'Retry-After must be whole seconds, got {retry_after!r}'
    assert 30 - elapsed - 1 <= int(retry_after) <= 30
    assert state(http, code)['version'] == before
    assert post(http, code, kofi, rooms[0], 'Kofi has his own limit').status_code == 201


def test_the_same_text_twice_within_a_minute_is_409_duplicate_post(http: httpx.Client,
                                                                  session: dict[str, Any]) -> None:
    code = session['code']
    rooms = open_rooms(http, session)
    amina = person(http, code, room_id=rooms[0])
    assert post(http, code, amina, rooms[0], 'Same again').status_code == 201
    assert_error(post(http, code, amina, rooms[0], ' Same again '), 409, 'duplicate_post')


def test_participant_endpoints_need_a_valid_token(http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    rooms = open_rooms(http, session)
    amina = person(http, code, room_id=rooms[0])
    post_id = posted(http, code, amina, rooms[0])
    for headers in [{}, bearer('not-a-token')]:
        assert_error(http.post(f'/api/sessions/{code}/rooms/{rooms[0]}/posts', json={'text': 'x'}, headers=headers),
                     401)
        assert_error(http.post(f'/api/sessions/{code}/posts/{post_id}/vote', headers=headers), 401)
        assert_error(http.post(f'/api/sessions/{code}/questions', json={'text': 'x?'}, headers=headers), 401)
        assert_error(http.post(f'/api/sessions/{code}/help', headers=headers), 401)
    for key in [session['moderator_key'], session['rapporteur_key']]:  # a staff key is not a participant
        assert_error(post(http, code, key, rooms[0]), 403)
        assert_error(vote(http, code, key, post_id), 403)


# edit and delete ----------------------------------------------------------------------------------------------------

def test_edit_and_delete_own_posts_until_they_have_votes(http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    rooms = open_rooms(http, session)
    amina = person(http, code, room_id=rooms[0])
    kofi = person(http, code, 'Kofi', 'academia', rooms[0])
    first = posted(http, code, amina, rooms[0], 'Frist')
    second = posted(http, code, amina, rooms[0], 'Second')
    path = f'/api/sessions/{code}/posts/{first}'
    assert_error(http.patch(path, json={'text': 'Hijacked'}, headers=bearer(kofi)), 403, 'not_your_post')
    assert_error(http.patch(path, json={'text': ' '}, headers=bearer(amina)), 422)
    edited = http.patch(path, json={'text': 'First'}, headers=bearer(amina))
    assert (edited.status_code, edited.json()) == (200, {'id': first, 'edited': True})
    assert visible(http, code)[first]['text'] == 'First'
    assert vote(http, code, kofi, first).status_code == 200
    assert_error(http.patch(path, json={'text': 'Changed'}, headers=bearer(amina)), 409, 'has_votes')
    assert_error(http.delete(path, headers=bearer(amina)), 409, 'has_votes')
    assert_error(http.delete(f'/api/sessions/{code}/posts/{second}', headers=bearer(kofi)), 403)
    deleted = http.delete(f'/api/sessions/{code}/posts/{second}', headers=bearer(amina))
    assert (deleted.status_code, deleted.json()) == (200, {'id': second, 'deleted': True})
    assert set(visible(http, code)) == {first}
    assert_error(http.delete(f'/api/sessions/{code}/posts/{second}', headers=bearer(amina)), 404)


# votes --------------------------------------------------------------------------------------------------------------

def test_vote_and_withdraw_are_idempotent(http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    rooms = open_rooms(http, session)
    amina = person(http, code, room_id=rooms[0])
    kofi = person(http, code, 'Kofi', 'academia', rooms[0])
    post_id = posted(http, code, amina, rooms[0])
    for _ in range(2):
        response = vote(http, code, kofi, post_id)
        assert (response.status_code, response.json()) == (200, {'votes': 1, 'voted': True})
    assert vote(http, code, amina, post_id).json() == {'votes': 2, 'voted': True}, 'your own post is fine'
    assert visible(http, code)[post_id]['votes'] == 2
    for _ in range(2):
        response = vote(http, code, kofi, post_id, withdraw=True)
        assert (response.status_code, response.json()) == (200, {'votes': 1, 'voted': False})
    assert visible(http, code)[post_id]['votes'] == 1


def test_votes_are_refused_where_not_allowed(http: httpx.Client, session: dict[str, Any]) -> None:
    code, key = session['code'], session['moderator_key']
    rooms = open_rooms(http, session)
    amina = person(http, code, room_id=rooms[0])
    kofi = person(http, code, 'Kofi', 'academia', rooms[1])
    here = posted(http, code, amina, rooms[0], 'Here')
    hidden = posted(http, code, amina, rooms[0], 'Soon hidden')
    assert moderate(http, code, key, hidden, 'hide', reason='Off topic').status_code == 200
    before = state(http, code)['version']
    assert_error(vote(http, code, kofi, here), 403, 'not_in_room')
    assert_error(vote(http, code, amina, hidden), 404, 'post_not_found')
    assert_error(vote(http, code, amina, str(uuid.uuid4())), 404)
    assert_error(vote(http, code, amina, 'not-a-uuid'), 404)
    assert state(http, code)['version'] == before
    assert vote(http, code, amina, here).status_code == 200
    ok_control(http, code, key, 'close_rooms')
    assert_error(vote(http, code, amina, here), 409, 'rooms_closed')
    assert_error(vote(http, code, amina, here, withdraw=True), 409, 'rooms_closed')
    assert visible(http, code)[here]['votes'] == 1


# plenary questions --------------------------------------------------------------------------------------------------

def test_questions_and_their_votes_follow_q_and_a_open_or_closed(http: httpx.Client,
                                                                  session: dict[str, Any]) -> None:
    code, key = session['code'], session['moderator_key']
    amina = person(http, code)
    kofi = person(http, code, 'Kofi', 'academia')
    asked = http.post(f'/api/sessions/{code}/questions', json={'text': 'Who audits this?'}, headers=bearer(amina))
    assert asked.status_code == 201, asked.text
    question = asked.json()
    assert (question['text'], question['votes'], question['answered'], question['spotlight']) == (
        'Who audits this?', 0, False, False)
    assert vote(http, code, kofi, question['id']).json() == {'votes': 1, 'voted': True}, 'no room needed'
    assert_error(http.post(f'/api/sessions/{code}/questions', json={'text': ''}, headers=bearer(amina)), 422)
    closed = ok_control(http, code, key, 'close_questions')
    assert closed['questions_open'] is False
    assert_error(http.post(f'/api/sessions/{code}/questions', json={'text': 'Late?'}, headers=bearer(amina)), 409,
                 'questions_closed')
    assert_error(vote(http, code, amina, question['id']), 409, 'questions_closed')
    ok_control(http, code, key, 'open_questions')
    assert vote(http, code, amina, question['id']).json() == {'votes': 2, 'voted': True}


# moderation ---------------------------------------------------------------------------------------------------------

def test_moderating_posts_over_http(http: httpx.Client, session: dict[str, Any]) -> None:
    code, key, rapporteur = session['code'], session['moderator_key'], session['rapporteur_key']
    rooms = open_rooms(http, session)
    amina = person(http, code, room_id=rooms[0])
    post_id = posted(http, code, amina, rooms[0], 'Takeaway material')
    asked = http.post(f'/api/sessions/{code}/questions', json={'text': 'A question?'}, headers=bearer(amina)).json()
    response = moderate(http, code, rapporteur, post_id, 'tag', tag='key_takeaway')
    assert (response.status_code, response.json()) == (200, {'id': post_id, 'action': 'tag', 'done': True})
    assert moderate(http, code, key, post_id, 'pin').status_code == 200
    assert (visible(http, code)[post_id]['tags'], visible(http, code)[post_id]['pinned']) == (['key_takeaway'], True)
    assert moderate(http, code, key, asked['id'], 'spotlight').status_code == 200
    assert visible(http, code)[asked['id']]['spotlight'] is True
    assert_error(moderate(http, code, key, post_id, 'answer'), 409)
    assert_error(moderate(http, code, key, post_id, 'hide'), 422)  # a reason is required
    assert_error(moderate(http, code, key, post_id, 'explode'), 422)
    assert_error(moderate(http, code, key, post_id, 'tag', tag='favourite'), 422)
    assert_error(moderate(http, code, key, str(uuid.uuid4()), 'pin'), 404)
    assert_error(moderate(http, code, amina, post_id, 'hide', reason='Mine'), 403)
    assert_error(moderate(http, code, 'wrong-key', post_id, 'pin'), 401)
    assert moderate(http, code, key, post_id, 'hide', reason='Duplicate of another room').status_code == 200
    assert post_id not in visible(http, code)
    assert 'Takeaway material' not in json.dumps(state(http, code))


def test_pre_moderation_over_http(http: httpx.Client, session: dict[str, Any]) -> None:
    code, key = session['code'], session['moderator_key']
    rooms = open_rooms(http, session)
    amina = person(http, code, room_id=rooms[0])
    assert ok_control(http, code, key, 'pre_moderation', on=True)['pre_moderation'] is True
    response = post(http, code, amina, rooms[0], 'Waiting for a moderator')
    assert response.status_code == 201
    post_id = response.json()['id']
    assert response.json()['approved'] is False
    assert post_id not in visible(http, code)
    assert_error(vote(http, code, amina, post_id), 404)
    assert moderate(http, code, session['rapporteur_key'], post_id, 'approve').status_code == 200
    assert visible(http, code)[post_id]['text'] == 'Waiting for a moderator'


def test_removing_a_participant_revokes_their_token_and_keeps_their_votes(http: httpx.Client,
                                                                           session: dict[str, Any]) -> None:
    code, key = session['code'], session['moderator_key']
    rooms = open_rooms(http, session)
    joined = join(http, code, 'Troll', 'other').json()
    troll = joined['token']
    assert http.post(f'/api/sessions/{code}/rooms/{rooms[0]}/join', headers=bearer(troll)).status_code == 200
    amina = person(http, code, room_id=rooms[0])
    spam = posted(http, code, troll, rooms[0], 'Spam')
    good = posted(http, code, amina, rooms[0], 'Good')
    assert vote(http, code, troll, good).status_code == 200
    path = f"/api/sessions/{code}/participants/{joined['participant_id']}/moderate"
    assert_error(http.post(path, json={'action': 'remove'}, headers=bearer(session['rapporteur_key'])), 403)
    assert_error(http.post(path, json={'action': 'rename', 'name': ''}, headers=bearer(key)), 422)
    assert_error(http.post(f'/api/sessions/{code}/participants/{uuid.uuid4()}/moderate', json={'action': 'remove'},
                           headers=bearer(key)), 404)
    renamed = http.post(path, json={'action': 'rename', 'name': 'Participant 9'}, headers=bearer(key))
    assert renamed.status_code == 200
    assert visible(http, code)[spam]['author'] == 'Participant 9'
    removed = http.post(path, json={'action': 'remove', 'reason': 'Spamming'}, headers=bearer(key))
    assert (removed.status_code, removed.json()) == (200, {'id': joined['participant_id'], 'action': 'remove',
                                                           'done': True})
    assert_error(post(http, code, troll, rooms[0], 'Back'), 401)
    assert_error(vote(http, code, troll, good, withdraw=True), 401)
    assert_error(http.post(f'/api/sessions/{code}/help', headers=bearer(troll)), 401)
    assert set(visible(http, code)) == {good}
    assert visible(http, code)[good]['votes'] == 1, 'their votes stay'
    assert_error(http.post(path, json={'action': 'remove'}, headers=bearer(key)), 409)


# room control actions -----------------------------------------------------------------------------------------------

def test_room_control_actions_over_http(http: httpx.Client, session: dict[str, Any]) -> None:
    code, key = session['code'], session['moderator_key']
    for bad in [0, -1, 481, 'ten', True]:
        assert_error(control(http, code, key, 'open_rooms', minutes=bad), 422)
    assert_error(control(http, code, key, 'extend_rooms', seconds=60), 409)
    assert_error(control(http, code, key, 'close_rooms'), 409)
    opened = ok_control(http, code, key, 'open_rooms', minutes=10)
    assert opened['rooms_open'] is True and opened['rooms_grace_seconds'] == 60
    assert 599_000 <= opened['rooms_ends_at_ms'] - opened['server_time_ms'] <= 600_000
    extended = ok_control(http, code, key, 'extend_rooms', seconds=120)
    assert extended['rooms_ends_at_ms'] == opened['rooms_ends_at_ms'] + 120_000
    assert_error(control(http, code, key, 'broadcast', message='x' * 281), 422)
    assert ok_control(http, code, key, 'broadcast', message='Two minutes')['broadcast']['message'] == 'Two minutes'
    assert_error(control(http, code, session['rapporteur_key'], 'close_rooms'), 403)
    closed = ok_control(http, code, key, 'close_rooms')
    assert (closed['rooms_open'], closed['report_back_room']) == (False, None)
    assert ok_control(http, code, key, 'report_back', room_index=1)['report_back_room'] == 1
    assert_error(control(http, code, key, 'report_back', room_index=5), 422)


# 200 participants voting at once ------------------------------------------------------------------------------------

PEOPLE = 200
GROUPS = ['government', 'industry', 'civil_society', 'academia', 'international_organization', 'youth', 'other']


def plan_for(index: int, eligible: list[str]) -> list[tuple[str, int]]:
    """(post id, copies) for participant `index`: three of the posts they may vote on, some sent twice at once."""
    picks = [eligible[(index + offset) % len(eligible)] for offset in (0, 2, 3)]
    return [(post_id, 2 if (index + k) % 5 == 0 else 1) for k, post_id in enumerate(picks)]


def stored_votes(server: Server) -> tuple[Counter[str], int]:
    """Votes per post, straight from the server's SQLite file, and the number of duplicate (post, person) rows."""
    path = server.data_dir / 'facilitator.db'
    with sqlite3.connect(f'file:{path}?mode=ro', uri=True, timeout=10) as db:
        counts = Counter({str(uuid.UUID(str(post_id))): int(n)
                          for post_id, n in db.execute('SELECT post_id, COUNT(*) FROM vote GROUP BY post_id')})
        duplicates = db.execute('SELECT COUNT(*) FROM (SELECT post_id, participant_id FROM vote '
                                'GROUP BY post_id, participant_id HAVING COUNT(*) > 1)').fetchone()[0]
    return counts, int(duplicates)


def counts_in(snapshot: dict[str, Any], post_ids: list[str]) -> dict[str, int]:
    posts = {p['id']: p['votes'] for r in snapshot['rooms'] for p in r['posts']}
    posts |= {q['id']: q['votes'] for q in snapshot['questions']}
    return {post_id: posts[post_id] for post_id in post_ids}


async def populate(api: httpx.AsyncClient, code: str, rooms: list[str]) -> tuple[list[str], dict[str, list[str]],
                                                                           list[str]]:
    """200 people split over the two rooms; 4 posts in each room by its members, and 2 plenary questions."""

    async def enter(index: int) -> str:
        response = await api.post(f'/api/sessions/{code}/participants',
                                  json={'name': f'P{index:03}', 'group': GROUPS[index % len(GROUPS)]})
        assert response.status_code == 201, response.text
        token = str(response.json()['token'])
        entered = await api.post(f'/api/sessions/{code}/rooms/{rooms[index % 2]}/join', headers=bearer(token))
        assert entered.status_code == 200, entered.text
        return token

    tokens = list(await asyncio.gather(*(enter(i) for i in range(PEOPLE))))
    by_room: dict[str, list[str]] = {room_id: [] for room_id in rooms}
    for n in range(8):
        room_id = rooms[n % 2]
        response = await api.post(f'/api/sessions/{code}/rooms/{room_id}/posts', json={'text': f'Idea {n}'},
                                  headers=bearer(tokens[n]))
        assert response.status_code == 201, response.text
        by_room[room_id].append(response.json()['id'])
    questions = []
    for n in range(2):
        response = await api.post(f'/api/sessions/{code}/questions', json={'text': f'Question {n}?'},
                                  headers=bearer(tokens[10 + n]))
        assert response.status_code == 201, response.text
        questions.append(response.json()['id'])
    return tokens, by_room, questions


async def storm(api: httpx.AsyncClient, code: str, tokens: list[str], plans: list[list[tuple[str, int]]]) -> int:
    """Every participant votes at once; within a plan, a double press sends both requests together."""

    async def cast(token: str, post_id: str) -> None:
        response = await api.post(f'/api/sessions/{code}/posts/{post_id}/vote', headers=bearer(token))
        assert response.status_code == 200, response.text
        answer = response.json()
        assert answer['voted'] is True and 1 <= answer['votes'] <= PEOPLE, answer

    async def voter(token: str, plan: list[tuple[str, int]]) -> int:
        for post_id, copies in plan:
            await asyncio.gather(*(cast(token, post_id) for _ in range(copies)))
        return sum(copies for _post, copies in plan)

    return sum(await asyncio.gather(*(voter(t, p) for t, p in zip(tokens, plans, strict=True))))


async def test_200_participants_voting_concurrently_keep_every_count_exact(server: Server) -> None:
    # Idle connections expire on the client before uvicorn's 5 s keep-alive closes them, so no request races a close.
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64, keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=server.base_url, timeout=60.0, limits=limits, **NO_TLS) as api:
        with httpx.Client(base_url=server.base_url, timeout=10.0, **NO_TLS) as sync_http:
            session = create_session(sync_http)
        code = session['code']
        opened = (await api.post(f'/api/sessions/{code}/control', json={'action': 'open_rooms', 'minutes': 60},
                                 headers=bearer(session['moderator_key']))).json()
        rooms = [r['id'] for r in opened['rooms']]
        tokens, by_room, questions = await populate(api, code, rooms)
        post_ids = [*by_room[rooms[0]], *by_room[rooms[1]], *questions]
        assert len(post_ids) == 10
        plans = [plan_for(i, by_room[rooms[i % 2]] + questions) for i in range(PEOPLE)]
        expected = Counter(post_id for plan in plans for post_id, _copies in plan)
        assert all(len(plan) >= 2 for plan in plans), 'everyone votes on several posts'

        snapshots: list[dict[str, Any]] = []
        async with connect(f'{server.ws_url}/api/sessions/{code}/live', open_timeout=10, close_timeout=2,
                           max_size=2**24) as ws:
            assert json.loads(await asyncio.wait_for(ws.recv(), 10))['type'] == 'snapshot'

            async def listen() -> None:
                while True:
                    snapshots.append(json.loads(await ws.recv()))

            listener = asyncio.create_task(listen())
            try:
                started = time.monotonic()
                sent = await storm(api, code, tokens, plans)
                storm_s = time.monotonic() - started
                final = (await api.get(f'/api/sessions/{code}/state')).json()
                deadline = time.monotonic() + 10
                while (not snapshots or snapshots[-1]['version'] < final['version']) and time.monotonic() < deadline:
                    await asyncio.sleep(0.05)
            finally:
                listener.cancel()

    assert sent > sum(expected.values()), 'some people voted twice'
    expected_counts = {post_id: expected[post_id] for post_id in post_ids}
    assert counts_in(final, post_ids) == expected_counts, 'GET /state'
    db_counts, duplicates = stored_votes(server)
    assert {post_id: db_counts[post_id] for post_id in post_ids} == expected_counts, 'the database'
    assert duplicates == 0
    assert snapshots, 'the live feed sent nothing during the storm'
    assert all(m['type'] == 'snapshot' for m in snapshots)
    last = snapshots[-1]
    assert last['version'] == final['version'], f'the feed stopped at {last["version"]} of {final["version"]}'
    assert counts_in(last['state'], post_ids) == expected_counts, 'the last /live snapshot'
    assert storm_s < 60, f'{sent} vote requests took {storm_s:.1f} s'
