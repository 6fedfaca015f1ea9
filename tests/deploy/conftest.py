"""Two app instances on one PostgreSQL database of their own, behind nginx started from the shipped config.

Needs PostgreSQL (`FACILITATOR_TEST_DATABASE_URL`, see .ci/postgres) and nginx: without them the tests skip with the
reason, except under CI=true, where they fail.
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from deploy.local_nginx import NGINX, Proxy, free_port, local_nginx, nginx_available
from tests.scale.instances import Instance, own_database, require_postgres


@dataclass(frozen=True)
class Cluster:
    proxy: Proxy
    instances: tuple[Instance, ...]

    @property
    def base_url(self) -> str:
        return self.proxy.base_url

    def address(self, instance: Instance) -> str:
        return f'127.0.0.1:{instance.port}'

    def route_to(self, instance: Instance) -> str:
        """A route cookie value that nginx sends to `instance` (found by asking nginx: its access log names the
        instance that answered)."""
        for attempt in range(200):
            route = f'probe-{attempt}'
            if self.proxy.upstream_of_route(route) == self.address(instance):
                return route
        raise AssertionError(f'no route reaches {self.address(instance)}')

    def instance_of_route(self, route: str) -> Instance:
        upstream = self.proxy.upstream_of_route(route)
        return next(i for i in self.instances if self.address(i) == upstream)

    def other(self, instance: Instance) -> Instance:
        return next(i for i in self.instances if i is not instance)


def require_nginx() -> None:
    if not nginx_available():
        if os.environ.get('CI') == 'true':
            pytest.fail(f'CI=true but {NGINX} is missing (see .ci/system-deps)')
        pytest.skip(f'{NGINX} is missing: install nginx-light to run the nginx tests')


@pytest.fixture(scope='module')
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """nginx on a free port in front of two instances; both know nginx's address as their public URL."""
    require_nginx()
    base_url = require_postgres()
    root = tmp_path_factory.mktemp('cluster')
    port = free_port()
    public_url = f'http://127.0.0.1:{port}'
    with own_database(base_url) as database_url:
        instances = tuple(Instance.on(database_url, root / name, FACILITATOR_PUBLIC_URL=public_url,
                                      FACILITATOR_TRUSTED_PROXIES='127.0.0.1') for name in ('a', 'b'))
        try:
            for instance in instances:
                instance.start()
            with local_nginx([f'127.0.0.1:{i.port}' for i in instances], root / 'nginx', port=port) as proxy:
                yield Cluster(proxy=proxy, instances=instances)
        finally:
            for instance in instances:
                instance.stop()
