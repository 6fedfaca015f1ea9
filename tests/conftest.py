"""Fixtures shared by every test package."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import ADMIN_TOKEN, World, make_world


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """The domain on a SQLite file in tmp_path (or its own PostgreSQL schema), with a fake clock."""
    made = make_world(tmp_path)
    yield made
    made.service.engine.dispose()


@pytest.fixture(autouse=True)
def app_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Settings for run.py when the NiceGUI `user` plugin starts it: a fresh data directory per test."""
    data = tmp_path / 'app-data'
    data.mkdir()
    monkeypatch.setenv('FACILITATOR_DATA_DIR', str(data))
    monkeypatch.setenv('FACILITATOR_ADMIN_TOKEN', ADMIN_TOKEN)
    monkeypatch.setenv('FACILITATOR_ALLOWED_HOSTS', 'test')  # the host name of NiceGUI's `user` fixture
    monkeypatch.delenv('DATABASE_URL', raising=False)
    monkeypatch.delenv('FACILITATOR_PUBLIC_URL', raising=False)
    yield data
