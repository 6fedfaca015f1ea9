"""Hardening at the edge, against the real server: streamed body limit, security headers, hosts and origins,
Secure cookies behind https, the join cap per address, and the modes of the files that hold personal data."""

import asyncio
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from tests.api.helpers import ADMIN_TOKEN, NO_TLS, Server, assert_error, bearer, create_session

MB = 1024 * 1024
SECURITY_HEADERS = {'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff'}


@dataclass
class ConfiguredServer(Server):
    """A server of its own with extra FACILITATOR_* settings."""

    extra: dict[str, str] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        return {**super().env(), **self.extra}


@pytest.fixture(scope='module')
def behind_https(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConfiguredServer]:
    """Published as https://facilitator.example behind a proxy on 127.0.0.1, joins capped at 5 a minute."""
    own = ConfiguredServer(data_dir=tmp_path_factory.mktemp('https-server') / 'data', extra={
        'FACILITATOR_PUBLIC_URL': 'https://facilitator.example', 'FACILITATOR_ALLOWED_HOSTS': '127.0.0.1',
        'FACILITATOR_JOIN_LIMIT': '5', 'FACILITATOR_TRUSTED_PROXIES': '127.0.0.1/32'})
    try:
        yield own.start()
    finally:
        own.stop()


# --- bodies ----------------------------------------------------------------------------------------------------------

def test_a_10_mb_chunked_body_is_refused_and_server_memory_stays_flat(server: Server, http: httpx.Client,
                                                                      session: dict[str, Any]) -> None:
    assert server.process is not None
    process = psutil.Process(server.process.pid)
    before = process.memory_info().rss
    peak, done = [before], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak.append(process.memory_info().rss)
            done.wait(0.02)

    def chunks() -> Iterator[bytes]:
        yield b'{"name": "'
        for _ in range(160):
            yield b'a' * (64 * 1024)  # 10 MiB in all, without a Content-Length

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        response = http.post(f"/api/sessions/{session['code']}/participants", content=chunks(),
                             headers={'Content-Type': 'application/json'})
        assert_error(response, 413, 'body_too_large')
    except (httpx.RemoteProtocolError, httpx.WriteError, httpx.ReadError):
        pass  # the server answered and closed the connection while the client still wrote: refused as well
    finally:
        done.set()
        sampler.join()
    # The issue asks for < 20 MB. Buffering the body whole grew the server by 19 MB for these 10 MB (and by 197 MB
    # for 100 MB); streaming with the limit grows it by almost nothing, so the bound can be tighter.
    assert max(peak) - before < 8 * MB, f'server memory grew by {(max(peak) - before) / MB:.1f} MB'
    assert http.get(f"/api/sessions/{session['code']}/state").json()['participant_count'] == 0


# --- headers ---------------------------------------------------------------------------------------------------------

def test_pages_and_the_api_carry_the_security_headers(http: httpx.Client, session: dict[str, Any]) -> None:
    code = session['code']
    staff = ['/organize', f'/s/{code}/moderate', f'/s/{code}/rapporteur']
    for path in ['/', f'/s/{code}', *staff, f'/s/{code}/stage', '/api/health', f'/api/sessions/{code}/state',
                 '/api/sessions/NOPE/state', '/nowhere']:
        response = http.get(path)
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (path, name, response.headers)
        csp = response.headers['content-security-policy']
        assert "object-src 'none'" in csp or "default-src 'none'" in csp, (path, csp)
        if path.endswith('/stage'):
            assert 'frame-ancestors' not in csp, 'the stage may be framed by venue signage'
        else:
            assert "frame-ancestors 'none'" in csp, (path, csp)
            assert response.headers['x-frame-options'] == 'DENY'
    refused = http.post(f'/api/sessions/{code}/control', json={'action': 'start'})
    assert refused.status_code == 401
    assert refused.headers['x-content-type-options'] == 'nosniff'


# --- hosts and origins -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize('path', ['/', '/api/health', '/organize'])
def test_a_foreign_host_is_refused_with_400(http: httpx.Client, path: str) -> None:
    assert_error(http.get(path, headers={'Host': 'evil.example'}), 400, 'bad_host')
    assert http.get(path, headers={'Host': 'localhost'}).status_code == 200  # the public URL is local


