"""The background jobs run once across instances: rooms that close on their timer close once, on one instance, with
one event, although both instances' sweepers look every second (each tick takes a PostgreSQL advisory lock)."""

import json
import time

import httpx
import psycopg

from facilitator.pg_bus import CHANNEL
from facilitator.scale import conninfo
from tests.api.helpers import ADMIN_TOKEN, NO_TLS, TEMPLATE, bearer
from tests.scale.instances import Instance

WAIT_S = 20.0
SWEEPS_S = 4.0
"""after the close, both sweepers get several more ticks: none may close (or announce) again"""


def test_rooms_closing_on_their_timer_close_once_across_two_instances(pair: tuple[Instance, Instance]) -> None:
    a, b = pair
    with psycopg.connect(conninfo(a.database_url), autocommit=True) as tap, \
            httpx.Client(base_url=a.base_url, timeout=WAIT_S, **NO_TLS) as api_a, \
            httpx.Client(base_url=b.base_url, timeout=WAIT_S, **NO_TLS) as api_b:
        tap.execute(f'LISTEN {CHANNEL}')
        made = api_a.post('/api/sessions', json={'template': TEMPLATE}, headers=bearer(ADMIN_TOKEN))
        assert made.status_code == 201, made.text
        session = made.json()
        code = session['code']
        opened = api_a.post(f'/api/sessions/{code}/control', headers=bearer(session['moderator_key']),
                            json={'action': 'open_rooms', 'minutes': 0.05, 'grace_seconds': 0})  # 3 s
        assert opened.status_code == 200, opened.text
        opened_version = api_b.get(f'/api/sessions/{code}/state').json()['version']

        deadline = time.monotonic() + WAIT_S
        while api_b.get(f'/api/sessions/{code}/state').json()['rooms_open']:
            assert time.monotonic() < deadline, 'the rooms never closed by themselves'
            time.sleep(0.2)
        time.sleep(SWEEPS_S)

        closing = [data for data in (json.loads(n.payload) for n in tap.notifies(timeout=1.0, stop_after=1000))
                   if data['c'] == code and data['k'] == 'agenda' and data['v'] > opened_version]
        assert len(closing) == 1, f'the rooms closed once, with one event: {closing}'
        assert api_a.get(f'/api/sessions/{code}/state').json()['version'] == opened_version + 1
