"""Real Chromium with axe-core: every page, with real content on it, has no WCAG 2.1 A or AA violation."""

from playwright.sync_api import Browser, Page, expect

from tests.factories import TEMPLATE

from .conftest import Server
from .pages import BROWSER_TESTS, staff_sign_in, violations
from .test_posts_in_chromium import api, enter_room

pytestmark = BROWSER_TESTS


def sign_in(page: Page, url: str, name: str) -> None:
    staff_sign_in(page, url, name)
    expect(page.get_by_text(f'Signed in as {name}')).to_be_visible()


def test_every_page_passes_axe_with_content_on_it(server: Server, browser: Browser) -> None:
    issued = api(server, 'POST', '/api/sessions', server.admin_token, template=TEMPLATE)
    code, moderator_key = issued['code'], issued['moderator_key']
    api(server, 'POST', f'/api/sessions/{code}/control', moderator_key, action='open_rooms', minutes=20)
    page = browser.new_context(locale='en-GB').new_page()
    page.goto(f'{server.base_url}/s/{code}')
    expect(page.get_by_label('Your name')).to_be_visible()
    results = {'join form': violations(page)}

    enter_room(page, server, code, 'Amina', 'Civil society')
    page.get_by_label('Your input for this room').fill('Independent audits of <b>safety</b> claims')
    page.get_by_role('button', name='Post', exact=True).click()
    expect(page.locator('article.post-card')).to_have_count(1)
    results['participant: breakout room'] = violations(page)
    page.get_by_role('tab', name='Questions').click()
    page.get_by_label('Your question for the speakers').fill('Who audits the classifiers?')
    page.get_by_role('button', name='Ask', exact=True).click()
    expect(page.locator('article.post-card').filter(has_text='Who audits')).to_have_count(1)
    results['participant: questions'] = violations(page)

    staff = browser.new_context(locale='en-GB').new_page()
    sign_in(staff, issued['urls']['moderator'], 'Maya')
    results['moderator console'] = violations(staff)
    room_id = api(server, 'GET', f'/api/sessions/{code}/state', moderator_key)['rooms'][0]['id']
    staff.goto(f'{server.base_url}/s/{code}/moderate/room/{room_id}')
    expect(staff.locator('article.post-card')).to_have_count(1)
    results['moderator: room view'] = violations(staff)
    staff.goto(f'{server.base_url}/s/{code}/stage')
    expect(staff.get_by_text(code).first).to_be_visible()
    results['stage'] = violations(staff)
    sign_in(staff, issued['urls']['rapporteur'], 'Rita')
    results['rapporteur'] = violations(staff)
    staff.goto(f'{server.base_url}/organize?token={server.admin_token}')
    expect(staff.get_by_text(code).first).to_be_visible()
    results['organiser'] = violations(staff)
    staff.goto(f'{server.base_url}/')
    expect(staff.get_by_label('Session code')).to_be_visible()
    results['home'] = violations(staff)

    assert {name: found for name, found in results.items() if found} == {}
