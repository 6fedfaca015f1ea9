"""Real Chromium: the plenary questions tab, first shown only after questions arrived as patches (the page was
built while the rooms were open), lists every question when the rooms close (issue 11, the emptied list)."""

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.factories import TEMPLATE

from .conftest import CHROMIUM, Server
from .test_posts_in_chromium import api, card, enter_room, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f'{CHROMIUM} is missing: install Debian chromium to run this'),
]


def test_the_question_list_survives_the_rooms_closing(server: Server, browser: Browser) -> None:
    issued = api(server, 'POST', '/api/sessions', server.admin_token, template=TEMPLATE)
    code, key = issued['code'], issued['moderator_key']
    api(server, 'POST', f'/api/sessions/{code}/control', key, action='open_rooms', minutes=20)
    dialogs: list[str] = []
    amina = new_page(browser, dialogs)
    enter_room(amina, server, code, 'Amina', 'Civil society')  # the page opens on the room tab
    joined = api(server, 'POST', f'/api/sessions/{code}/participants', '', name='Kofi', group='academia')
    for text in ('Who audits the filters?', 'What about age checks?'):
        response = httpx.post(f'{server.base_url}/api/sessions/{code}/questions', json={'text': text}, timeout=10,
                              headers={'Authorization': f'Bearer {joined["token"]}'})
        assert response.status_code == 201, response.text
    api(server, 'POST', f'/api/sessions/{code}/control', key, action='close_rooms')

    expect(amina.get_by_role('tab', name='Questions', selected=True)).to_be_visible()
    expect(card(amina, 'Who audits the filters?')).to_be_visible()
    expect(card(amina, 'What about age checks?')).to_be_visible()
    assert dialogs == []
