"""Real Chromium under the app's Content-Security-Policy: every kind of page loads, works, and reports no
violation. (The policy itself is in api/headers.py; this is the measurement that keeps it honest.)"""

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
TIMEOUT_MS = 15_000
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def watched(browser: Browser) -> tuple[Page, list[str]]:
    context = browser.new_context(locale='en-GB')
    context.add_init_script(WATCH)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    console: list[str] = []
    page.on('console', lambda message: console.append(message.text)
            if 'Content Security Policy' in message.text or 'Refused to' in message.text else None)
    return page, console


def violations(page: Page, console: list[str]) -> list[str]:
    page.wait_for_timeout(300)
    return [*page.evaluate('window.__csp'), *console]


def test_every_page_works_under_the_csp_without_violations(server: Server, browser: Browser) -> None:
    created = httpx.post(f'{server.base_url}/api/sessions', json={'template': TEMPLATE}, timeout=10,
                         headers={'Authorization': f'Bearer {server.admin_token}'})
    assert created.status_code == 201, created.text
    issued: dict[str, Any] = created.json()
    code = issued['code']
    seen: dict[str, list[str]] = {}

    participant, console = watched(browser)
    participant.goto(f'{server.base_url}/s/{code}')
    assert 'script-src' in (participant.evaluate('document.contentType') and
                            httpx.get(f'{server.base_url}/s/{code}').headers['content-security-policy'])
    participant.get_by_label('Your name').fill('Amina')
    participant.get_by_label('Stakeholder group').click()
    participant.get_by_role('option', name='Civil society').click()
    participant.get_by_role('button', name='Join').click()
    expect(participant.get_by_text('Amina', exact=False).first).to_be_visible()
    seen['participant'] = violations(participant, console)

    moderator, console = watched(browser)
    moderator.goto(issued['urls']['moderator'])
    moderator.get_by_label('Your display name').fill('Maya')
    moderator.get_by_role('button', name='Continue').click()
    expect(moderator.get_by_text('Maya', exact=False).first).to_be_visible()
    seen['moderator'] = violations(moderator, console)

    for name, url in (('rapporteur', issued['urls']['rapporteur']), ('stage', issued['urls']['stage']),
                      ('organiser', f'{server.base_url}/organize?token={server.admin_token}')):
        page, console = watched(browser)
        page.goto(url)
        page.wait_for_load_state('networkidle')
        seen[name] = violations(page, console)

    assert all(not found for found in seen.values()), seen
