"""Which hosts and origins are the app's own: from the configured public URL and allowed hosts only."""

import pytest

from api.headers import HostPolicy, security_headers, split_list


def test_a_local_public_url_accepts_loopback_names_and_nothing_else() -> None:
    policy = HostPolicy.build('http://127.0.0.1:8080')
    assert all(policy.host_ok(h) for h in ['127.0.0.1:8080', 'localhost', 'LOCALHOST:9', '[::1]:8080'])
    assert not any(policy.host_ok(h) for h in ['evil.example', '127.0.0.1.evil.example', '', None, 'a b'])


def test_a_public_url_accepts_its_host_and_the_allowed_hosts() -> None:
    policy = HostPolicy.build('https://dialogue.example.org', split_list(' backstage.example.org , ,10.0.0.5'))
    assert policy.host_ok('dialogue.example.org') and policy.host_ok('backstage.example.org:443')
    assert policy.host_ok('10.0.0.5:8080')
    assert not policy.host_ok('localhost') and not policy.host_ok('evil.example')


@pytest.mark.parametrize(('origin', 'own'), [
    (None, True), ('', True),
    ('https://dialogue.example.org', True), ('https://dialogue.example.org:443/', True),
    ('http://dialogue.example.org', False), ('https://dialogue.example.org:8443', False),
    ('https://backstage.example.org:3000', True),
    ('https://evil.example', False), ('null', False), ('https://dialogue.example.org.evil.example', False),
    ('http://localhost:8080', False), ('javascript://dialogue.example.org', False), ('http://[::1', False),
])
def test_own_origins_come_from_the_configuration_never_from_the_host_header(origin: str | None, own: bool) -> None:
    policy = HostPolicy.build('https://dialogue.example.org', ['backstage.example.org'])
    assert policy.origin_ok(origin) is own


def test_a_local_app_owns_loopback_origins_on_its_own_port_only() -> None:
    policy = HostPolicy.build('http://127.0.0.1:8080')
    assert policy.origin_ok('http://localhost:8080') and policy.origin_ok('http://127.0.0.1:8080')
    assert not policy.origin_ok('http://localhost:3000') and not policy.origin_ok('http://evil.example:8080')


def test_listening_everywhere_without_a_public_url_checks_no_host() -> None:
    policy = HostPolicy.build('http://0.0.0.0:8080')
    assert not policy.checks_hosts and policy.host_ok('192.168.1.20:8080')


def test_cookies_are_secure_only_behind_https() -> None:
    assert HostPolicy.build('https://dialogue.example.org').session_cookie_options() == {'https_only': True}
    assert HostPolicy.build('http://127.0.0.1:8080').session_cookie_options() == {}


def test_only_the_stage_may_be_framed() -> None:
    def csp(path: str) -> str:
        return dict(security_headers(path))[b'content-security-policy'].decode()

    assert 'frame-ancestors' not in csp('/s/ABC1234/stage')
    for path in ['/', '/s/ABC1234', '/s/ABC1234/moderate', '/s/ABC1234/rapporteur', '/organize', '/organize/X',
                 '/s/ABC1234/moderate/room/1', '/api/health', '/stage']:
        assert "frame-ancestors 'none'" in csp(path), path
