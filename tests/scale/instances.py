"""Several app instances on one PostgreSQL database, for the scale-out tests (and deploy's nginx tests).

`own_database()` makes a throw-away database of our own next to `FACILITATOR_TEST_DATABASE_URL`'s (other engineers
share that one), and `Instance` is one `run.py` subprocess on a given port and `DATABASE_URL`:

    with own_database() as url:
        a = Instance.on(url, tmp_path / 'a').start()
        b = Instance.on(url, tmp_path / 'b').start()
        ...
        a.kill()  # SIGKILL, as a crash

Every instance gets the same organizer token and storage secret, as a deployment would (both may also be left to the
database: see README "Several instances").
"""

import os
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.api.helpers import ADMIN_TOKEN, Server, free_port

POSTGRES_URL = os.environ.get('FACILITATOR_TEST_DATABASE_URL', '')
STORAGE_SECRET = 'scale-test-storage-secret-0123456789abcdef'


def require_postgres() -> str:
    """The PostgreSQL URL, or a clean skip (a failure under CI=true, where PostgreSQL must be there)."""
    if not POSTGRES_URL.startswith(('postgresql://', 'postgres://', 'postgresql+psycopg://')):
        if os.environ.get('CI') == 'true':
            pytest.fail('CI=true but FACILITATOR_TEST_DATABASE_URL names no PostgreSQL database (see .ci/postgres)')
        pytest.skip('no PostgreSQL: set FACILITATOR_TEST_DATABASE_URL (see .ci/postgres) to run the scale-out tests')
    return POSTGRES_URL


def _as_postgres(*argv: str) -> None:
    """Run a PostgreSQL client program as the `postgres` superuser (peer authentication over the local socket)."""
    subprocess.run(['su', 'postgres', '-c', ' '.join(argv)], check=True, capture_output=True, timeout=60)


@contextmanager
def own_database(base_url: str | None = None) -> Iterator[str]:
    """A fresh database `facilitator_scale_<random>` owned by the base URL's user; dropped afterwards."""
    url = make_url(base_url or require_postgres())
    name = f'facilitator_scale_{uuid.uuid4().hex[:10]}'
    _as_postgres('createdb', '-O', str(url.username), name)
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        _as_postgres('dropdb', '--force', '--if-exists', name)


def terminate_backends(database_url: str, application_name: str | None = None) -> None:
    """Cut every connection to the database (or only those with `application_name`), as a lost database connection
    would (the cluster is shared, so this is how the tests model a PostgreSQL restart)."""
    name = make_url(database_url).database
    only = f" AND application_name = '{application_name}'" if application_name else ''
    _as_postgres('psql', '-qAt', '-c', f'"SELECT pg_terminate_backend(pid) FROM pg_stat_activity '
                                       f"WHERE datname = '{name}' AND pid <> pg_backend_pid(){only}\"")


def require_own_cluster() -> None:
    """Skip unless the PostgreSQL cluster is ours alone to restart: under CI=true, as root. A developer's cluster
    is shared with other work; there the tests cut the connections instead."""
    if os.environ.get('CI') != 'true' or os.geteuid() != 0:
        pytest.skip('restarts the PostgreSQL cluster: only under CI=true as root (the cluster is ours alone there)')


def restart_cluster() -> None:
    """Restart the PostgreSQL cluster (`pg_ctlcluster ... restart`): every connection of every program drops, and
    the server refuses new ones until it is back (`require_own_cluster` first)."""
    require_own_cluster()
    version = sorted(Path('/usr/lib/postgresql').iterdir(), key=lambda p: int(p.name))[-1].name
    subprocess.run(['pg_ctlcluster', version, 'main', 'restart'], check=True, capture_output=True, timeout=120)
    _as_postgres('pg_isready', '-t', '60')


@dataclass
class Instance(Server):
    """One app instance (`run.py`) on `database_url`, with its own data directory and port."""

    database_url: str = ''
    env_more: dict[str, str] = field(default_factory=dict)

    @classmethod
    def on(cls, database_url: str, data_dir: Path, *, port: int | None = None, **env: str) -> 'Instance':
        return cls(data_dir=data_dir, port=port or free_port(), admin_token=ADMIN_TOKEN, database_url=database_url,
                   env_more=env)

    def env(self) -> dict[str, str]:
        env = super().env()
        env.update({'DATABASE_URL': self.database_url, 'FACILITATOR_STORAGE_SECRET': STORAGE_SECRET,
                    'FACILITATOR_PUBLIC_URL': self.base_url})
        env.update(self.env_more)
        return env
