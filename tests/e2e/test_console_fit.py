"""Real Chromium: the moderator console at 1366×768 keeps the transport keys, the speaker keys, the queue's first row
and the alerts in view without scrolling, in the showcase and the dialogue, with a speaker live, a question
spotlighted and a call for help that blocks nothing."""

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from .conftest import Server
from .pages import BROWSER_TESTS, staff_sign_in
from .screens import (
    LAPTOP,
    LONG_NAME,
    LONG_ORG,
    LONG_QUESTION,
    LONG_TALK,
    LONG_TITLE,
    TIMEOUT_MS,
    Session,
    box_in_view,
    in_viewport,
    misfits,
    screenshots,
    shoot,
)

pytestmark = BROWSER_TESTS
__all__ = ['screenshots']
KEYS = {'Start/Pause': 'Pause', 'Next': 'Next', 'Next speaker': 'Next speaker', 'Undo': 'Undo: next segment'}
"""the Undo key names what it takes back: here, the last 'next'"""


def sign_in(browser: Browser, session: Session) -> Page:
    page = browser.new_context(locale='en-GB', viewport={'width': LAPTOP[0], 'height': LAPTOP[1]}).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    staff_sign_in(page, session.urls['moderator'], 'Maya')
    expect(page.get_by_text('Signed in as Maya')).to_be_visible()
    return page


def out_of_view(page: Page) -> list[str]:
    """The console's essentials that are not wholly inside the viewport, and a page that scrolls."""
    missing = [name for name, label in KEYS.items()
               if not box_in_view(page, page.get_by_role('button', name=label, exact=True))]
    missing += [what for what, selector in (('queue first row', '.queue-row'), ('alerts', '.console-alerts'))
                if not in_viewport(page, selector)]
    return missing + misfits(page, [])


def test_the_console_keeps_its_keys_and_queue_in_view(server: Server, browser: Browser, screenshots: Path) -> None:
    session = Session.create(server, title=LONG_TITLE)
    for name in (LONG_NAME, 'Kwame Mensah-Bonsu', 'Lena Fischer'):
        session.post('/speakers', name=name, organization=LONG_ORG, title=LONG_TALK, planned_seconds=300)
    page = sign_in(browser, session)
    session.control('start')
    session.control('next')
    session.control('next_speaker')
    token = session.join('Amina Haddad')
    question = session.post('/questions', token, text=LONG_QUESTION)
    session.post(f'/posts/{question["id"]}/moderate', action='spotlight')
    expect(page.get_by_test_id('now-speaking')).to_contain_text(LONG_NAME)
    expect(page.locator('.queue-row').first).to_contain_text('Kwame Mensah-Bonsu')
    shoot(page, screenshots, 'console-showcase')
    assert out_of_view(page) == [], 'showcase'

    session.control('next')
    for name in ('Amina Haddad', 'Bo Chen', 'Carla Ruiz'):
        session.post('/hand', token if name == 'Amina Haddad' else session.join(name), type='question')
    session.control('next_speaker')
    session.post('/help', token)
    expect(page.locator('.console-alert')).to_contain_text('Amina Haddad needs the moderator')
    expect(page.get_by_test_id('now-speaking')).to_contain_text('Kwame Mensah-Bonsu')
    shoot(page, screenshots, 'console-dialogue')
    assert out_of_view(page) == [], 'dialogue'
    session.control('flash', message='Five minutes left')
    expect(page.get_by_test_id('flash-note')).to_contain_text('Full screen on the stage: Five minutes left')
    assert out_of_view(page) == [], 'dialogue, with a flash on the stage'
    page.get_by_role('button', name='Pause').click()  # the call for help blocks no click
    expect(page.get_by_role('button', name='Resume')).to_be_visible()