def test_dns_rebinding_a_foreign_host_with_its_own_origin_is_refused(http: httpx.Client,
                                                                     session: dict[str, Any]) -> None:
    before = http.get(f"/api/sessions/{session['code']}/state").json()['version']
    for host in ('evil.example', 'evil.example:80'):
        response = http.post(f"/api/sessions/{session['code']}/control", json={'action': 'start'},
                             headers={**bearer(session['moderator_key']), 'Host': host,
                                      'Origin': f'http://{host}'})
        assert response.status_code in {400, 403}, response.text
    assert http.get(f"/api/sessions/{session['code']}/state").json()['version'] == before


def test_own_loopback_origin_on_the_same_port_is_accepted(server: Server, http: httpx.Client,
                                                          session: dict[str, Any]) -> None:
    response = http.post(f"/api/sessions/{session['code']}/control", json={'action': 'show_join_slide'},
                         headers={**bearer(session['moderator_key']), 'Host': f'localhost:{server.port}',
                                  'Origin': f'http://localhost:{server.port}'})
    assert response.status_code == 200, response.text


async def test_the_live_socket_refuses_a_foreign_browser_origin(server: Server, session: dict[str, Any]) -> None:
    url = f"{server.ws_url}/api/sessions/{session['code']}/live"
    with pytest.raises(InvalidStatus) as refused:
        async with connect(url, origin='http://evil.example', open_timeout=5):  # type: ignore[arg-type]
            pass
    assert refused.value.response.status_code == 403
    for origin in (None, server.base_url):
        async with connect(url, origin=origin, open_timeout=5) as live:  # type: ignore[arg-type]
            assert '"snapshot"' in await asyncio.wait_for(live.recv(), 5)


def test_cookies_are_secure_and_hosts_follow_the_public_url_behind_https(behind_https: ConfiguredServer) -> None:
    with behind_https.client() as http:
        page = http.get('/', headers={'Host': 'facilitator.example'})
        assert page.status_code == 200
        assert page.headers['strict-transport-security'] == 'max-age=31536000'
        cookies = page.headers.get_list('set-cookie')
        assert cookies and all('secure' in cookie.lower() for cookie in cookies), cookies
        assert http.get('/api/health').status_code == 200  # 127.0.0.1 is in FACILITATOR_ALLOWED_HOSTS
        assert_error(http.get('/api/health', headers={'Host': 'localhost'}), 400, 'bad_host')  # not local now
        session = create_session(http)
        own = http.post(f"/api/sessions/{session['code']}/control", json={'action': 'show_join_slide'},
                        headers={**bearer(session['moderator_key']), 'Origin': 'https://facilitator.example'})
        assert own.status_code == 200, own.text
        plain = http.post(f"/api/sessions/{session['code']}/control", json={'action': 'show_join_slide'},
                          headers={**bearer(session['moderator_key']), 'Origin': 'http://facilitator.example'})
        assert_error(plain, 403, 'foreign_origin')


# --- joins -----------------------------------------------------------------------------------------------------------

def test_joins_past_the_cap_per_address_get_429_with_retry_after(behind_https: ConfiguredServer) -> None:
    with behind_https.client() as http:
        code = create_session(http)['code']

        def join_from(forwarded_for: str) -> httpx.Response:  # through the trusted proxy on 127.0.0.1
            return http.post(f'/api/sessions/{code}/participants', json={'name': 'Amina', 'group': 'academia'},
                             headers={'X-Forwarded-For': forwarded_for})

        for _ in range(5):
            assert join_from('203.0.113.7').status_code == 201
        refused = join_from('203.0.113.7')
        assert_error(refused, 429, 'rate_limited')
        assert 1 <= int(refused.headers['retry-after']) <= 60
        assert_error(join_from('198.51.100.2, 203.0.113.7'), 429)  # a forged hop left of the real one: no escape
        assert join_from('203.0.113.7, 198.51.100.2').status_code == 201  # another address: counted apart
        assert http.get(f'/api/sessions/{code}/state').json()['participant_count'] == 6


# --- files -----------------------------------------------------------------------------------------------------------

def test_the_data_directory_is_0700_and_the_database_0600(server: Server) -> None:
    data: Path = server.data_dir
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    database = data / 'facilitator.db'
    assert database.exists()
    for file in [database, *data.glob('facilitator.db-*'), *data.glob('*.secret')]:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file


def test_no_tls_needed_for_the_local_server(server: Server) -> None:
    with httpx.Client(base_url=server.base_url, headers=bearer(ADMIN_TOKEN), **NO_TLS) as http:
        assert http.get('/api/health').status_code == 200
