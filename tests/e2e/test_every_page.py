"""Real Chromium: every page, in a live state and after the end, shows words and never a stored code, and each page is
captured at 360×740, 1366×768 and 1920×1080 (screenshots outside the repository, see screens.py).

The rule for "no codes", since some codes are plain English words ("industry", "open", "live", "question"):
- a snake_case code (`civil_society`, `point_of_order`, `key_takeaway`, ...) must not appear anywhere as a word;
- no code may be a whole piece of text on its own: the full text of a text node or attribute, or one of its parts
  split at `·`, `,`, `:`, `|`, `/` or brackets (that is how `Amina · Org · civil_society` or a status pill reading
  `live` would show). Prose that merely contains such a word ("the rooms are open") is allowed.
Icon ligatures (Material icon names such as `thumb_up`) are glyphs, not text, and are skipped."""

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from db import enums

from .conftest import Server
from .pages import BROWSER_TESTS, join_session, staff_sign_in
from .screens import (
    FULL_HD,
    LAPTOP,
    LONG_BROADCAST,
    LONG_NAME,
    LONG_ORG,
    LONG_POST,
    LONG_QUESTION,
    LONG_TITLE,
    PHONE,
    TIMEOUT_MS,
    Session,
    screenshots,
    settle,
    shoot,
)

pytestmark = BROWSER_TESTS
__all__ = ['screenshots']
CODES = sorted({member.value for enum in vars(enums).values()
                if isinstance(enum, type) and issubclass(enum, enums.StrEnum) and enum is not enums.StrEnum
                for member in enum})
SIZES = (PHONE, LAPTOP, FULL_HD)
SCAN_JS = r"""(codes) => {
  const codeSet = new Set(codes);
  const snake = codes.filter(c => c.includes('_'));
  const found = [];
  const check = (text, where) => {
    const show = where + ': ' + text.trim().slice(0, 80);
    for (const code of snake) {
      if (new RegExp('(^|[^A-Za-z_])' + code + '($|[^A-Za-z_])').test(text)) found.push(show);
    }
    for (const part of text.split(/[·,:|/()\[\]\n]/)) if (codeSet.has(part.trim())) found.push(show);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest('script, style, .q-icon, .material-icons, [aria-hidden="true"] .q-icon')) continue;
    if (!el.getClientRects().length && !el.closest('.sr-only, [aria-live]')) continue;
    if (node.textContent.trim()) check(node.textContent, el.tagName.toLowerCase());
  }
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], img[alt]')) {
    for (const name of ['title', 'aria-label', 'placeholder', 'alt']) {
      const value = el.getAttribute(name);
      if (value) check(value, '@' + name);
    }
  }
  return [...new Set(found)];
}"""


def codes_on(page: Page, where: str) -> list[str]:
    settle(page)
    return [f'{where}: {item}' for item in page.evaluate(SCAN_JS, CODES)]


def capture(page: Page, folder: Path, name: str) -> None:
    for width, height in SIZES:
        page.set_viewport_size({'width': width, 'height': height})
        settle(page)
        shoot(page, folder, name)
    page.set_viewport_size({'width': LAPTOP[0], 'height': LAPTOP[1]})


def new_page(browser: Browser) -> Page:
    page = browser.new_context(locale='en-GB', viewport={'width': LAPTOP[0], 'height': LAPTOP[1]}).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


