"""The public series page in real Chromium: sessions in date order, a ticking countdown, "Join now" while live, a
rescheduled session shown as such; it fits a 360 px phone and axe finds nothing serious. Then the registration
form's personal link lets the registrant in under their registered name."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.factories import TEMPLATE

from .conftest import CHROMIUM, Server
from .test_accessibility import violations
from .test_posts_in_chromium import api

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f'{CHROMIUM} is missing: install Debian chromium to run this'),
]
SLUG = 'cop-industry-connect-2025'
SHOTS = Path(__file__).resolve().parents[2] / 'data' / 'screenshots'


def at(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).replace(microsecond=0).isoformat()


def build_series(server: Server) -> dict[str, str]:
    token = server.admin_token
    api(server, 'POST', '/api/series', token, slug=SLUG, title='COP Industry Connect 2025',
        description='A quarterly online dialogue series on child online protection.',
        objectives=['Foster cross-sectoral dialogue.', 'Identify actionable solutions.'],
        format='Four sessions, 2 hours each.', timezone='Europe/Zurich')
    made = {}
    for name, days in (('upcoming', 3), ('ended', -30), ('live', 0), ('moved', 10)):
        issued = api(server, 'POST', '/api/sessions', token, template=TEMPLATE, series=SLUG, starts_at=at(days),
                     title=f'The {name} session')
        made[name] = issued['code']
    api(server, 'POST', f'/api/sessions/{made["live"]}/control', token, action='start')
    api(server, 'POST', f'/api/sessions/{made["ended"]}/control', token, action='start')
    api(server, 'POST', f'/api/sessions/{made["ended"]}/control', token, action='end_session')
    api(server, 'PATCH', f'/api/sessions/{made["moved"]}', token, starts_at=at(40))
    return made


def test_the_series_page_shows_sessions_in_order_a_countdown_join_now_and_a_reschedule(
        server: Server, browser: Browser) -> None:
    made = build_series(server)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((360, 740), (1366, 768)):
        page = browser.new_context(locale='en-GB', viewport={'width': width, 'height': height}).new_page()
        page.goto(f'{server.base_url}/series/{SLUG}')
        items = page.get_by_test_id('series-session')
        expect(items).to_have_count(4)
        assert [items.nth(i).get_attribute('data-code') for i in range(4)] == [
            made['ended'], made['live'], made['upcoming'], made['moved']]
        countdown = page.get_by_test_id('countdown')
        expect(countdown).to_contain_text('Starts in 2 d')
        first = countdown.inner_text()
        expect(countdown).not_to_have_text(first)  # it ticks in the browser
        live = items.nth(1)
        join_now = live.get_by_role('link', name='Join now')
        expect(join_now).to_have_attribute('href', f'{server.base_url}/s/{made["live"]}')
        expect(page.get_by_role('link', name='Join now')).to_have_count(1)
        expect(items.nth(0).get_by_role('link', name='Register')).to_have_count(0)  # ended
        moved = items.nth(3)
        expect(moved.get_by_text('Rescheduled')).to_be_visible()
        expect(moved.locator('del')).to_have_count(1)
        assert page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')
        page.screenshot(path=str(SHOTS / f'series-{width}.png'), full_page=True)
        found = [v for v in violations(page) if v['impact'] in {'serious', 'critical'}]
        assert found == []


def test_a_registrant_gets_a_personal_link_that_lets_them_in_by_name(server: Server, browser: Browser) -> None:
    code = api(server, 'POST', '/api/sessions', server.admin_token, template=TEMPLATE, starts_at=at(2),
               registration_required=True)['code']
    page = browser.new_context(locale='en-GB', viewport={'width': 360, 'height': 740}).new_page()
    page.goto(f'{server.base_url}/s/{code}/register')
    page.get_by_label('Your name *').fill('Amina Diallo')
    page.get_by_label('Email *').fill('amina@example.org')
    page.get_by_label('Stakeholder group *').click()
    page.get_by_role('option', name='Civil society').click()
    page.get_by_label('Country *').fill('Senegal')
    page.get_by_role('option', name='Senegal').click()
    page.get_by_role('checkbox', name='I agree to the privacy notice *').click()
    assert page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')
    assert [v for v in violations(page) if v['impact'] in {'serious', 'critical'}] == []
    page.get_by_role('button', name='Register').click()
    link = page.locator('a').filter(has_text='?t=')
    expect(link).to_have_count(1)
    page.goto(link.inner_text())
    expect(page.get_by_text('You are Amina Diallo · Civil society')).to_be_visible()
