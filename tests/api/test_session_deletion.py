"""DELETE /api/sessions/{code}: 204 for the organiser; afterwards the code is 404 and its secrets stop working."""

from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from tests.api.helpers import ADMIN_TOKEN, Server, assert_error, bearer, control, join


def test_the_organiser_deletes_a_session_and_its_code_and_secrets_stop_working(
        server: Server, http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    token = join(http, code, name='Amina Diallo').json()['token']
    assert http.post(f'/api/sessions/{code}/hand', headers=bearer(token)).status_code in {200, 201, 409}
    deleted = http.delete(f'/api/sessions/{code}', headers=bearer(ADMIN_TOKEN))
    assert deleted.status_code == 204 and deleted.content == b''
    assert_error(http.get(f'/api/sessions/{code}/state'), 404)
    assert_error(join(http, code), 404)
    for secret in (token, session['moderator_key'], session['rapporteur_key']):
        response = control(http, code, secret, 'start')
        assert response.status_code in {401, 404}, response.text
    assert http.post(f'/api/sessions/{code}/hand', headers=bearer(token)).status_code in {401, 404}
    assert http.get(f'/api/sessions/{code}/export', headers=bearer(session['rapporteur_key'])).status_code in {401,
                                                                                                            404}
    assert_error(http.delete(f'/api/sessions/{code}', headers=bearer(ADMIN_TOKEN)), 404)
    assert http.get(f'/s/{code}').status_code in {200, 404}  # the page says the session is unknown


async def test_the_live_socket_of_a_deleted_session_is_404(server: Server, http: httpx.Client,
                                                           session: dict[str, Any]) -> None:
    assert http.delete(f"/api/sessions/{session['code']}", headers=bearer(ADMIN_TOKEN)).status_code == 204
    with pytest.raises(InvalidStatus) as refused:
        async with connect(f"{server.ws_url}/api/sessions/{session['code']}/live", open_timeout=5):
            pass
    assert refused.value.response.status_code == 404


@pytest.mark.parametrize('who', ['moderator_key', 'rapporteur_key', 'participant', None])
def test_only_the_organiser_may_delete_a_session(http: httpx.Client, session: dict[str, Any], who: str | None) -> None:
    code = session['code']
    secret = join(http, code).json()['token'] if who == 'participant' else session.get(who or '', None)
    before = http.get(f'/api/sessions/{code}/state').json()['version']
    response = http.delete(f'/api/sessions/{code}', headers=bearer(secret) if secret else {})
    assert_error(response, 401 if secret is None else 403)
    assert http.get(f'/api/sessions/{code}/state').json()['version'] == before
