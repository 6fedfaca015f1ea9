"""Real Chromium: the moderator drags a presenter to the front and a participant's "Next speaker" follows;
a participant raises a hand in the browser, the moderator calls it, and the participant sees "You're up"."""

from typing import Any

import httpx
from playwright.sync_api import Browser, Locator, Page, expect

from tests.factories import TEMPLATE

from .conftest import Server
from .pages import BROWSER_TESTS, join_session, staff_sign_in

pytestmark = BROWSER_TESTS
TIMEOUT_MS = 10_000


def api(server: Server, method: str, path: str, secret: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    response = httpx.request(method, f'{server.base_url}{path}', json=body, timeout=10,
                             headers={'Authorization': f'Bearer {secret}'})
    assert response.is_success, f'{method} {path}: {response.status_code} {response.text}'
    return response.json()


def new_session(server: Server, *presenters: str) -> dict[str, Any]:
    issued = api(server, 'POST', '/api/sessions', server.admin_token, {'template': TEMPLATE})
    for name in presenters:
        api(server, 'POST', f'/api/sessions/{issued["code"]}/speakers', issued['moderator_key'],
            {'name': name, 'planned_seconds': 300})
    return issued


def waiting(server: Server, code: str) -> list[str]:
    response = httpx.get(f'{server.base_url}/api/sessions/{code}/state', timeout=5)
    response.raise_for_status()
    return [s['name'] for s in response.json()['speakers'] if s['state'] == 'waiting']


def page_of(browser: Browser) -> Page:
    page = browser.new_context(locale='en-GB').new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


def open_moderator(browser: Browser, issued: dict[str, Any]) -> Page:
    page = page_of(browser)
    staff_sign_in(page, issued['urls']['moderator'], 'Maya')
    expect(page.get_by_text('Signed in as Maya')).to_be_visible()
    return page


def join(browser: Browser, server: Server, code: str, name: str) -> Page:
    page = page_of(browser)
    join_session(page, f'{server.base_url}/s/{code}', name)
    expect(page.get_by_text(f'You are {name} · Civil society')).to_be_visible()
    return page


def queue_row(page: Page, label: str) -> Locator:
    """The draggable row of the moderator's waiting line whose heading reads `label` (e.g. '3. Cleo')."""
    return page.locator('[draggable="true"]').filter(has=page.get_by_text(label, exact=True))


def test_dragging_a_presenter_to_the_front_changes_next_speaker_for_participants(server: Server,
                                                                                 browser: Browser) -> None:
    issued = new_session(server, 'Ana', 'Ben', 'Cleo')
    code = issued['code']
    participant = join(browser, server, code, 'Amina')
    next_speaker = participant.locator('.ls-next-speaker')
    expect(next_speaker).to_contain_text('Next speaker: Ana')
    moderator = open_moderator(browser, issued)
    expect(queue_row(moderator, '3. Cleo')).to_be_visible()

    queue_row(moderator, '3. Cleo').drag_to(queue_row(moderator, '1. Ana'))
    expect(queue_row(moderator, '1. Cleo')).to_be_visible()
    expect(next_speaker).to_contain_text('Next speaker: Cleo')
    assert waiting(server, code) == ['Cleo', 'Ana', 'Ben']

    # The buttons do the same for anyone who cannot drag.
    moderator.get_by_role('button', name='Move down Cleo', exact=True).click()
    expect(next_speaker).to_contain_text('Next speaker: Ana')
    assert waiting(server, code) == ['Ana', 'Cleo', 'Ben']
    expect(moderator.locator('.q-notification')).to_have_count(0)


def test_participant_whose_hand_is_called_sees_youre_up(server: Server, browser: Browser) -> None:
    issued = new_session(server)
    code = issued['code']
    api(server, 'POST', f'/api/sessions/{code}/control', issued['moderator_key'], {'action': 'open_hands'})
    amina = join(browser, server, code, 'Amina')
    kofi = join(browser, server, code, 'Kofi')
    moderator = open_moderator(browser, issued)

    amina.get_by_role('button', name='Raise my hand').click()
    expect(amina.get_by_text('Your hand is up: place 1 of 1 in the queue.')).to_be_visible()
    expect(amina.get_by_role('button', name='Lower my hand')).to_be_visible()
    expect(amina.get_by_test_id('youre-up')).to_have_count(0)

    moderator.get_by_role('button', name='Call Amina', exact=True).click()
    expect(amina.get_by_test_id('youre-up')).to_contain_text("You're up! Please unmute in the call.")
    expect(amina.get_by_test_id('now-speaking')).to_contain_text('Amina')
    expect(kofi.get_by_test_id('now-speaking')).to_contain_text('Amina')
    expect(kofi.get_by_test_id('youre-up')).to_have_count(0)
