"""Real Chromium: a participant joins, the moderator starts the agenda, the countdown ticks in the browser,
and the `N` shortcut advances exactly one segment even when a button has focus."""

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.factories import TEMPLATE

from .conftest import CHROMIUM, Server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f'{CHROMIUM} is missing: install Debian chromium to run this'),
]
TIMEOUT_MS = 10_000


def seconds(clock: str) -> int:
    """'14:58' or '1:02:03' as seconds."""
    assert re.fullmatch(r'\d+(:\d\d){1,2}', clock), f'not a countdown: {clock!r}'
    total = 0
    for part in clock.split(':'):
        total = total * 60 + int(part)
    return total


def state(server: Server, code: str) -> dict[str, Any]:
    response = httpx.get(f'{server.base_url}/api/sessions/{code}/state', timeout=5)
    response.raise_for_status()
    return response.json()


def wait_for_state(server: Server, code: str, page: Page, check: Any, what: str) -> dict[str, Any]:
    """Poll the server's state (bounded), letting the page's event loop run between reads."""
    current = state(server, code)
    for _ in range(100):
        current = state(server, code)
        if check(current):
            return current
        page.wait_for_timeout(100)
    pytest.fail(f'{what} not reached; last state: current_segment={current["current_segment"]}, '
                f'segments={[s["state"] for s in current["segments"]]}')


def test_moderator_start_ticks_participant_countdown_and_n_advances_once(server: Server, browser: Browser) -> None:
    created = httpx.post(f'{server.base_url}/api/sessions', json={'template': TEMPLATE}, timeout=10,
                         headers={'Authorization': f'Bearer {server.admin_token}'})
    assert created.status_code == 201, created.text
    issued = created.json()
    code = issued['code']

    participant = browser.new_context(locale='en-GB').new_page()
    participant.set_default_timeout(TIMEOUT_MS)
    participant.goto(f'{server.base_url}/s/{code}')
    participant.get_by_label('Your name').fill('Amina')
    participant.get_by_label('Organisation (optional)').fill('Child Rights Network')
    participant.get_by_label('Stakeholder group').click()
    participant.get_by_role('option', name='Civil society').click()
    participant.get_by_role('button', name='Join', exact=True).click()
    expect(participant.get_by_text('You are Amina · Civil society')).to_be_visible()
    clock = participant.locator('.ls-clock-digits')
    expect(clock).to_have_text('15:00')  # pending: the full planned time, not ticking
    expect(participant.locator('.ls-tone-label')).to_contain_text('Not started')

    moderator = browser.new_context(locale='en-GB').new_page()
    moderator.set_default_timeout(TIMEOUT_MS)
    moderator.goto(issued['urls']['moderator'])
    expect(moderator).to_have_url(f'{server.base_url}/s/{code}/moderate')  # the key has left the address bar
    moderator.get_by_label('Your display name').fill('Maya')
    moderator.get_by_role('button', name='Continue', exact=True).click()
    expect(moderator.get_by_text('Signed in as Maya')).to_be_visible()

    moderator.get_by_role('button', name='Start', exact=True).click()
    expect(participant.locator('.ls-tone-label')).to_contain_text('Running')
    expect(participant.locator('tr.is-current')).to_contain_text('Running')
    expect(moderator.get_by_role('button', name='Pause', exact=True)).to_be_visible()
    first = clock.inner_text()
    participant.wait_for_timeout(1500)  # the countdown ticks in the browser, with no server traffic
    second = clock.inner_text()
    assert seconds(second) < seconds(first) <= 15 * 60, f'countdown did not tick: {first!r} then {second!r}'
    assert seconds(first) - seconds(second) <= 10, 'the countdown jumped: is the clock offset applied?'

    # `N` right after a click, while that button still has focus: exactly one segment forward.
    version = press_after_click(server, code, moderator, '+1 min', 'N')
    expect(participant.locator('.ls-segment-title')).to_have_text('Industry showcases')
    expect(participant.locator('.ls-segment-label')).to_contain_text('segment 2 of 3')
    advanced = settled(server, code, moderator)
    assert advanced['current_segment'] == 1
    assert advanced['agenda_version'] == version + 1, 'N fired more than one command'
    assert [s['state'] for s in advanced['segments']] == ['done', 'running', 'pending']

    # Space after a click must toggle the timer only, not also "click" the focused button again.
    version = press_after_click(server, code, moderator, '+1 min', 'Space')
    expect(participant.locator('.ls-tone-label')).to_contain_text('Paused')
    paused = settled(server, code, moderator)
    assert paused['agenda_version'] == version + 1, 'Space fired more than one command'
    assert paused['current_segment'] == 1
    assert paused['segments'][1]['state'] == 'paused'
    expect(moderator.locator('.q-notification')).to_have_count(0)  # no "someone else changed the agenda"


def press_after_click(server: Server, code: str, page: Page, button: str, key: str) -> int:
    """Click `button`, wait until its command has landed, then press `key`. Returns the version in between."""
    before = state(server, code)['agenda_version']
    page.get_by_role('button', name=button, exact=True).click()
    version = wait_for_state(server, code, page, lambda s: s['agenda_version'] == before + 1,
                             f'the {button!r} click')['agenda_version']
    focused = page.evaluate("document.activeElement.closest('button')?.textContent ?? ''")
    assert button in focused, f'the clicked button should still have focus, not {focused!r}'
    page.keyboard.press(key)
    return version


def settled(server: Server, code: str, page: Page) -> dict[str, Any]:
    """The state once a second (double-fired) shortcut would have had time to arrive."""
    page.wait_for_timeout(700)
    return state(server, code)
