"""Fixtures for the API tests: the real server as a subprocess (see helpers.Server)."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.helpers import ADMIN_TOKEN, Server, create_session


@pytest.fixture(scope='session')
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the whole API suite. Tests that kill a server start their own (`fresh_server`)."""
    running = Server(data_dir=tmp_path_factory.mktemp('api-server') / 'data')
    try:
        yield running.start()
    finally:
        running.stop()


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[Server]:
    """A server of its own, not started yet: the test starts, kills and restarts it."""
    own = Server(data_dir=tmp_path / 'own-data')
    try:
        yield own
    finally:
        own.stop()


@pytest.fixture
def http(server: Server) -> Iterator[httpx.Client]:
    """An unauthenticated client for the shared server."""
    with server.client() as client:
        yield client


@pytest.fixture
def admin(server: Server) -> Iterator[httpx.Client]:
    """A client carrying the organizer token."""
    with server.client(ADMIN_TOKEN) as client:
        yield client


@pytest.fixture
def session(admin: httpx.Client) -> dict[str, Any]:
    """A fresh session on the shared server (each test gets its own code, so tests never interfere)."""
    return create_session(admin)
