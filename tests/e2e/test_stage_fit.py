"""Real Chromium: the stage fits every projector from 1280×720 to 3840×2160 in every state, with long content.

One stage page; each state is driven through the API, then the viewport is resized through the four sizes. At each
size the page must not scroll either way, and every countdown (and the blocks around it) must lie inside the
viewport. Screenshots of each state go outside the repository (see screens.py)."""

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from .conftest import Server
from .pages import BROWSER_TESTS
from .screens import (
    LONG_BROADCAST,
    LONG_FLASH,
    LONG_NAME,
    LONG_ORG,
    LONG_POST,
    LONG_QUESTION,
    LONG_TALK,
    LONG_TITLE,
    STAGE_SIZES,
    TIMEOUT_MS,
    Session,
    misfits,
    screenshots,
    settle,
    shoot,
)

pytestmark = BROWSER_TESTS
__all__ = ['screenshots']  # the fixture, imported for pytest
CHECKED = ['[role=timer]', '.st-fit', '.st-feature', '.st-top', '.st-next', '.st-join', '.st-ended', '.st-chime']
SHOT_SIZES = {(1366, 768), (1920, 1080)}
CHIME_COVERED_JS = """() => {
  const chime = document.querySelector('.st-chime');
  if (!chime) return false;
  const r = chime.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return !(hit && hit.closest('.st-chime'));
}"""


def check_fit(page: Page, state: str, folder: Path) -> list[str]:
    problems = []
    for width, height in STAGE_SIZES:
        page.set_viewport_size({'width': width, 'height': height})
        settle(page)
        problems += [f'{state} {problem}' for problem in misfits(page, CHECKED)]
        if page.evaluate(CHIME_COVERED_JS):
            problems.append(f'{state} {width}x{height}: the language picker covers the chime toggle')
        if (width, height) in SHOT_SIZES:
            shoot(page, folder, f'stage-{state}')
    return problems


def assert_thank_you(page: Page) -> None:
    """The end: "Thank you", no countdown, nothing next; the chime toggle still works."""
    stage = page.locator('.stage')
    expect(page.get_by_test_id('stage-ended')).to_contain_text('Thank you')
    expect(stage.locator('[role=timer]')).to_have_count(0)
    expect(stage).not_to_contain_text('Next')
    expect(stage).not_to_contain_text('Up next')
    chime = page.get_by_test_id('stage-chime')
    expect(chime).to_have_attribute('aria-pressed', 'false')
    chime.click()
    expect(chime).to_have_attribute('aria-pressed', 'true')
    expect(chime).to_contain_text('Chime at zero: on')
    chime.click()


def add_posts(session: Session, token: str) -> None:
    room = session.state()['rooms'][0]
    session.post(f'/rooms/{room["id"]}/join', token)
    for text in (LONG_POST, LONG_POST.replace('Independent', 'Mandatory'), LONG_POST.replace('every year', 'twice')):
        session.post(f'/rooms/{room["id"]}/posts', token, text=text, kind='solution')


LONG_OPTIONS = ['Grooming and sextortion through direct messages on gaming and social platforms',
                'Scams', 'Harmful content recommended by algorithms to very young users', 'Cyberbullying',
                'Data harvesting', 'Something else entirely, which we should discuss in the open dialogue']
CLOUD = [['Safety by design', 'trust'], ['safety by design', 'age assurance'], ['Trust', '信任'],
         ['privacy', 'dialogue'], ['safety by design', 'interoperable standards'], ['youth voice']]