def set_the_scene(server: Server, browser: Browser) -> tuple[Session, Page, Page]:
    """Live, in the dialogue, a presenter speaking, hands raised, the rooms open with posts, a broadcast."""
    session = Session.create(server, title=LONG_TITLE)
    session.post('/speakers', name=LONG_NAME, organization=LONG_ORG, planned_seconds=300)
    participant = new_page(browser)
    join_session(participant, f'{server.base_url}/s/{session.code}', 'Amina Haddad')
    expect(participant.get_by_text('You are Amina Haddad · Civil society')).to_be_visible()
    staff = new_page(browser)
    staff_sign_in(staff, session.urls['moderator'], 'Maya')
    expect(staff.get_by_text('Signed in as Maya')).to_be_visible()
    for action in ('start', 'next', 'next'):
        session.control(action)
    session.control('next_speaker')
    token = session.join('Bo Chen', group='international_organization')
    session.post('/hand', token, type='point_of_order')
    session.post('/questions', token, text=LONG_QUESTION)
    session.control('open_rooms', minutes=20)
    room = session.state()['rooms'][0]
    session.post(f'/rooms/{room["id"]}/join', token)
    post = session.post(f'/rooms/{room["id"]}/posts', token, text=LONG_POST, kind='solution')
    session.post(f'/posts/{post["id"]}/moderate', action='tag', tag='actionable_solution')
    session.post('/help', token)
    session.control('broadcast', message=LONG_BROADCAST)
    expect(participant.get_by_test_id('broadcast-banner')).to_be_visible()
    return session, participant, staff


def scan_everything(session: Session, participant: Page, staff: Page, folder: Path | None) -> list[str]:
    """Every page (and every tab of it); with `folder`, screenshots at the three sizes too."""
    base = session.server.base_url
    found: list[str] = []
    pages = [(participant, f'/s/{session.code}', 'participant', ['Questions', 'Breakout room']),
             (staff, f'/s/{session.code}/moderate', 'console', ['Rooms', 'Questions', 'Agenda', 'Session & people',
                                                               'Speakers']),
             (staff, f'/s/{session.code}/floor', 'floor', []),
             (staff, f'/s/{session.code}/stage', 'stage', []),
             (staff, f'/organize?token={session.server.admin_token}', 'organiser', []),
             (staff, f'/organize/{session.code}', 'organiser-edit', []),
             (staff, '/', 'home', [])]
    for page, path, name, tabs in pages:
        page.goto(base + path)
        page.wait_for_load_state('networkidle')
        for tab in tabs:
            page.get_by_role('tab', name=tab).click()
            found += codes_on(page, f'{name} / {tab}')
        found += codes_on(page, name)
        if folder:
            capture(page, folder, name)
    room_id = session.state()['rooms'][0]['id']
    staff.goto(f'{base}/s/{session.code}/moderate/room/{room_id}')
    expect(staff.locator('article.post-card')).to_have_count(1)
    found += codes_on(staff, 'room view')
    if folder:
        capture(staff, folder, 'room-view')
    staff.goto(session.urls['rapporteur'])
    staff.wait_for_load_state('networkidle')
    if staff.get_by_label('Your display name').count():
        staff.get_by_label('Your display name').fill('Rita')
        staff.get_by_role('button', name='Continue', exact=True).click()
    expect(staff.get_by_text('Signed in as Rita')).to_be_visible()
    found += codes_on(staff, 'rapporteur')
    if folder:
        capture(staff, folder, 'rapporteur')
    return found


def test_every_page_shows_words_not_codes(server: Server, browser: Browser, screenshots: Path) -> None:
    session, participant, staff = set_the_scene(server, browser)
    join_form = new_page(browser)
    join_form.goto(f'{server.base_url}/s/{session.code}')
    join_form.get_by_label('Stakeholder group').click()  # the options are words
    found = codes_on(join_form, 'join form')
    join_form.keyboard.press('Escape')
    capture(join_form, screenshots, 'join-form')
    found += scan_everything(session, participant, staff, screenshots)

    session.control('close_rooms')
    session.control('report_back', room_index=0)
    session.control('end_session')
    found += scan_everything(session, participant, staff, None)
    assert found == []


def test_the_scan_finds_codes_and_spares_prose(browser: Browser) -> None:
    page = browser.new_context().new_page()
    page.set_content("""<main><p>Amina · Child Rights Network · civil_society</p><span class="pill">live</span>
      <p>The rooms are open. Industry and government join.</p><i class="q-icon">thumb_up</i>
      <button title="point_of_order">Raise</button><p>Hand: Point of order</p></main>""")
    assert len(codes_on(page, 'sample')) == 3  # civil_society, the "live" pill, the title attribute
