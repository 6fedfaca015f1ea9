"""GET /api/sessions/{code}/export against the real server: the four formats, anonymising, and who may download."""

import csv
import io
import json
from typing import Any

import httpx
import pytest
from docx import Document

from tests.api.helpers import ADMIN_TOKEN, assert_error, bearer, create_session, join, ok_control
from tests.facilitator.test_export_formats import csv_rows, docx_room_posts, docx_text, md_room_posts, unneutralise

FORMATS = ('md', 'docx', 'csv', 'json')
MEDIA = {'md': 'text/markdown; charset=utf-8', 'csv': 'text/csv; charset=utf-8', 'json': 'application/json',
         'docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'pdf': 'application/pdf'}
HIDDEN = 'API-HIDDEN-TEXT nobody may export'
PEOPLE = (('Amina Okafor', 'civil_society'), ('Bruno Keller', 'industry'), ('ليلى حداد', 'academia'),
          ('Kofi Mensah', 'youth'))


def get_state(http: httpx.Client, code: str) -> dict[str, Any]:
    response = http.get(f'/api/sessions/{code}/state')
    assert response.status_code == 200
    return response.json()


def download(http: httpx.Client, session: dict[str, Any], fmt: str, *, key: str | None = None,
             anonymize: str | None = None) -> httpx.Response:
    params = {'format': fmt} | ({'anonymize': anonymize} if anonymize is not None else {})
    return http.get(f'/api/sessions/{session["code"]}/export', params=params,
                    headers=bearer(key or session['rapporteur_key']))


def ok_download(http: httpx.Client, session: dict[str, Any], fmt: str, **kwargs: Any) -> bytes:
    response = download(http, session, fmt, **kwargs)
    assert response.status_code == 200, response.text
    assert response.headers['content-type'] == MEDIA[fmt]
    day = get_state(http, session['code'])['starts_at'][:10]
    suffix = '-anonymised' if str(kwargs.get('anonymize', '')).lower() in {'1', 'true', 'yes', 'on'} else ''
    expected = f'attachment; filename="{session["code"]}-{day}-report{suffix}.{fmt}"'
    assert response.headers['content-disposition'] == expected
    return response.content


def call(http: httpx.Client, method: str, url: str, token: str, **body: Any) -> dict[str, Any]:
    response = http.request(method, url, json=body or None, headers=bearer(token))
    assert response.status_code in {200, 201}, f'{url}: {response.status_code} {response.text}'
    return dict(response.json())


@pytest.fixture
def filled(http: httpx.Client, session: dict[str, Any]) -> dict[str, Any]:
    """Two rooms with posts and votes from four groups, a tag, an anonymous post, a hidden post and a question."""
    code = session['code']
    base = f'/api/sessions/{code}'
    rooms = [room['id'] for room in get_state(http, code)['rooms']]
    tokens = {}
    for index, (name, group) in enumerate(PEOPLE):
        response = join(http, code, name, group)
        assert response.status_code == 201, response.text
        tokens[name] = response.json()['token']
        call(http, 'POST', f'{base}/rooms/{rooms[index // 2]}/join', tokens[name])
    ok_control(http, code, session['moderator_key'], 'start')
    ok_control(http, code, session['moderator_key'], 'open_rooms', minutes=20)

    def post(name: str, text: str, **extra: Any) -> str:
        room = rooms[[p[0] for p in PEOPLE].index(name) // 2]
        return str(call(http, 'POST', f'{base}/rooms/{room}/posts', tokens[name], text=text, **extra)['id'])

    posts = {
        'arabic': post('Amina Okafor', 'Privacy first — الخصوصية أولاً', kind='risk'),
        'formula': post('Bruno Keller', '=cmd|"/C calc"!A0', kind='comment'),
        'chinese': post('ليلى حداد', '儿童安全 🙂 design codes', kind='solution'),
        'youth': post('Kofi Mensah', 'Youth councils for platforms', kind='opportunity'),
        'anonymous': post('Amina Okafor', 'Nobody reads the reports', anonymous=True),
        'hidden': post('Bruno Keller', HIDDEN),
    }
    for voter, label in (('Amina Okafor', 'arabic'), ('Bruno Keller', 'arabic'), ('Bruno Keller', 'formula'),
                         ('Kofi Mensah', 'chinese'), ('ليلى حداد', 'chinese'), ('Kofi Mensah', 'youth'),
                         ('Amina Okafor', 'hidden')):
        call(http, 'POST', f'{base}/posts/{posts[label]}/vote', tokens[voter])
    rapporteur = session['rapporteur_key']
    call(http, 'POST', f'{base}/posts/{posts["hidden"]}/moderate', rapporteur, action='hide', reason='Advertising')
    call(http, 'POST', f'{base}/posts/{posts["chinese"]}/moderate', rapporteur, action='tag',
         tag='actionable_solution')
    call(http, 'POST', f'{base}/questions', tokens['Amina Okafor'], text='Who checks the checkers?')
    ok_control(http, code, session['moderator_key'], 'next')
    return {**session, 'tokens': tokens, 'posts': posts}


def posts_by_room(content: bytes, fmt: str) -> dict[str, list[tuple[str, int]]]:
    """Topic → (text, votes) in the order the format lists them."""
    if fmt == 'json':
        return {r['topic']: [(p['text'], p['votes']) for p in r['posts']] for r in json.loads(content)['rooms']}
    if fmt == 'csv':
        rooms: dict[str, list[tuple[str, int]]] = {}
        for row in csv_rows(content):
            if row['room'] != 'Plenary Q&A':
                rooms.setdefault(row['room'], []).append((unneutralise(row['text']), int(row['votes'])))
        return rooms
    tables = md_room_posts(content.decode()) if fmt == 'md' else docx_room_posts(content)
    return {topic: [(row[1], int(row[4])) for row in rows] for topic, rows in tables.items()}


def readable(content: bytes, fmt: str) -> str:
    return docx_text(content) if fmt == 'docx' else content.decode('utf-8-sig')


# correct use --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('fmt', FORMATS)
def test_every_format_holds_the_posts_and_votes_of_the_state(http: httpx.Client, filled: dict[str, Any],
                                                             fmt: str) -> None:
    content = ok_download(http, filled, fmt)
    state = get_state(http, filled['code'])
    expected = {room['topic']: [(p['text'], p['votes']) for p in room['posts']] for room in state['rooms']}
    assert sum(len(rows) for rows in expected.values()) == 5
    assert posts_by_room(content, fmt) == expected
    assert HIDDEN not in readable(content, fmt)


def test_the_json_download_matches_the_state_in_detail(http: httpx.Client, filled: dict[str, Any]) -> None:
    report = json.loads(ok_download(http, filled, 'json'))
    state = get_state(http, filled['code'])
    shown = {p['id']: p for room in state['rooms'] for p in room['posts']}
    exported = {p['id']: p for room in report['rooms'] for p in room['posts']}
    assert set(exported) == set(shown) and filled['posts']['hidden'] not in exported
    for post_id, post in exported.items():
        assert (post['votes'], post['tags'], post['kind']) == (shown[post_id]['votes'], shown[post_id]['tags'],
                                                                shown[post_id]['kind'])
    assert exported[filled['posts']['anonymous']]['author'] == 'Anonymous'
    assert exported[filled['posts']['youth']]['author'] == 'Youth'
    assert report['moderation']['hidden_posts'] == 1
    assert report['moderation']['hidden_reasons'] == {'Advertising': 1}
    first = state['segments'][0]
    assert report['agenda'][0]['actual_seconds'] == round((first['ended_at_ms'] - first['started_at_ms']) / 1000)
    assert [q['text'] for q in report['questions']] == ['Who checks the checkers?']


def test_the_docx_and_csv_downloads_open_in_their_readers(http: httpx.Client, filled: dict[str, Any]) -> None:
    document = Document(io.BytesIO(ok_download(http, filled, 'docx')))
    assert document.paragraphs[0].style is not None and document.paragraphs[0].style.name == 'Title'
    content = ok_download(http, filled, 'csv')
    assert content.startswith(b'\xef\xbb\xbf')
    rows = list(csv.reader(io.StringIO(content.decode('utf-8-sig'))))
    assert rows[0][:6] == ['room', 'kind', 'text', 'author', 'group', 'votes']
    assert '\'=cmd|"/C calc"!A0' in [row[2] for row in rows]


@pytest.mark.parametrize('fmt', FORMATS)
def test_anonymize_true_leaves_no_name_in_any_format(http: httpx.Client, filled: dict[str, Any], fmt: str) -> None:
    named = readable(ok_download(http, filled, fmt, anonymize='false'), fmt)
    assert 'Amina Okafor' in named and 'Kofi Mensah' not in named, 'youth names are private by default'
    anonymous = readable(ok_download(http, filled, fmt, anonymize='true'), fmt)
    for name, _group in PEOPLE:
        assert name not in anonymous
    assert 'Civil society' in anonymous and 'Industry' in anonymous


def test_anonymize_accepts_the_usual_spellings(http: httpx.Client, filled: dict[str, Any]) -> None:
    for value in ('true', 'True', '1', 'yes', 'on'):
        assert json.loads(ok_download(http, filled, 'json', anonymize=value))['header']['anonymized'] is True
    for value in ('false', '0', 'no', ''):
        assert json.loads(ok_download(http, filled, 'json', anonymize=value))['header']['anonymized'] is False


def test_the_format_defaults_to_markdown(http: httpx.Client, session: dict[str, Any]) -> None:
    response = http.get(f'/api/sessions/{session["code"]}/export', headers=bearer(session['rapporteur_key']))
    assert response.status_code == 200
    assert response.headers['content-type'] == MEDIA['md']
    assert response.text.startswith(f'# {session["title"]}')


@pytest.mark.parametrize('key', ['moderator_key', 'organizer'])
def test_moderators_and_the_organizer_may_export_too(http: httpx.Client, session: dict[str, Any], key: str) -> None:
    secret = ADMIN_TOKEN if key == 'organizer' else session[key]
    assert json.loads(ok_download(http, session, 'json', key=secret))['header']['code'] == session['code']


@pytest.mark.parametrize('fmt', FORMATS)
def test_a_session_with_no_posts_exports_in_every_format(http: httpx.Client, session: dict[str, Any],
                                                         fmt: str) -> None:
    content = ok_download(http, session, fmt)
    if fmt == 'json':
        assert [room['posts'] for room in json.loads(content)['rooms']] == [[], []]
    elif fmt == 'csv':
        assert len(csv_rows(content)) == 0
    elif fmt == 'docx':
        assert Document(io.BytesIO(content)).paragraphs[0].text == session['title']
    else:
        assert content.decode().startswith(f'# {session["title"]}')


def test_the_pdf_download_is_a_pdf_named_by_code_date_and_anonymised(http: httpx.Client,
                                                                      filled: dict[str, Any]) -> None:
    assert ok_download(http, filled, 'pdf').startswith(b'%PDF')
    assert ok_download(http, filled, 'pdf', anonymize='true').startswith(b'%PDF')


# refusals -----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('fmt', ['PDF', 'xlsx', 'DOCX', 'md5', '%00'])
def test_an_unknown_format_is_422(http: httpx.Client, session: dict[str, Any], fmt: str) -> None:
    assert_error(download(http, session, fmt), 422, 'unknown_format')


def test_a_participant_token_is_403(http: httpx.Client, session: dict[str, Any]) -> None:
    response = join(http, session['code'])
    assert response.status_code == 201
    assert_error(download(http, session, 'md', key=response.json()['token']), 403)
    assert_error(download(http, session, 'pdf', key=response.json()['token']), 403)


def test_no_or_a_wrong_token_is_401(http: httpx.Client, session: dict[str, Any]) -> None:
    assert_error(http.get(f'/api/sessions/{session["code"]}/export', params={'format': 'md'}), 401)
    assert_error(download(http, session, 'md', key='not-a-key'), 401)


def test_another_sessions_key_is_refused(http: httpx.Client, session: dict[str, Any], admin: httpx.Client) -> None:
    other = create_session(admin)
    assert_error(download(http, session, 'json', key=other['rapporteur_key']), 401)
    assert_error(download(http, session, 'json', key=other['moderator_key']), 401)


def test_an_unknown_session_is_404(http: httpx.Client, session: dict[str, Any]) -> None:
    response = http.get('/api/sessions/NOPE999/export', params={'format': 'md'},
                        headers=bearer(session['rapporteur_key']))
    assert_error(response, 404)
