"""The shipped nginx config in front of two instances: sticky routes, both instances used, the app's body limit."""

import httpx
import pytest

from deploy.local_nginx import ROUTE_COOKIE

from .conftest import Cluster

pytestmark = pytest.mark.postgres


def test_a_new_browser_gets_a_route_cookie_and_keeps_its_instance(cluster: Cluster) -> None:
    first = httpx.get(f'{cluster.base_url}/api/health', timeout=5)
    assert first.status_code == 200
    route = first.cookies.get(ROUTE_COOKIE)
    assert route, f'no route cookie in {first.headers.get_list("set-cookie")}'
    assert 'HttpOnly' in first.headers['set-cookie'] and 'SameSite=Lax' in first.headers['set-cookie']

    again = httpx.get(f'{cluster.base_url}/api/health', cookies={ROUTE_COOKIE: route}, timeout=5)
    assert ROUTE_COOKIE not in again.headers.get('set-cookie', ''), 'a browser with a route gets no new one'
    assert {cluster.proxy.upstream_of_route(route) for _ in range(10)} == {cluster.proxy.upstreams_seen()[0]}


def test_routes_spread_over_both_instances(cluster: Cluster) -> None:
    reached = {cluster.proxy.upstream_of_route(f'spread-{i}') for i in range(24)}
    assert reached == {cluster.address(i) for i in cluster.instances}


def test_a_body_over_64_kib_gets_the_apps_json_413_from_nginx(cluster: Cluster) -> None:
    admin = cluster.instances[0].admin_token
    too_large = httpx.post(f'{cluster.base_url}/api/sessions', content=b'{' + b' ' * (64 * 1024) + b'}',
                           headers={'Authorization': f'Bearer {admin}', 'Content-Type': 'application/json'},
                           timeout=10)
    assert too_large.status_code == 413
    assert too_large.json()['error']['code'] == 'body_too_large'

    within = httpx.post(f'{cluster.base_url}/api/sessions', content=b'{' + b' ' * (60 * 1024) + b'}',
                        headers={'Authorization': f'Bearer {admin}', 'Content-Type': 'application/json'},
                        timeout=10)
    assert within.status_code == 422, within.text  # the app's own answer: no template in the body


def test_nginx_passes_the_browser_host_and_the_app_still_refuses_a_foreign_one(cluster: Cluster) -> None:
    foreign = httpx.get(f'{cluster.base_url}/api/health', headers={'Host': 'evil.example'}, timeout=5)
    assert foreign.status_code == 400
    assert foreign.json()['error']['code'] == 'bad_host'