def poll_states(session: Session, page: Page, folder: Path) -> list[str]:
    """A choice poll's bars, then a word cloud, each with its results shown; then both taken off the stage."""
    people = [session.join(f'Voter {i}', group) for i, group in enumerate(
        ['civil_society', 'industry', 'government', 'academia', 'youth', 'industry'])]
    choice = session.post('/polls', question=LONG_QUESTION[:280], kind='choice', options=LONG_OPTIONS, multiple=True)
    session.control('open_poll', poll_id=choice['id'])
    for i, token in enumerate(people):
        session.post(f'/polls/{choice["id"]}/answer', token, choices=sorted({0, i % len(LONG_OPTIONS)}))
    session.control('show_poll_results', poll_id=choice['id'])
    expect(page.get_by_test_id('stage-bars')).to_be_visible()
    problems = check_fit(page, 'poll-bars', folder)
    words = session.post('/polls', question='One word for safety by design', kind='words')
    session.control('open_poll', poll_id=words['id'])
    for token, phrases in zip(people, CLOUD, strict=True):
        session.post(f'/polls/{words["id"]}/answer', token, words=phrases)
    session.control('show_poll_results', poll_id=words['id'])
    expect(page.get_by_test_id('stage-cloud')).to_contain_text('safety by design')
    problems += check_fit(page, 'poll-cloud', folder)
    for poll in (choice, words):
        session.control('hide_poll_results', poll_id=poll['id'])
    session.control('close_poll', poll_id=words['id'])
    expect(page.get_by_test_id('stage-poll')).to_have_count(0)
    return problems


def test_the_stage_fits_every_screen_in_every_state(server: Server, browser: Browser, screenshots: Path) -> None:
    session = Session.create(server, title=LONG_TITLE)
    session.post('/speakers', name=LONG_NAME, organization=LONG_ORG, title=LONG_TALK, planned_seconds=300)
    session.post('/speakers', name='Kwame Mensah-Bonsu', organization=LONG_ORG, title=LONG_TALK, planned_seconds=300)
    page = browser.new_context(locale='en-GB').new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f'{server.base_url}/s/{session.code}/stage')
    problems: list[str] = []

    expect(page.get_by_test_id('stage-join')).to_be_visible()
    problems += check_fit(page, 'join-scheduled', screenshots)

    session.control('start')
    expect(page.get_by_test_id('stage-clock')).to_be_visible()
    problems += check_fit(page, 'countdown', screenshots)

    session.control('next_speaker')
    expect(page.get_by_test_id('now-speaking')).to_contain_text(LONG_NAME)
    problems += check_fit(page, 'speaker', screenshots)

    token = session.join('Amina Haddad')
    question = session.post('/questions', token, text=LONG_QUESTION)
    session.post(f'/posts/{question["id"]}/moderate', action='spotlight')
    expect(page.get_by_test_id('spotlight')).to_be_visible()
    problems += check_fit(page, 'spotlight', screenshots)

    session.control('broadcast', message=LONG_BROADCAST)
    expect(page.get_by_test_id('stage-broadcast')).to_be_visible()
    problems += check_fit(page, 'broadcast', screenshots)

    session.control('flash', message=LONG_FLASH)
    expect(page.get_by_test_id('stage-flash')).to_contain_text('Five minutes left')
    problems += check_fit(page, 'flash', screenshots)
    session.control('clear_flash')
    expect(page.get_by_test_id('stage-flash')).to_have_count(0)

    problems += poll_states(session, page, screenshots)

    session.post(f'/posts/{question["id"]}/moderate', action='unspotlight')
    session.control('open_rooms', minutes=20)
    expect(page.get_by_test_id('stage-rooms-clock')).to_be_visible()
    problems += check_fit(page, 'rooms', screenshots)

    add_posts(session, token)
    session.control('close_rooms')
    session.control('report_back', room_index=0)
    expect(page.get_by_test_id('report-back')).to_contain_text('Mandatory')
    problems += check_fit(page, 'report-back', screenshots)

    session.control('show_join_slide')
    expect(page.get_by_test_id('stage-join')).to_be_visible()
    problems += check_fit(page, 'join-slide', screenshots)
    session.control('hide_join_slide')

    session.control('end_session')
    assert_thank_you(page)
    problems += check_fit(page, 'ended', screenshots)

    assert problems == []
