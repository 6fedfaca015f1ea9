"""Hostile inputs through the API, table-driven: each gets its documented 4xx (API.md, Errors) and changes nothing:
the state's version and every stored row of the session are the same before and after."""

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.api.helpers import Server, bearer, create_session, join, ok_control

HUGE = 10 ** 400
ZW = '\u200b\u200c\u200d\ufeff'
RLO = '\u202e\u2066'


@dataclass(frozen=True)
class World:
    code: str
    session_id: Any
    keys: dict[str, str]
    ids: dict[str, str]


@dataclass(frozen=True)
class Case:
    name: str
    who: str  # anonymous | participant | other | moderator | rapporteur
    method: str
    path: str
    body: Any = None
    raw: bytes | None = None
    status: int = 422
    code: str | None = None


def c(name: str, who: str, method: str, path: str, body: Any = None, status: int = 422, *, raw: bytes | None = None,
      code: str | None = None) -> Case:
    return Case(name, who, method, path, body, raw, status, code)


CTRL = '/control'
CASES = [
    # the 13 cases of issue 12 -------------------------------------------------------------------------------------
    c('extend by a 400-digit number', 'moderator', 'POST', CTRL, {'action': 'extend', 'seconds': HUGE}),
    c('extend by minus a 400-digit number', 'moderator', 'POST', CTRL, {'action': 'extend', 'seconds': -HUGE}),
    c('extend the speaker by a 400-digit number', 'moderator', 'POST', CTRL,
      {'action': 'extend_speaker', 'seconds': HUGE}),
    c('extend the rooms by a 400-digit number', 'moderator', 'POST', CTRL,
      {'action': 'extend_rooms', 'seconds': HUGE}),
    c('hand time of a 400-digit number', 'moderator', 'POST', CTRL, {'action': 'hand_time', 'seconds': HUGE}),
    c('a presenter planned for a 400-digit time', 'moderator', 'POST', '/speakers',
      {'name': 'Bo', 'planned_seconds': HUGE}),
    c('a presenter changed to a 400-digit time', 'moderator', 'PATCH', '/speakers/{speaker}',
      {'planned_seconds': HUGE}),
    c('tag [] in post moderation', 'moderator', 'POST', '/posts/{post}/moderate', {'action': 'tag', 'tag': []}),
    c('tag {} in post moderation', 'moderator', 'POST', '/posts/{post}/moderate', {'action': 'tag', 'tag': {}}),
    c('untag [] in post moderation', 'moderator', 'POST', '/posts/{post}/moderate', {'action': 'untag', 'tag': []}),
    c('participant moderation action [] from a participant', 'participant', 'POST',
      '/participants/{other_id}/moderate', {'action': []}, 403),
    c('participant moderation action {} from a participant', 'participant', 'POST',
      '/participants/{other_id}/moderate', {'action': {}}, 403),
    c('participant moderation action [] from the moderator', 'moderator', 'POST',
      '/participants/{other_id}/moderate', {'action': []}),
    c('participant moderation action {} from the moderator', 'moderator', 'POST',
      '/participants/{other_id}/moderate', {'action': {}}),
    # control --------------------------------------------------------------------------------------------------------
    c('a control body that is not JSON', 'moderator', 'POST', CTRL, raw=b'{nope', status=400),
    c('a control body that is a JSON list', 'moderator', 'POST', CTRL, [1, 2], 400),
    c('an unknown control action', 'moderator', 'POST', CTRL, {'action': 'self_destruct'}),
    c('a control action that is a list', 'moderator', 'POST', CTRL, {'action': ['start']}),
    c('extend by a string', 'moderator', 'POST', CTRL, {'action': 'extend', 'seconds': 'lots'}),
    c('extend by more than 8 hours', 'moderator', 'POST', CTRL, {'action': 'extend', 'seconds': 8 * 3600 + 1}),
    c('open rooms for a 400-digit number of minutes', 'moderator', 'POST', CTRL,
      {'action': 'open_rooms', 'minutes': HUGE}),
    c('reset with clear_input "yes"', 'moderator', 'POST', CTRL, {'action': 'reset', 'clear_input': 'yes'}),
    c('a stale expected_version', 'moderator', 'POST', CTRL, {'action': 'pause', 'expected_version': 1}, 409),
    c('control without credentials', 'anonymous', 'POST', CTRL, {'action': 'pause'}, 401),
    c('control with a participant token', 'participant', 'POST', CTRL, {'action': 'pause'}, 403),
    c('control with the rapporteur key', 'rapporteur', 'POST', CTRL, {'action': 'pause'}, 403),
    c('control of an unknown session', 'moderator', 'POST', '!/api/sessions/ZZZZZZ/control', {'action': 'pause'},
      404),
    c('a body over 64 KiB', 'moderator', 'POST', CTRL, raw=b'{"action": "broadcast", "message": "' + b'x' * 70_000
      + b'"}', status=413),
    # posts ----------------------------------------------------------------------------------------------------------
    c('an empty post', 'participant', 'POST', '/rooms/{room}/posts', {'text': ''}),
    c('a post of only zero-width characters', 'participant', 'POST', '/rooms/{room}/posts', {'text': ZW}),
    c('a post of 1001 characters', 'participant', 'POST', '/rooms/{room}/posts', {'text': 'x' * 1001}),
    c('a post whose text is a list', 'participant', 'POST', '/rooms/{room}/posts', {'text': ['a']}),
    c('a post whose text is an object', 'participant', 'POST', '/rooms/{room}/posts', {'text': {'a': 1}}),
    c('a post of an unknown kind', 'participant', 'POST', '/rooms/{room}/posts', {'text': 'Hi', 'kind': 'rant'}),
    c('a post with anonymous "maybe"', 'participant', 'POST', '/rooms/{room}/posts',
      {'text': 'Hi', 'anonymous': 'maybe'}),
    c('a post into an unknown room', 'participant', 'POST', '/rooms/00000000-0000-0000-0000-000000000000/posts',
      {'text': 'Hi'}, 404),
    c('a post into a malformed room id', 'participant', 'POST', '/rooms/not-a-room/posts', {'text': 'Hi'}, 404),
    c('a post into another room', 'other', 'POST', '/rooms/{room}/posts', {'text': 'Hi'}, 403),
    c('a post without credentials', 'anonymous', 'POST', '/rooms/{room}/posts', {'text': 'Hi'}, 401),
    c('a post by the moderator', 'moderator', 'POST', '/rooms/{room}/posts', {'text': 'Hi'}, 403),
    c('a post body that is a string', 'participant', 'POST', '/rooms/{room}/posts', 'text', 400),
    c('an empty question', 'participant', 'POST', '/questions', {'text': '   '}),
    c('a question whose text is an object', 'participant', 'POST', '/questions', {'text': {}}),
    c('a question of zero-width characters', 'participant', 'POST', '/questions', {'text': ZW}),
    # votes, edits, deletes -----------------------------------------------------------------------------------------
    c('a vote on an unknown post', 'participant', 'POST', '/posts/00000000-0000-0000-0000-000000000000/vote', None,
      404),
    c('a vote on a malformed post id', 'participant', 'POST', '/posts/%00%ff/vote', None, 404),
    c('a vote without credentials', 'anonymous', 'POST', '/posts/{post}/vote', None, 401),
    c('a vote from another room', 'other', 'POST', '/posts/{post}/vote', None, 403),
    c("an edit of someone else's post", 'other', 'PATCH', '/posts/{post}', {'text': 'Mine now'}, 403),
    c('an edit to empty text', 'participant', 'PATCH', '/posts/{post}', {'text': ''}),
    c('an edit to zero-width text', 'participant', 'PATCH', '/posts/{post}', {'text': ZW}),
    c('an edit of an unknown post', 'participant', 'PATCH', '/posts/00000000-0000-0000-0000-000000000000',
      {'text': 'x'}, 404),
    c("a delete of someone else's post", 'other', 'DELETE', '/posts/{post}', None, 403),
    # moderation ----------------------------------------------------------------------------------------------------
    c('an unknown post moderation action', 'moderator', 'POST', '/posts/{post}/moderate', {'action': 'nuke'}),
    c('a post moderation action that is a list', 'moderator', 'POST', '/posts/{post}/moderate', {'action': []}),
    c('post moderation from a participant', 'participant', 'POST', '/posts/{post}/moderate', {'action': 'hide'}, 403),
    c('post moderation of an unknown post', 'moderator', 'POST',
      '/posts/00000000-0000-0000-0000-000000000000/moderate', {'action': 'hide', 'reason': 'spam'}, 404),
    c('a rename to an empty name', 'moderator', 'POST', '/participants/{other_id}/moderate',
      {'action': 'rename', 'name': ''}),
    c('a rename to zero-width characters', 'moderator', 'POST', '/participants/{other_id}/moderate',
      {'action': 'rename', 'name': ZW}),
    c('moderation of an unknown participant', 'moderator', 'POST',
      '/participants/00000000-0000-0000-0000-000000000000/moderate', {'action': 'remove'}, 404),
    c('moderation of a malformed participant id', 'moderator', 'POST', '/participants/x/moderate',
      {'action': 'remove'}, 404),
    # joining -------------------------------------------------------------------------------------------------------
    c('a join with an empty name', 'anonymous', 'POST', '/participants', {'name': '', 'group': 'youth'}),
    c('a join with a zero-width name', 'anonymous', 'POST', '/participants', {'name': ZW, 'group': 'youth'}),
    c('a join with only bidi overrides as the name', 'anonymous', 'POST', '/participants',
      {'name': RLO, 'group': 'youth'}),
    c('a join with a name of 81 characters', 'anonymous', 'POST', '/participants',
      {'name': 'x' * 81, 'group': 'youth'}),
    c('a join with an unknown group', 'anonymous', 'POST', '/participants', {'name': 'Eve', 'group': 'aliens'}),
    c('a join with a group list', 'anonymous', 'POST', '/participants', {'name': 'Eve', 'group': ['youth']}),
    c('a join body that is a list', 'anonymous', 'POST', '/participants', [], 400),
    c('a join to an unknown session', 'anonymous', 'POST', '!/api/sessions/ZZZZZZ/participants',
      {'name': 'Eve', 'group': 'youth'}, 404),
    # speakers, hands, help -----------------------------------------------------------------------------------------
    c('a presenter without a name', 'moderator', 'POST', '/speakers', {'name': ''}),
    c('a presenter with negative time', 'moderator', 'POST', '/speakers', {'name': 'Bo', 'planned_seconds': -5}),
    c('a presenter added by a participant', 'participant', 'POST', '/speakers', {'name': 'Me'}, 403),
    c('an unknown presenter changed', 'moderator', 'PATCH', '/speakers/00000000-0000-0000-0000-000000000000',
      {'name': 'X'}, 404),
    c('a malformed presenter removed', 'moderator', 'DELETE', '/speakers/../../x', None, 404),
    c('a hand raised by the moderator', 'moderator', 'POST', '/hand', None, 403),
    c('a hand raised without credentials', 'anonymous', 'POST', '/hand', None, 401),
    c('a help call from the moderator', 'moderator', 'POST', '/help', None, 403),
    # the session itself --------------------------------------------------------------------------------------------
    c('the session deleted by the moderator', 'moderator', 'DELETE', '', None, 403),
    c('the keys regenerated by the moderator', 'moderator', 'POST', '/keys', None, 403),
    c('the export by a participant', 'participant', 'GET', '/export?format=json', None, 403),
    c('the export in an unknown format', 'moderator', 'GET', '/export?format=exe', None, 422),
]


