"""Real Chromium on a 360×740 phone: a participant answers polls from the "now" card, answering again replaces, and
the results appear there once the moderator shows them."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from .conftest import CHROMIUM, Server
from .screens import PHONE, TIMEOUT_MS, Session, box_in_view, screenshots, shoot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f'{CHROMIUM} is missing: install Debian chromium to run this'),
]
__all__ = ['screenshots']


def test_a_participant_answers_from_the_now_card_on_a_phone(server: Server, browser: Browser,
                                                            screenshots: Path) -> None:
    session = Session.create(server)
    session.control('start')
    joined = session.post('/participants', '', name='Amina', group='civil_society')
    page = browser.new_context(locale='en-GB', viewport={'width': PHONE[0], 'height': PHONE[1]}, has_touch=True,
                               is_mobile=True).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(joined['url'])  # the personal link, as an organiser mails it
    expect(page.get_by_text('You are Amina · Civil society')).to_be_visible()
    choice = session.post('/polls', question='Most pressing risk?', kind='choice',
                          options=['Grooming', 'Scams', 'Bullying'])
    session.control('open_poll', poll_id=choice['id'])
    card = page.get_by_test_id('now-poll')
    expect(card).to_contain_text('Most pressing risk?')
    assert box_in_view(page, card.get_by_test_id('poll-option').first), 'the poll is below the fold'
    card.get_by_role('button', name='Scams').click()
    expect(card.get_by_test_id('poll-sent')).to_be_visible()
    card.get_by_role('button', name='Bullying').click()
    expect(card.get_by_role('button', name='Bullying')).to_have_attribute('aria-pressed', 'true')
    shoot(page, screenshots, 'phone-poll-choice')
    expect(card.get_by_test_id('poll-results')).to_have_count(0)

    session.control('show_poll_results', poll_id=choice['id'])
    results = card.get_by_test_id('poll-results')
    expect(results).to_contain_text('Bullying')
    expect(results.locator('li').nth(2)).to_contain_text('1')
    expect(results.locator('li').nth(1)).to_contain_text('0')  # the second answer replaced the first

    words = session.post('/polls', question='One word for safety by design', kind='words')
    session.control('open_poll', poll_id=words['id'])
    expect(card).to_contain_text('One word for safety by design')
    card.get_by_test_id('poll-word').first.fill('Trust')
    card.get_by_test_id('poll-word').nth(1).fill('安全')
    card.get_by_test_id('poll-send').click()
    expect(card.get_by_test_id('poll-sent')).to_be_visible()
    shoot(page, screenshots, 'phone-poll-words')
    session.control('show_poll_results', poll_id=words['id'])
    expect(card.get_by_test_id('poll-results')).to_contain_text('trust')
    assert page.evaluate('document.documentElement.scrollWidth') <= 360, 'the card is wider than the phone'
