"""Fixtures for the scale-out tests: two app instances on one PostgreSQL database of their own (see instances.py).
Without PostgreSQL they skip (under CI=true they fail)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.scale.instances import Instance, own_database


def _start_pair(url: str, root: Path, env: dict[str, str] | None = None) -> tuple[Instance, Instance]:
    a = Instance.on(url, root / 'a', **(env or {})).start()
    try:
        b = Instance.on(url, root / 'b', **(env or {})).start()
    except BaseException:
        a.stop()
        raise
    return a, b


def _stop_pair(a: Instance, b: Instance) -> None:
    """Stop both (SIGTERM): each must shut down cleanly (the bus closes, the presence rows go)."""
    a.stop()
    b.stop()
    for instance in (a, b):
        assert 'shutdown failed' not in instance.log(), instance.log()


@pytest.fixture(scope='module')
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Instance, Instance]]:
    """Instances A and B, shared by a module's tests (each test makes its own session)."""
    with own_database() as url:
        a, b = _start_pair(url, tmp_path_factory.mktemp('pair'))
        try:
            yield a, b
        finally:
            _stop_pair(a, b)


@pytest.fixture
def own_pair_env() -> dict[str, str]:
    """More environment for `own_pair`'s instances (a test module may override it)."""
    return {}


@pytest.fixture
def own_pair(tmp_path: Path, own_pair_env: dict[str, str]) -> Iterator[tuple[Instance, Instance]]:
    """Instances A and B on a database of the test's own, for tests that kill an instance or cut connections."""
    with own_database() as url:
        a, b = _start_pair(url, tmp_path, own_pair_env)
        try:
            yield a, b
        finally:
            _stop_pair(a, b)
