"""Real Chromium, per language: the pseudo-locale finds strings that never went through `_()`, French leaves no
English behind, Arabic is right to left and still passes axe, and two languages watch one session at once."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import Browser, Page, expect

from facilitator.i18n import LOCALE_DIR, NATIVE_NAMES
from tests.factories import TEMPLATE

from .conftest import Server, run_server
from .pages import BROWSER_TESTS, join_session, staff_sign_in, violations
from .test_posts_in_chromium import api

pytestmark = BROWSER_TESTS

UNTRANSLATED_TEXT = """(skip) => {
  // Every visible text node with letters in it, outside user content ([data-user]) and icon ligatures.
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const el = walker.currentNode.parentElement;
    if (!text || !/\\p{L}/u.test(text) || !el) continue;
    if (el.closest('[data-user], script, style, noscript, .q-icon, .material-icons, [aria-hidden="true"]')) continue;
    // [data-user-label]: the element's own label or value is user content (an expansion's title, a select's value)
    if (el.closest('[data-user-label] > .q-expansion-item__container > .q-item, .q-field__native[data-user-label]'))
      continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const shown = (box.width > 0 && box.height > 0 && style.visibility !== 'hidden') || el.closest('.sr-only');
    // a message with markup inside (<kbd>…</kbd>) is split into several nodes: judge it by its element's text
    const whole = [el, el.parentElement].map(e => (e && e.textContent || '').trim())
      .some(t => t.startsWith('⟦') && t.endsWith('⟧'));
    if (shown && !skip.includes(text)) found.push(whole ? '⟦' + text + '⟧' : text);
  }
  return [...new Set(found)];
}"""
AUTONYMS = [*NATIVE_NAMES.values(), '⟦pseudo⟧', 'facilitator']  # the languages' own names, the app's name


def texts(page: Page) -> list[str]:
    return list(page.evaluate(UNTRANSLATED_TEXT, AUTONYMS))


def unwrapped(page: Page) -> list[str]:
    """The visible UI text that did not come through `_()` in the pseudo-locale."""
    return [text for text in texts(page) if '⟦' not in text]


@pytest.fixture
def pseudo_server(tmp_path: Path) -> Iterator[Server]:
    """The server with the pseudo-locale `xx` offered (FACILITATOR_PSEUDO_LOCALE=1)."""
    with run_server(tmp_path, FACILITATOR_PSEUDO_LOCALE='1') as running:
        yield running


def test_pseudo_locale_wraps_every_ui_string(pseudo_server: Server, browser: Browser) -> None:
    server = pseudo_server
    issued = api(server, 'POST', '/api/sessions', server.admin_token, template=TEMPLATE)
    code, key = issued['code'], issued['moderator_key']
    api(server, 'POST', f'/api/sessions/{code}/control', key, action='start')
    api(server, 'POST', f'/api/sessions/{code}/control', key, action='open_rooms', minutes=20)
    page = browser.new_context(locale='en-GB').new_page()
    found: dict[str, list[str]] = {}
    page.goto(f'{server.base_url}/?lang=xx')
    expect(page.get_by_label('⟦Session code⟧')).to_be_visible()
    found['home'] = unwrapped(page)
    join_session(page, f'{server.base_url}/s/{code}', 'Amina', your_name='⟦Your name⟧',
                 group_label='⟦Stakeholder group⟧', group='⟦Civil society⟧', join_label='⟦Join⟧')
    expect(page.get_by_text('Amina').first).to_be_visible()
    found['participant'] = unwrapped(page)
    page.get_by_role('button', name='⟦Join this room⟧').first.click()
    page.get_by_label('⟦Your input for this room⟧').fill('Independent audits')
    page.get_by_role('button', name='⟦Post⟧', exact=True).click()
    expect(page.locator('article.post-card')).to_have_count(1)
    found['participant: room'] = unwrapped(page)
    page.goto(f'{server.base_url}/s/{code}/stage?lang=xx')
    expect(page.locator('.stage')).to_be_visible()
    found['stage'] = unwrapped(page)
    staff_sign_in(page, f'{issued["urls"]["moderator"]}&lang=xx', 'Maya', name_label='⟦Your display name⟧',
                  continue_label='⟦Continue⟧')
    expect(page.locator('.live-status')).to_be_visible()
    found['moderator'] = unwrapped(page)
    room_id = api(server, 'GET', f'/api/sessions/{code}/state', key)['rooms'][0]['id']
    page.goto(f'{server.base_url}/s/{code}/moderate/room/{room_id}')
    expect(page.locator('article.post-card')).to_have_count(1)
    found['moderator: room'] = unwrapped(page)
    staff_sign_in(page, f'{issued["urls"]["rapporteur"]}&lang=xx', 'Rita', name_label='⟦Your display name⟧',
                  continue_label='⟦Continue⟧')
    expect(page.get_by_text('Rita').first).to_be_visible()
    found['rapporteur'] = unwrapped(page)
    page.goto(f'{server.base_url}/organize?token={server.admin_token}')
    expect(page.get_by_text(code).first).to_be_visible()
    found['organiser'] = unwrapped(page)
    print(found)
    assert {name: left for name, left in found.items() if left} == {}


def test_french_arabic_and_two_languages_at_once(server: Server, browser: Browser) -> None:
    issued = api(server, 'POST', '/api/sessions', server.admin_token, template=TEMPLATE)
    code = issued['code']
    french = browser.new_context(locale='fr-FR').new_page()  # Accept-Language: fr-FR
    join_session(french, f'{server.base_url}/s/{code}', 'Amélie', your_name='Votre nom',
                 group_label='Groupe de parties prenantes', group='Société civile', join_label='Rejoindre')
    expect(french.get_by_text('Vous êtes Amélie · Société civile')).to_be_visible()
    with (LOCALE_DIR / 'fr' / 'LC_MESSAGES' / 'facilitator.po').open('rb') as handle:
        english = {str(m.id) for m in read_po(handle) if m.id and m.string and m.string != m.id}
    assert [text for text in texts(french) if text in english] == []
    assert french.evaluate('document.documentElement.lang') == 'fr'

    arabic = browser.new_context(locale='en-GB').new_page()
    join_session(arabic, f'{server.base_url}/s/{code}?lang=ar', 'Karim', your_name='اسمك',
                 group_label='مجموعة أصحاب المصلحة', group='الصناعة', join_label='انضمام')
    expect(arabic.get_by_text('أنت Karim · الصناعة')).to_be_visible()
    assert arabic.evaluate('[document.documentElement.lang, document.documentElement.dir]') == ['ar', 'rtl']
    serious = [v for v in violations(arabic) if v['impact'] in {'serious', 'critical'}]
    assert serious == []

    # both watch the same session; a change reaches each in its own words
    api(server, 'POST', f'/api/sessions/{code}/control', issued['moderator_key'], action='start')
    expect(french.locator('.ls-segment-label')).to_contain_text('Maintenant')
    expect(arabic.locator('.ls-segment-label')).to_contain_text('الآن')
    expect(french.locator('.ls-status')).to_have_text('En direct')
    expect(arabic.locator('.ls-status')).to_have_text('مباشر')
