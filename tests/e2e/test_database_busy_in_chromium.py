"""Real Chromium: while another process holds the database's write lock, the moderator's Start says
"Database busy" in a notification within the bounded wait, the server keeps answering, and Start works after."""

import time
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.db_lock import LOCK_S, hold_write_lock
from tests.factories import TEMPLATE

from .conftest import CHROMIUM, Server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f'{CHROMIUM} is missing: install Debian chromium to run this'),
]
TIMEOUT_MS = 10_000


@pytest.mark.timeout(120)
def test_start_during_a_write_lock_says_database_busy_and_works_once_the_lock_is_gone(
        server: Server, browser: Browser, tmp_path: Path) -> None:
    created = httpx.post(f'{server.base_url}/api/sessions', json={'template': TEMPLATE}, timeout=10,
                         headers={'Authorization': f'Bearer {server.admin_token}'})
    assert created.status_code == 201, created.text
    issued = created.json()
    moderator = browser.new_context(locale='en-GB').new_page()
    moderator.set_default_timeout(TIMEOUT_MS)
    moderator.goto(issued['urls']['moderator'])
    moderator.get_by_label('Your display name').fill('Maya')
    moderator.get_by_role('button', name='Continue', exact=True).click()
    expect(moderator.get_by_text('Signed in as Maya')).to_be_visible()

    holder = hold_write_lock(tmp_path / 'server-data' / 'facilitator.db')
    try:
        clicked = time.monotonic()
        moderator.get_by_role('button', name='Start', exact=True).click()
        started = time.monotonic()
        health = httpx.get(f'{server.base_url}/api/health', timeout=5)
        assert time.monotonic() - started < 1.0 and health.status_code in {200, 503}
        expect(moderator.locator('.q-notification')).to_contain_text('Database busy', timeout=7_000)
        assert time.monotonic() - clicked < 6.5
        assert holder.poll() is None, 'the lock was still held when the page said so'
        holder.wait(timeout=LOCK_S + 10)
    finally:
        holder.kill()
        holder.wait(timeout=10)
    moderator.get_by_role('button', name='Start', exact=True).click()
    expect(moderator.get_by_role('button', name='Pause', exact=True)).to_be_visible()
