"""Real Chromium: the floor manager on a 360px phone puts someone in the room in the speaker line in two taps (after
typing the name) and the moderator's console shows them; one tap puts them back after they spoke; the console
shows the speaking time per stakeholder group, ticking while someone speaks. Screenshots of both pages at a phone,
a laptop and a full-HD screen."""

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from .conftest import Server
from .pages import BROWSER_TESTS, staff_sign_in
from .screens import (
    FULL_HD,
    LAPTOP,
    LONG_ORG,
    PHONE,
    TIMEOUT_MS,
    Session,
    call,
    misfits,
    screenshots,
    shoot,
)

pytestmark = BROWSER_TESTS
__all__ = ['screenshots']


def floor_page(browser: Browser, session: Session, size: tuple[int, int] = PHONE) -> Page:
    phone = size == PHONE
    page = browser.new_context(locale='en-GB', viewport={'width': size[0], 'height': size[1]}, has_touch=phone,
                               is_mobile=phone).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f'{session.server.base_url}/s/{session.code}/floor?key={session.key}')
    expect(page.get_by_role('heading', name='Floor', exact=True)).to_be_visible()
    return page


def console(browser: Browser, session: Session, size: tuple[int, int] = LAPTOP) -> Page:
    page = browser.new_context(locale='en-GB', viewport={'width': size[0], 'height': size[1]}).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    staff_sign_in(page, session.urls['moderator'], 'Maya')
    expect(page.get_by_text('Signed in as Maya')).to_be_visible()
    return page


def test_the_floor_view_adds_a_person_in_two_taps_and_the_console_shows_them(server: Server, browser: Browser,
                                                                              screenshots: Path) -> None:
    session = Session.create(server)
    mod = console(browser, session)
    phone = floor_page(browser, session)
    assert phone.evaluate('document.documentElement.scrollWidth') <= PHONE[0], 'the floor view scrolls sideways'
    phone.get_by_label('Name').fill('Rui Costa')
    phone.get_by_label('Organisation (optional)').fill(LONG_ORG)
    phone.get_by_role('radio', name='Industry').tap()  # tap 1
    phone.get_by_role('button', name='Add to the speaker line').tap()  # tap 2
    expect(phone.locator('.floor-line')).to_contain_text('Rui Costa')
    expect(mod.get_by_text(f'1. Rui Costa, {LONG_ORG}', exact=True)).to_be_visible()
    expect(mod.locator('.queue-row')).to_contain_text('in the room')
    assert session.state()['attendance'] == {'floor': 1, 'online': 0}
    expect(phone.get_by_text('In the room: 1 · Online: 0')).to_be_visible()
    shoot(phone, screenshots, 'floor-added')

    session.control('open_hands')
    session.control('next_speaker')
    session.control('finish_speaker')
    again = phone.get_by_role('button', name='Rui Costa')
    again.tap()  # one tap: back in line
    expect(mod.get_by_text(f'1. Rui Costa, {LONG_ORG}', exact=True)).to_be_visible()
    expect(phone.locator('.floor-line')).to_contain_text('Rui Costa')


def test_the_console_shows_speaking_time_per_group(server: Server, browser: Browser, screenshots: Path) -> None:
    session = Session.create(server)
    mod = console(browser, session)
    mod.get_by_role('tab', name='Speakers').click()
    expect(mod.get_by_text('Nobody has spoken yet.')).to_be_visible()
    session.post('/floor', name='Rui Costa', group='industry')
    session.post('/floor', name='Lena Berg', group='academia')
    session.control('next_speaker')
    table = mod.locator('.speaking-time-table')
    industry = table.locator('tr[data-group="industry"]')
    expect(industry).to_contain_text('Industry')
    expect(industry).to_contain_text('speaking now')
    mod.wait_for_function('Number(document.querySelector(\'tr[data-group="industry"] .speaking-time-min\')'
                          '.dataset.seconds) >= 1')  # ticking in the browser, with no push from the server
    session.control('next_speaker')  # Rui finishes, Lena speaks
    expect(industry).not_to_contain_text('speaking now')
    expect(table.locator('tr[data-group="academia"]')).to_contain_text('speaking now')
    expect(industry.locator('.speaking-time-min')).to_contain_text('min')
    shoot(mod, screenshots, 'console-speaking-time')


def test_screenshots_of_the_floor_view_and_the_console(server: Server, browser: Browser, screenshots: Path) -> None:
    session = Session.create(server)
    session.join('Amina')
    session.post('/floor', name='Rui Costa', organization=LONG_ORG, group='industry')
    session.post('/floor', name='Lena Berg', group='academia')
    session.control('next_speaker')
    for size in (PHONE, LAPTOP, FULL_HD):
        phone = floor_page(browser, session, size)
        expect(phone.locator('.floor-line')).to_contain_text('Lena Berg')
        assert phone.evaluate('document.documentElement.scrollWidth') <= size[0]
        shoot(phone, screenshots, 'floor')
        phone.locator('.floor-line').scroll_into_view_if_needed()
        shoot(phone, screenshots, 'floor-lists')
        mod = console(browser, session, size)
        expect(mod.locator('.speaking-time-table')).to_contain_text('Industry')
        shoot(mod, screenshots, 'console')
        mod.locator('.speaking-time-table').scroll_into_view_if_needed()
        shoot(mod, screenshots, 'console-speaking-time')
        phone.context.close()
        mod.context.close()


def test_the_stage_of_a_hybrid_session_shows_the_venues_check_in_code(server: Server, browser: Browser,
                                                                      screenshots: Path) -> None:
    issued = call(server, 'POST', '/api/sessions', server.admin_token, template='cop-industry-connect-2025-s3')
    session = Session(server=server, code=issued['code'], key=issued['moderator_key'], urls=issued['urls'])
    for size in ((1280, 720), FULL_HD):
        page = browser.new_context(locale='en-GB', viewport={'width': size[0], 'height': size[1]}).new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f'{server.base_url}/s/{session.code}/stage')
        expect(page.get_by_test_id('stage-check-in')).to_have_text('In the room? Scan to check in')
        expect(page.get_by_test_id('stage-qr')).to_have_attribute('alt', 'In the room? Scan to check in')
        assert problems_of(page) == [], 'the join slide does not fit'
        shoot(page, screenshots, 'stage-check-in')
        page.context.close()


def problems_of(page: Page) -> list[str]:
    return list(misfits(page, ['.st-join', '.st-qr-box', '.st-join-text']))
