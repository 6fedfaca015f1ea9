"""Real Chromium: a private cue from the console reaches only that presenter's page (not another presenter's, not a
participant's), flashes there until acknowledged, and the acknowledgement shows on the console."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import CHROMIUM, Server
from .screens import TIMEOUT_MS, Session, screenshots, shoot
from .test_console_fit import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f'{CHROMIUM} is missing: install Debian chromium to run this'),
]
__all__ = ['screenshots']


def open_page(browser: Browser, url: str) -> Page:
    page = browser.new_context(locale='en-GB', viewport={'width': 1280, 'height': 720}).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    return page


def test_a_cue_reaches_only_its_presenter_and_the_console_sees_it_acknowledged(
        server: Server, browser: Browser, screenshots: Path) -> None:
    session = Session.create(server)
    session.post('/speakers', name='Ana Ruiz', planned_seconds=300)
    session.post('/speakers', name='Bo Chen', planned_seconds=300)
    session.control('start')
    session.control('next_speaker')
    joined = session.post('/participants', '', name='Amina', group='civil_society')
    participant = open_page(browser, joined['url'])
    expect(participant.get_by_text('You are Amina · Civil society')).to_be_visible()

    console = sign_in(browser, session)
    links = console.get_by_label('Presenter link')
    expect(links).to_have_count(2)
    ana_url, bo_url = links.nth(0).input_value(), links.nth(1).input_value()
    ana, bo = open_page(browser, ana_url), open_page(browser, bo_url)
    expect(ana.get_by_test_id('presenter-clock')).to_be_visible()
    assert '?key=' not in ana.url, 'the key leaves the address bar'
    expect(ana.get_by_test_id('presenter-next')).to_contain_text('Bo Chen')
    expect(bo.get_by_text('You are next.')).to_be_visible()

    console.get_by_label('Speaker', exact=True).click()
    console.get_by_role('option', name='Ana Ruiz').click()
    console.get_by_role('button', name='Wrap up please').click()
    cue = ana.get_by_test_id('presenter-cue')
    expect(cue).to_contain_text('Wrap up please')
    expect(console.get_by_text('“Wrap up please”: not seen yet')).to_be_visible()
    shoot(ana, screenshots, 'presenter-cue')
    expect(bo.get_by_test_id('presenter-cue')).to_have_count(0)
    expect(participant.get_by_text('Wrap up please')).to_have_count(0)

    ana.get_by_test_id('presenter-ack').click()
    expect(cue).to_have_count(0)
    expect(console.get_by_text('“Wrap up please”: seen ✓')).to_be_visible()