def _dump(server: Server, session_id: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored row of the session, straight from the database file."""
    db = sqlite3.connect(f'file:{server.data_dir / "facilitator.db"}?mode=ro', uri=True)
    try:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        out = {}
        for table in tables:
            columns = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]
            if table == 'dialogue_session':
                out[table] = sorted(db.execute('SELECT * FROM dialogue_session WHERE id = ?', (session_id,)))
            elif 'session_id' in columns:
                out[table] = sorted(db.execute(f'SELECT * FROM "{table}" WHERE session_id = ?', (session_id,)),
                                    key=repr)
        return out
    finally:
        db.close()


@pytest.fixture(scope='module')
def world(server: Server) -> Iterator[World]:
    """A live session: started, a presenter speaking, rooms open, Amina's post in room 1, Kofi in room 2."""
    with server.client() as http:
        session = create_session(http)
        code, key = session['code'], session['moderator_key']
        ok_control(http, code, key, 'start')
        speaker = http.post(f'/api/sessions/{code}/speakers', json={'name': 'Ana Ruiz'}, headers=bearer(key)).json()
        ok_control(http, code, key, 'open_rooms', minutes=120)
        rooms = [r['id'] for r in http.get(f'/api/sessions/{code}/state').json()['rooms']]
        amina, kofi = join(http, code, 'Amina').json(), join(http, code, 'Kofi', 'youth').json()
        for person, room in ((amina, rooms[0]), (kofi, rooms[1])):
            assert http.post(f'/api/sessions/{code}/rooms/{room}/join', headers=bearer(person['token'])).is_success
        post = http.post(f'/api/sessions/{code}/rooms/{rooms[0]}/posts', json={'text': 'Safety by default'},
                         headers=bearer(amina['token']))
        assert post.status_code == 201, post.text
    with sqlite3.connect(server.data_dir / 'facilitator.db') as db:
        [(session_id,)] = db.execute('SELECT id FROM dialogue_session WHERE code = ?', (code,))
    yield World(code=code, session_id=session_id,
                keys={'participant': amina['token'], 'other': kofi['token'], 'moderator': key,
                      'rapporteur': session['rapporteur_key']},
                ids={'room': rooms[0], 'post': post.json()['id'], 'speaker': speaker['id'],
                     'other_id': kofi['participant_id']})


def _send(http: httpx.Client, world: World, case: Case) -> httpx.Response:
    path = case.path[1:] if case.path.startswith('!') else f'/api/sessions/{world.code}{case.path}'
    path = path.format(**world.ids)
    headers = bearer(world.keys[case.who]) if case.who in world.keys else {}
    if case.raw is not None:
        return http.request(case.method, path, content=case.raw,
                            headers={**headers, 'Content-Type': 'application/json'})
    if case.body is None:
        return http.request(case.method, path, headers=headers)
    return http.request(case.method, path, json=case.body, headers=headers)


def test_the_table_holds_at_least_sixty_hostile_inputs() -> None:
    assert len(CASES) >= 60 and len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize('case', CASES, ids=[case.name for case in CASES])
def test_a_hostile_input_gets_its_documented_4xx_and_changes_nothing(server: Server, http: httpx.Client,
                                                                     world: World, case: Case) -> None:
    before_version = http.get(f'/api/sessions/{world.code}/state').json()['version']
    before_rows = _dump(server, world.session_id)
    response = _send(http, world, case)
    assert response.status_code == case.status, f'{case.name}: {response.status_code} {response.text[:300]}'
    error = response.json()['error']
    assert error['code'] and error['message'].strip()
    if case.code is not None:
        assert error['code'] == case.code
    assert http.get(f'/api/sessions/{world.code}/state').json()['version'] == before_version
    assert _dump(server, world.session_id) == before_rows, f'{case.name} changed a stored row'
