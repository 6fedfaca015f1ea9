"""Real Chromium: two participants in one breakout room post and vote, and a post full of HTML and script shows as
plain text and runs nothing, on the participants' boards and in the moderator's room view."""

from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Dialog, Locator, Page, expect

from tests.factories import TEMPLATE

from .conftest import CHROMIUM, Server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f'{CHROMIUM} is missing: install Debian chromium to run this'),
]
TIMEOUT_MS = 10_000
XSS = '<img src=x onerror=alert(1)><script>alert(2)</script>'


def api(server: Server, method: str, path: str, key: str, **body: Any) -> dict[str, Any]:
    response = httpx.request(method, f'{server.base_url}{path}', json=body or None, timeout=10,
                             headers={'Authorization': f'Bearer {key}'} if key else {})
    assert response.status_code in {200, 201}, response.text
    return dict(response.json())


def new_page(browser: Browser, dialogs: list[str]) -> Page:
    """A page in its own browser context (its own cookies: its own person) that records every dialog."""
    page = browser.new_context(locale='en-GB').new_page()
    page.set_default_timeout(TIMEOUT_MS)

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(f'{dialog.type}: {dialog.message}')
        dialog.dismiss()

    page.on('dialog', on_dialog)
    page.on('pageerror', lambda error: dialogs.append(f'page error: {error}'))
    return page


def enter_room(page: Page, server: Server, code: str, name: str, group: str) -> None:
    """Join through the form, then join the first breakout room."""
    page.goto(f'{server.base_url}/s/{code}')
    page.get_by_label('Your name').fill(name)
    page.get_by_label('Stakeholder group').click()
    page.get_by_role('option', name=group).click()
    page.get_by_role('button', name='Join', exact=True).click()
    expect(page.get_by_text(f'You are {name} · {group}')).to_be_visible()
    page.get_by_role('button', name='Join this room').first.click()
    expect(page.get_by_text('You are in this room')).to_be_visible()
    expect(page.get_by_label('Your input for this room')).to_be_visible()


def post_text(page: Page, text: str) -> None:
    page.get_by_label('Your input for this room').fill(text)
    page.get_by_role('button', name='Post', exact=True).click()


def card(page: Page, text: str) -> Locator:
    """The post card whose text is exactly `text`."""
    return page.locator('article.post-card').filter(has=page.locator('.pc-text', has_text=text))


def test_a_vote_from_one_page_changes_the_count_on_the_other(server: Server, browser: Browser) -> None:
    issued = api(server, 'POST', '/api/sessions', server.admin_token, template=TEMPLATE)
    code = issued['code']
    api(server, 'POST', f'/api/sessions/{code}/control', issued['moderator_key'], action='open_rooms', minutes=20)
    dialogs: list[str] = []
    amina, kofi = new_page(browser, dialogs), new_page(browser, dialogs)
    enter_room(amina, server, code, 'Amina', 'Civil society')
    enter_room(kofi, server, code, 'Kofi', 'Academia')

    post_text(amina, 'Independent audits of safety claims')
    mine, theirs = card(amina, 'Independent audits of safety claims'), card(kofi, 'Independent audits of safety claims')
    expect(theirs).to_be_visible()
    expect(theirs.locator('.pc-author')).to_have_text('Amina')
    expect(mine.locator('.pc-count')).to_have_text('0')
    expect(theirs.locator('.pc-vote')).to_be_enabled()

    theirs.locator('.pc-vote').click()
    expect(theirs.locator('.pc-vote')).to_have_attribute('aria-pressed', 'true')
    expect(mine.locator('.pc-count')).to_have_text('1')  # pushed to Amina's page by the server
    expect(theirs.locator('.pc-count')).to_have_text('1')
    mine.locator('.pc-vote').click()
    expect(theirs.locator('.pc-count')).to_have_text('2')
    theirs.locator('.pc-vote').click()  # and back
    expect(mine.locator('.pc-count')).to_have_text('1')
    expect(theirs.locator('.pc-vote')).to_have_attribute('aria-pressed', 'false')

    state = httpx.get(f'{server.base_url}/api/sessions/{code}/state', timeout=5).json()
    assert [p['votes'] for p in state['rooms'][0]['posts']] == [1]
    assert dialogs == []


def test_html_and_script_in_a_post_show_literally_and_run_nothing(server: Server, browser: Browser) -> None:
    issued = api(server, 'POST', '/api/sessions', server.admin_token, template=TEMPLATE)
    code = issued['code']
    api(server, 'POST', f'/api/sessions/{code}/control', issued['moderator_key'], action='open_rooms', minutes=20)
    dialogs: list[str] = []
    amina, kofi = new_page(browser, dialogs), new_page(browser, dialogs)
    enter_room(amina, server, code, 'Amina', 'Civil society')
    enter_room(kofi, server, code, 'Kofi', 'Academia')

    post_text(amina, XSS)
    for page in (amina, kofi):
        shown = card(page, XSS)
        expect(shown).to_have_count(1)
        expect(shown.locator('.pc-text')).to_have_text(XSS)  # the markup is visible as text
        expect(shown.locator('img, script')).to_have_count(0)  # and never became elements
    kofi_card = card(kofi, XSS)
    kofi_card.locator('.pc-vote').click()
    expect(card(amina, XSS).locator('.pc-count')).to_have_text('1')

    room_id = httpx.get(f'{server.base_url}/api/sessions/{code}/state', timeout=5).json()['rooms'][0]['id']
    moderator = new_page(browser, dialogs)
    moderator.goto(issued['urls']['moderator'])
    moderator.get_by_label('Your display name').fill('Maya')
    moderator.get_by_role('button', name='Continue', exact=True).click()
    expect(moderator.get_by_text('Signed in as Maya')).to_be_visible()
    moderator.get_by_role('tab', name='Rooms').click()
    expect(moderator.get_by_text(f'1 vote · {XSS}')).to_be_visible()  # the rooms overview, as a plain label
    moderator.goto(f'{server.base_url}/s/{code}/moderate/room/{room_id}')
    expect(card(moderator, XSS).locator('.pc-text')).to_have_text(XSS)
    expect(card(moderator, XSS).locator('img, script')).to_have_count(0)

    for page in (amina, kofi, moderator):
        page.wait_for_timeout(300)  # time for an onerror handler, had an <img> been created
        assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert dialogs == [], f'something ran: {dialogs}'


