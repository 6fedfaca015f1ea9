"""Real Chromium on a 360×740 phone: opening the rooms puts a join button in view without scrolling, and a broadcast
sent while the reader is scrolled to the bottom appears in view, announced (aria-live)."""

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from .conftest import Server
from .pages import BROWSER_TESTS, join_session
from .screens import (
    LONG_BROADCAST,
    LONG_QUESTION,
    LONG_TITLE,
    PHONE,
    TIMEOUT_MS,
    Session,
    box_in_view,
    screenshots,
    shoot,
)

pytestmark = BROWSER_TESTS
__all__ = ['screenshots']


def join_on_phone(browser: Browser, session: Session, name: str) -> Page:
    page = browser.new_context(locale='en-GB', viewport={'width': PHONE[0], 'height': PHONE[1]}, has_touch=True,
                               is_mobile=True).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    join_session(page, f'{session.server.base_url}/s/{session.code}', name)
    expect(page.get_by_text(f'You are {name} · Civil society')).to_be_visible()
    return page


def test_a_phone_never_misses_the_rooms_or_a_broadcast(server: Server, browser: Browser, screenshots: Path) -> None:
    session = Session.create(server, title=LONG_TITLE)
    session.control('start')
    page = join_on_phone(browser, session, 'Amina')
    for n in range(3):  # a page long enough to scroll
        session.post('/questions', session.join(f'Asker {n}'), text=LONG_QUESTION)
    expect(page.locator('article.post-card')).to_have_count(3)

    session.control('open_rooms', minutes=20)
    join = page.get_by_test_id('now-join-room').first
    expect(join).to_contain_text('Join Risks on Social Media')
    assert page.evaluate('window.scrollY') == 0
    assert box_in_view(page, join), 'the join button is below the fold'
    shoot(page, screenshots, 'phone-rooms-open')

    join.click()
    expect(page.get_by_test_id('now-card')).to_contain_text('You are in room:')
    expect(page.get_by_test_id('now-card')).to_contain_text('Time left in the rooms:')
    page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)')
    page.wait_for_function('window.scrollY > 300')
    session.control('broadcast', message=LONG_BROADCAST)
    banner = page.get_by_test_id('broadcast-banner')
    expect(banner).to_contain_text('Please come back to the main room')
    expect(banner).to_have_attribute('aria-live', 'polite')
    assert page.evaluate('window.scrollY') > 300, 'the reader stays where they were'
    assert box_in_view(page, banner), 'the broadcast is not in view'
    shoot(page, screenshots, 'phone-broadcast')
    banner.get_by_role('button', name='Hide this message').click()
    expect(banner).to_have_count(0)
