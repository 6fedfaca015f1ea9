"""Languages at the API edge: errors in the reader's language with the same code, and the report in a chosen
language with the posts untouched."""

from typing import Any

import httpx
import pytest

from facilitator.i18n import _, use_language
from facilitator.render_markdown import escape as _md
from tests.api.helpers import bearer
from tests.api.test_export_api import filled, get_state  # noqa: F401  (filled is a fixture)
from tests.facilitator.test_export_formats import docx_text


@pytest.mark.parametrize('accept', ['es', 'es-419,es;q=0.9,en;q=0.5', 'de-CH, es;q=0.7'])
def test_an_error_follows_accept_language_and_keeps_its_code(http: httpx.Client, accept: str) -> None:
    english = http.get('/api/sessions/NOSUCH1/state', headers={'Accept-Language': 'en'})
    spanish = http.get('/api/sessions/NOSUCH1/state', headers={'Accept-Language': accept})
    assert spanish.status_code == english.status_code == 404
    assert spanish.json()['error']['code'] == english.json()['error']['code']
    with use_language('es'):
        expected = _(english.json()['error']['message'])
    assert spanish.json()['error']['message'] == expected != english.json()['error']['message']


def test_a_domain_error_with_parameters_is_said_in_french(http: httpx.Client, session: dict[str, Any]) -> None:
    response = http.post(f'/api/sessions/{session["code"]}/control', json={'action': 'fly'},
                         headers={**bearer(session['moderator_key']), 'Accept-Language': 'fr-FR,fr;q=0.9'})
    english = http.post(f'/api/sessions/{session["code"]}/control', json={'action': 'fly'},
                        headers=bearer(session['moderator_key']))
    assert response.status_code == english.status_code
    assert response.json()['error']['code'] == english.json()['error']['code']
    assert response.json()['error']['message'].startswith('Action inconnue')
    assert 'set-cookie' not in response.headers, 'the API never remembers a language'


def test_the_report_in_french(http: httpx.Client, filled: dict[str, Any]) -> None:  # noqa: F811
    def report(fmt: str, lang: str | None) -> bytes:
        params = {'format': fmt} | ({'lang': lang} if lang else {})
        response = http.get(f'/api/sessions/{filled["code"]}/export', params=params,
                            headers=bearer(filled['rapporteur_key']))
        assert response.status_code == 200, response.text
        return response.content

    texts = [p['text'] for room in get_state(http, filled['code'])['rooms'] for p in room['posts']]
    english, french = report('md', None).decode(), report('md', 'fr').decode()
    for heading in ('## Participation', '## Ordre du jour', '### Contributions les plus votées', '## Intervenants'):
        assert heading in french
    assert '## Attendance' not in french and '### Top posts' not in french
    assert '| Groupe de parties prenantes | Participants |' in french
    for text in texts:  # the posts exactly as in the English report
        assert _md(text) in english and _md(text) in french

    word = docx_text(report('docx', 'fr'))
    assert 'Participation' in word and 'Ordre du jour' in word and 'Attendance' not in word
    for text in texts:
        assert text in word