def titles(page: Page) -> list[str]:
    """The post texts on the page's room board, top to bottom."""
    return [text.strip() for text in page.locator('article.post-card .pc-text').all_inner_texts()]


def test_sorting_is_on_demand_and_a_pin_from_the_moderator_reaches_the_room(server: Server, browser: Browser) -> None:
    issued = api(server, 'POST', '/api/sessions', server.admin_token, template=TEMPLATE)
    code = issued['code']
    api(server, 'POST', f'/api/sessions/{code}/control', issued['moderator_key'], action='open_rooms', minutes=20)
    room_id = httpx.get(f'{server.base_url}/api/sessions/{code}/state', timeout=5).json()['rooms'][0]['id']
    people = []
    for name, group in (('Ana', 'industry'), ('Ben', 'academia'), ('Cy', 'youth')):
        person = api(server, 'POST', f'/api/sessions/{code}/participants', '', name=name, group=group)
        api(server, 'POST', f'/api/sessions/{code}/rooms/{room_id}/join', person['token'])
        people.append(person['token'])
    posts = [api(server, 'POST', f'/api/sessions/{code}/rooms/{room_id}/posts', token, text=text)['id']
             for token, text in zip(people, ('Oldest idea', 'Middle idea', 'Newest idea'), strict=True)]
    dialogs: list[str] = []
    amina, kofi = new_page(browser, dialogs), new_page(browser, dialogs)
    amina.add_init_script('window.FACILITATOR_RESORT_MS = 600000')  # sorts only when asked, however slow the run
    kofi.add_init_script('window.FACILITATOR_RESORT_MS = 1000')  # the slow cadence, made quick
    enter_room(amina, server, code, 'Amina', 'Civil society')
    enter_room(kofi, server, code, 'Kofi', 'Academia')
    expect(amina.locator('article.post-card')).to_have_count(3)
    assert titles(amina) == ['Oldest idea', 'Middle idea', 'Newest idea'], 'Top with no votes: oldest first'

    for token in people[:2]:  # the middle idea gets two votes, the newest one
        api(server, 'POST', f'/api/sessions/{code}/posts/{posts[1]}/vote', token)
    api(server, 'POST', f'/api/sessions/{code}/posts/{posts[2]}/vote', people[2])
    expect(card(amina, 'Middle idea').locator('.pc-count')).to_have_text('2')
    expect(card(amina, 'Newest idea').locator('.pc-count')).to_have_text('1')
    assert titles(amina) == ['Oldest idea', 'Middle idea', 'Newest idea'], 'votes never re-sort by themselves at once'
    expect(kofi.locator('article.post-card .pc-text')).to_have_text(  # on the slow cadence, unasked
        ['Middle idea', 'Newest idea', 'Oldest idea'])
    amina.get_by_role('button', name='Sort now').click()
    assert titles(amina) == ['Middle idea', 'Newest idea', 'Oldest idea']
    expect(amina.get_by_role('button', name='Sort now')).to_have_count(0)

    amina.get_by_role('button', name='New', exact=True).click()
    sorts = amina.get_by_role('group', name='Sort posts')
    expect(sorts.get_by_role('button', name='New')).to_have_attribute('aria-pressed', 'true')
    expect(sorts.get_by_role('button', name='Top')).to_have_attribute('aria-pressed', 'false')
    assert titles(amina) == ['Newest idea', 'Middle idea', 'Oldest idea']
    amina.get_by_role('button', name='Common ground', exact=True).click()
    expect(amina.get_by_text('Common ground needs votes from at least two stakeholder groups')).to_have_count(0)
    assert titles(amina) == ['Middle idea', 'Newest idea', 'Oldest idea'], 'industry and academia back the middle'

    api(server, 'POST', f'/api/sessions/{code}/posts/{posts[0]}/moderate', issued['moderator_key'], action='pin')
    expect(card(amina, 'Oldest idea').locator('.pc-badge')).to_contain_text('Pinned')
    amina.get_by_role('button', name='Sort now').click()
    assert titles(amina)[0] == 'Oldest idea', 'a pinned post leads'

    post_text(amina, 'My own idea')
    expect(card(amina, 'My own idea')).to_be_visible()
    assert titles(amina)[0] == 'My own idea', 'a new post shows on top until the next sort'
    card(amina, 'My own idea').get_by_role('button', name='Delete').click()
    expect(card(amina, 'My own idea')).to_have_count(0)
    assert dialogs == []
