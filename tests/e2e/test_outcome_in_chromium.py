"""The public outcome page in real Chromium: 404 until published; then exactly what was published, by group and
never by name or organisation, a group of fewer than 3 merged; the stage's end screen links it live. Screenshots at
phone, laptop and full-HD sizes (and in Arabic) go to $FACILITATOR_SCREENSHOTS."""

from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.factories import TEMPLATE

from .conftest import CHROMIUM, Server
from .pages import violations
from .screens import FULL_HD, LAPTOP, PHONE, screenshots, shoot
from .test_posts_in_chromium import api

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f'{CHROMIUM} is missing: install Debian chromium to run this'),
]
__all__ = ['screenshots']
TIMEOUT_MS = 10_000

# name, group, organisation, room
PEOPLE = [('Ingrid Quennell', 'industry', 'Acme Telecom', 0),
          ('Ivan Petrakis', 'industry', 'Acme Telecom', 0),
          ('Iris Wolcott', 'industry', 'Bolt Networks', 0), ('Greta Lindqvist', 'government', 'Ministry of Zeta', 0),
          ('Gustav Brenner', 'government', 'Ministry of Zeta', 0), ('Gloria Mendez', 'government', 'Zeta Regulator', 0),
          ('Yara Okonkwo', 'youth', 'Youth Forum Omega', 1), ('Carl Haugen', 'civil_society', 'Kids Online Trust', 1),
          ('Cora Villanueva', 'civil_society', 'Kids Online Trust', 1),
          ('Cyd Marchetti', 'civil_society', 'Safe Web', 1)]
PRIVATE = [word for name, _g, org, _r in PEOPLE for word in (*name.split(), org)]
COMMON = 'Shared incident reporting between industry and regulators, with one common form'
SOLUTION = 'An age-appropriate design code that every platform signs up to, audited every year'
YOUTH_POST = 'Ask young people before designing safety features, and pay them for their time'
SUMMARY = ('The room agreed that shared incident reporting and a common design code are the two steps that would '
           'help most, and that regulators should be able to test systems on their own.')
LATER = 'A post written after the outcome was published'


def fill(server: Server) -> tuple[str, dict[str, Any]]:
    token = server.admin_token
    issued = api(server, 'POST', '/api/sessions', token, template=TEMPLATE)
    code, mod = issued['code'], issued['moderator_key']
    state = api(server, 'GET', f'/api/sessions/{code}/state', '')
    rooms = [room['id'] for room in state['rooms']]
    api(server, 'POST', f'/api/sessions/{code}/control', mod, action='open_rooms', minutes=30)
    tokens = {}
    for name, group, organisation, room in PEOPLE:
        joined = api(server, 'POST', f'/api/sessions/{code}/participants', '', name=name, group=group,
                     organization=organisation, show_name=True)
        tokens[name] = joined['token']
        api(server, 'POST', f'/api/sessions/{code}/rooms/{rooms[room]}/join', joined['token'])

    def post(name: str, room: int, text: str, kind: str) -> str:
        return str(api(server, 'POST', f'/api/sessions/{code}/rooms/{rooms[room]}/posts', tokens[name], text=text,
                       kind=kind)['id'])

    common, solution = post('Ingrid Quennell', 0, COMMON, 'solution'), post('Greta Lindqvist', 0, SOLUTION, 'solution')
    youth = post('Yara Okonkwo', 1, YOUTH_POST, 'opportunity')
    post('Carl Haugen', 1, 'Helplines that answer in every language, day and night', 'solution')
    for voter in ('Ivan Petrakis', 'Iris Wolcott', 'Gustav Brenner', 'Gloria Mendez'):
        api(server, 'POST', f'/api/sessions/{code}/posts/{common}/vote', tokens[voter])
    for voter in ('Gustav Brenner', 'Gloria Mendez'):
        api(server, 'POST', f'/api/sessions/{code}/posts/{solution}/vote', tokens[voter])
    for voter in ('Carl Haugen', 'Cora Villanueva'):
        api(server, 'POST', f'/api/sessions/{code}/posts/{youth}/vote', tokens[voter])
    api(server, 'POST', f'/api/sessions/{code}/posts/{solution}/moderate', mod, action='tag',
        tag='actionable_solution')
    api(server, 'POST', f'/api/sessions/{code}/rooms/{rooms[0]}/summary', issued['rapporteur_key'], text=SUMMARY)
    poll = api(server, 'POST', f'/api/sessions/{code}/polls', mod, question='Who should act first?',
               options=['Platforms', 'Regulators', 'Parents and schools'])['id']
    api(server, 'POST', f'/api/sessions/{code}/control', mod, action='open_poll', poll_id=poll)
    for name, choice in (('Ingrid Quennell', 0), ('Greta Lindqvist', 1), ('Carl Haugen', 0), ('Yara Okonkwo', 2)):
        api(server, 'POST', f'/api/sessions/{code}/polls/{poll}/answer', tokens[name], choices=[choice])
    api(server, 'POST', f'/api/sessions/{code}/control', mod, action='close_poll', poll_id=poll)
    api(server, 'POST', f'/api/sessions/{code}/control', mod, action='show_poll_results', poll_id=poll)
    return code, {'issued': issued, 'tokens': tokens, 'rooms': rooms}


