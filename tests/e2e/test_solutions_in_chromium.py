"""Series solutions in real Chromium: the public series page lists them by topic with status and support, from a
360 px phone to 1920 px; the rapporteur's editing panel; and "where we are" on the next session's participant page
and stage during the scene-setting. Screenshots at 360×740, 1366×768 and 1920×1080."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import CHROMIUM, Server
from .pages import join_session, staff_sign_in, violations
from .screens import FULL_HD, LAPTOP, LONG_POST, PHONE, TIMEOUT_MS, Session, call, screenshots, settle, shoot
from .test_languages_in_chromium import pseudo_server, unwrapped

pytestmark = [
    pytest.mark.browser,
    pytest.mark.timeout(240),
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f'{CHROMIUM} is missing: install Debian chromium to run this'),
]
__all__ = ['pseudo_server', 'screenshots']  # fixtures
SLUG = 'cop-solutions'
SIZES = (PHONE, LAPTOP, FULL_HD)


def adopt_posts(server: Server, session: Session, rapporteur_key: str, texts: list[tuple[int, str]]) -> list[str]:
    """Each (room index, text) is posted by a participant of that room, upvoted by three civil society members,
    tagged by the rapporteur and adopted into the series."""
    rooms = [r['id'] for r in session.control('open_rooms', minutes=20)['rooms']]
    ids = []
    for index, (room, text) in enumerate(texts):
        author = session.join(f'Author {index}', 'industry')
        session.post(f'/rooms/{rooms[room]}/join', author)
        post_id = session.post(f'/rooms/{rooms[room]}/posts', author, text=text)['id']
        for voter in range(3):
            token = session.join(f'Voter {index}-{voter}', 'civil_society')
            session.post(f'/rooms/{rooms[room]}/join', token)
            session.post(f'/posts/{post_id}/vote', token)
        session.post(f'/posts/{post_id}/moderate', rapporteur_key, action='tag', tag='actionable_solution')
        ids.append(call(server, 'POST', f'/api/series/{SLUG}/solutions', rapporteur_key, session=session.code,
                        post_id=post_id)['id'])
    return ids


def build(server: Server) -> tuple[Session, Session, dict[str, Any]]:
    call(server, 'POST', '/api/series', server.admin_token, slug=SLUG, title='COP Industry Connect 2026')
    first = Session.create(server, series=SLUG, title='Session 1: safety by design',
                           starts_at='2026-03-05T13:00:00Z')
    issued = call(server, 'POST', f'/api/sessions/{first.code}/keys', server.admin_token)
    first.key = issued['moderator_key']
    second = Session.create(server, series=SLUG, title='Session 2: age assurance', starts_at='2027-06-05T13:00:00Z')
    ids = adopt_posts(server, first, issued['rapporteur_key'],
                      [(0, LONG_POST), (0, 'Report buttons in every game, one tap away'),
                       (1, 'Parental controls that children can understand')])
    token = server.admin_token
    call(server, 'PATCH', f'/api/series/{SLUG}/solutions/{ids[0]}', token, owner='GSMA', status='in_progress')
    call(server, 'POST', f'/api/series/{SLUG}/solutions/{ids[0]}/notes', token,
         text='Toolkit drafted; pilots with two operators start in May.')
    call(server, 'PATCH', f'/api/series/{SLUG}/solutions/{ids[1]}', token, owner='Games industry alliance',
         status='committed')
    call(server, 'PATCH', f'/api/series/{SLUG}/solutions/{ids[2]}', token, status='done')
    return first, second, issued


def no_sideways_scroll(page: Page) -> bool:
    return bool(page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'))


def test_the_series_page_lists_solutions_by_topic_with_status_and_support_at_every_size(
        server: Server, browser: Browser, screenshots: Path) -> None:
    build(server)
    for width, height in SIZES:
        page = browser.new_context(locale='en-GB', viewport={'width': width, 'height': height}).new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f'{server.base_url}/series/{SLUG}')
        cards = page.get_by_test_id('solution')
        expect(cards).to_have_count(3)
        expect(page.get_by_role('heading', name='Actionable solutions')).to_be_visible()
        statuses = page.get_by_test_id('solution-status')
        expect(statuses.filter(has_text='In progress')).to_have_count(1)
        expect(statuses.filter(has_text='Done')).to_have_count(1)
        expect(page.get_by_text('Owner: GSMA')).to_be_visible()
        expect(page.get_by_text('Votes: 3 (Civil society 3)').first).to_be_visible()
        expect(page.get_by_text('Toolkit drafted; pilots with two operators start in May.')).to_be_visible()
        assert no_sideways_scroll(page)
        cards.first.scroll_into_view_if_needed()
        settle(page)
        shoot(page, screenshots, 'series-solutions')
        page.screenshot(path=str(screenshots / f'series-solutions-full-{width}x{height}.png'), full_page=True)
        assert [v for v in violations(page) if v['impact'] in {'serious', 'critical'}] == []
        page.context.close()


def test_the_rapporteur_edits_solutions_and_the_next_session_shows_where_we_are(
        server: Server, browser: Browser, screenshots: Path) -> None:
    _first, second, issued = build(server)
    for width, height in SIZES:
        page = browser.new_context(locale='en-GB', viewport={'width': width, 'height': height}).new_page()
        page.set_default_timeout(TIMEOUT_MS)
        staff_sign_in(page, issued['urls']['rapporteur'], 'Ravi')
        editor = page.locator('.solution-editor')
        expect(editor).to_be_visible()
        expect(editor.get_by_text('Parental controls that children can understand').first).to_be_visible()
        page.evaluate("document.querySelector('.solution-editor').scrollIntoView({block: 'start'})")
        settle(page)
        assert no_sideways_scroll(page)
        shoot(page, screenshots, 'solution-editor')
        page.context.close()
    second.control('carry_solutions')
    second.control('start')
    for width, height in SIZES:
        page = browser.new_context(locale='en-GB', viewport={'width': width, 'height': height}).new_page()
        page.set_default_timeout(TIMEOUT_MS)
        join_session(page, f'{server.base_url}/s/{second.code}', 'Lina')
        where = page.get_by_test_id('where-we-are')
        expect(where).to_be_visible()
        expect(where.get_by_text('Report buttons in every game, one tap away')).to_be_visible()
        expect(where.get_by_text('Parental controls that children can understand')).to_have_count(0)  # done
        assert no_sideways_scroll(page)
        shoot(page, screenshots, 'where-we-are-participant')
        page.context.close()
    for width, height in ((1366, 768), FULL_HD):
        page = browser.new_context(locale='en-GB', viewport={'width': width, 'height': height}).new_page()
        page.goto(f'{server.base_url}/s/{second.code}/stage')
        stage = page.get_by_test_id('stage-where')
        expect(stage).to_be_visible()
        expect(stage.get_by_text('Committed')).to_be_visible()
        shoot(page, screenshots, 'where-we-are-stage')
        page.context.close()
    second.control('next')
    page = browser.new_context(locale='en-GB', viewport={'width': 1366, 'height': 768}).new_page()
    page.goto(f'{server.base_url}/s/{second.code}/stage')
    expect(page.get_by_test_id('stage-segment')).to_be_visible()
    expect(page.get_by_test_id('stage-where')).to_have_count(0)  # only during the scene-setting


def test_every_word_of_the_solution_pages_goes_through_the_catalogue(pseudo_server: Server, browser: Browser) -> None:
    _first, second, issued = build(pseudo_server)
    second.control('carry_solutions')
    second.control('start')
    page = browser.new_context(locale='en-GB', viewport={'width': 1366, 'height': 768}).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    found: dict[str, list[str]] = {}
    page.goto(f'{pseudo_server.base_url}/series/{SLUG}?lang=xx')
    expect(page.get_by_test_id('solution')).to_have_count(3)
    # only the solutions: the sessions' own element marks its user content differently
    page.evaluate("document.querySelectorAll('.series-page > :not(.series-solutions)').forEach(e => e.remove())")
    found['series'] = unwrapped(page)
    staff_sign_in(page, f'{issued["urls"]["rapporteur"]}&lang=xx', 'Rita', name_label='⟦Your display name⟧',
                  continue_label='⟦Continue⟧')
    expect(page.locator('.solution-editor')).to_be_visible()
    found['rapporteur'] = unwrapped(page)
    join_session(page, f'{pseudo_server.base_url}/s/{second.code}', 'Lina', your_name='⟦Your name⟧',
                 group_label='⟦Stakeholder group⟧', group='⟦Civil society⟧', join_label='⟦Join⟧')
    expect(page.get_by_test_id('where-we-are')).to_be_visible()
    found['participant'] = unwrapped(page)
    page.goto(f'{pseudo_server.base_url}/s/{second.code}/stage?lang=xx')
    expect(page.get_by_test_id('stage-where')).to_be_visible()
    found['stage'] = unwrapped(page)
    assert {name: left for name, left in found.items() if left} == {}
