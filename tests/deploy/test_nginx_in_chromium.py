"""Real Chromium through the shipped nginx config, in front of two instances: a participant joins, sees the timer,
posts in a breakout room and reloads; moderator actions sent through nginx to the *other* instance reach the page."""

import os
import re
import time
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from deploy.local_nginx import ROUTE_COOKIE
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.factories import TEMPLATE

from .conftest import Cluster

pytestmark = [pytest.mark.browser, pytest.mark.postgres]
TIMEOUT_MS = 15_000


@pytest.fixture(autouse=True)
def patient_expect() -> Iterator[None]:
    """Two instances, nginx and Chromium share a busy box: expectations wait as long as page actions do."""
    expect.set_options(timeout=TIMEOUT_MS)
    yield
    expect.set_options(timeout=5_000)  # Playwright's default, for the other tests in this process


@pytest.fixture
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if os.environ.get('CI') == 'true':
            pytest.fail(f'CI=true but {CHROMIUM} is missing (see .ci/system-deps)')
        pytest.skip(f'{CHROMIUM} is missing: install Debian chromium to run this')
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def control(cluster: Cluster, code: str, key: str, route: str, action: str, **extra: object) -> None:
    """A moderator action through nginx, from an API client whose route cookie is `route`."""
    response = httpx.post(f'{cluster.base_url}/api/sessions/{code}/control', json={'action': action, **extra},
                          headers={'Authorization': f'Bearer {key}'}, cookies={ROUTE_COOKIE: route}, timeout=10)
    assert response.status_code == 200, response.text


def route_of(page: Page) -> str:
    return next(c['value'] for c in page.context.cookies() if c['name'] == ROUTE_COOKIE)


def test_a_participant_through_nginx_joins_posts_reloads_and_sees_the_moderator(cluster: Cluster,
                                                                               browser: Browser) -> None:
    admin = cluster.instances[0].admin_token
    created = httpx.post(f'{cluster.base_url}/api/sessions', json={'template': TEMPLATE}, timeout=10,
                         headers={'Authorization': f'Bearer {admin}'})
    assert created.status_code == 201, created.text
    code, key = created.json()['code'], created.json()['moderator_key']

    page = browser.new_context(locale='en-GB').new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f'{cluster.base_url}/s/{code}')
    page.get_by_label('Your name').fill('Amina')
    page.get_by_label('Stakeholder group').click()
    page.get_by_role('option', name='Civil society').click()
    page.get_by_role('button', name='Join', exact=True).click()
    expect(page.get_by_text('You are Amina · Civil society')).to_be_visible()
    expect(page.locator('.ls-clock-digits')).to_have_text('15:00')
    expect(page.locator('.ls-tone-label')).to_contain_text('Not started')

    mine = cluster.instance_of_route(route_of(page))
    elsewhere = cluster.route_to(cluster.other(mine))  # the moderator's requests land on the other instance
    log_lines = len(cluster.proxy.upstreams_seen())
    control(cluster, code, key, elsewhere, 'start')
    deadline = time.monotonic() + 5  # nginx logs a request after it has sent the answer
    while len(cluster.proxy.upstreams_seen()) == log_lines and time.monotonic() < deadline:
        time.sleep(0.05)
    assert cluster.proxy.upstreams_seen()[log_lines:] == [cluster.address(cluster.other(mine))]
    expect(page.locator('.ls-tone-label')).to_contain_text('Running')
    expect(page.locator('.ls-clock-digits')).not_to_have_text('15:00')  # ticking in the browser

    control(cluster, code, key, elsewhere, 'open_rooms', minutes=20)
    page.get_by_role('button', name='Join this room').first.click()
    expect(page.get_by_text('You are in this room')).to_be_visible()
    page.get_by_label('Your input for this room').fill('Independent audits of safety claims')
    page.get_by_role('button', name='Post', exact=True).click()
    post = page.locator('article.post-card .pc-text', has_text='Independent audits of safety claims')
    expect(post).to_be_visible()

    page.reload()
    expect(page.get_by_text('You are in this room')).to_be_visible()
    expect(post).to_be_visible()
    assert cluster.instance_of_route(route_of(page)) is mine, 'the reload stayed on its instance'

    control(cluster, code, key, elsewhere, 'broadcast', message='Five minutes left in the rooms')
    expect(page.get_by_test_id('broadcast-banner')).to_contain_text('Five minutes left in the rooms')

    access_log = cluster.proxy.access_log.read_text()
    assert re.search(r'"GET /_nicegui_ws/socket\.io/\?\S*transport=websocket\S* HTTP/1\.1" 101 ', access_log), \
        'the page socket went through nginx as a WebSocket'