def new_page(browser: Browser, size: tuple[int, int], locale: str = 'en-GB') -> Page:
    page = browser.new_context(locale=locale, viewport={'width': size[0], 'height': size[1]}).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


def test_the_outcome_page_shows_only_what_was_published_anonymised_and_the_stage_links_it(
        server: Server, browser: Browser, screenshots: Path) -> None:
    code, made = fill(server)
    mod, tokens, rooms = made['issued']['moderator_key'], made['tokens'], made['rooms']
    assert httpx.get(f'{server.base_url}/s/{code}/outcome', timeout=10).status_code == 404
    stage = new_page(browser, FULL_HD)
    stage.goto(f'{server.base_url}/s/{code}/stage')
    api(server, 'POST', f'/api/sessions/{code}/control', mod, action='end_session')
    expect(stage.get_by_test_id('stage-ended')).to_be_visible()
    expect(stage.get_by_test_id('stage-ended')).not_to_contain_text('/outcome')

    api(server, 'POST', f'/api/sessions/{code}/outcome', mod, published=True)
    expect(stage.get_by_test_id('stage-ended')).to_contain_text(f'/s/{code}/outcome')  # live, without a reload
    expect(stage.get_by_test_id('stage-outcome').get_by_role('img')).to_be_visible()  # its QR code
    shoot(stage, screenshots, 'outcome-stage-ended')
    api(server, 'POST', f'/api/sessions/{code}/control', mod, action='reset')  # input again, after publishing
    api(server, 'POST', f'/api/sessions/{code}/control', mod, action='open_rooms', minutes=5)
    api(server, 'POST', f'/api/sessions/{code}/rooms/{rooms[0]}/posts', tokens['Ivan Petrakis'], text=LATER)

    for size in (PHONE, LAPTOP, FULL_HD):
        page = new_page(browser, size)
        response = page.goto(f'{server.base_url}/s/{code}/outcome')
        assert response is not None and response.status == 200
        main = page.get_by_test_id('outcome')
        expect(main).to_contain_text(SUMMARY)
        expect(page.get_by_test_id('outcome-solution')).to_have_count(1)
        expect(page.get_by_test_id('outcome-solution')).to_contain_text(SOLUTION)
        common = page.get_by_test_id('outcome-post').filter(has_text=COMMON)
        expect(common.get_by_test_id('outcome-common-ground')).to_be_visible()
        youth = page.get_by_test_id('outcome-post').filter(has_text=YOUTH_POST)
        expect(youth.get_by_test_id('outcome-post-group')).to_have_text('Smaller groups')
        expect(page.get_by_test_id('outcome-poll')).to_contain_text('Who should act first?')
        text = main.inner_text()
        assert LATER not in text  # published before it was written
        assert [word for word in PRIVATE if word in text] == []
        assert 'Youth' not in text
        assert page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), 'no sideways scroll'
        shoot(page, screenshots, 'outcome')
        if size == LAPTOP:
            assert [v for v in violations(page) if v['impact'] in {'serious', 'critical'}] == []
        page.screenshot(path=str(screenshots / f'outcome-full-{size[0]}x{size[1]}.png'), full_page=True)
        page.context.close()

    arabic = new_page(browser, PHONE, 'ar')
    arabic.goto(f'{server.base_url}/s/{code}/outcome?lang=ar')
    assert arabic.evaluate('document.documentElement.dir') == 'rtl'
    expect(arabic.get_by_test_id('outcome')).to_contain_text('نتائج الحوار')
    arabic.screenshot(path=str(screenshots / 'outcome-ar-full-360x740.png'), full_page=True)

    api(server, 'POST', f'/api/sessions/{code}/outcome', made['issued']['rapporteur_key'], published=False)
    assert httpx.get(f'{server.base_url}/s/{code}/outcome', timeout=10).status_code == 404
