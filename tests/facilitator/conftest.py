"""Fixtures shared by the domain tests of concurrent input (test_hot_row.py, test_group_commit.py)."""

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from db import repository


@pytest.fixture
def held_vote(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, threading.Event]]:
    """Makes the vote of a thread named 'holder' keep its transaction (and so its group) open after its vote row is
    written, until the test sets `release`."""
    gates = {'voted': threading.Event(), 'release': threading.Event()}
    original = repository.insert_vote_once

    def insert_vote_once(**kwargs: Any) -> tuple[bool, int]:
        stored = original(**kwargs)
        if threading.current_thread().name == 'holder':
            gates['voted'].set()
            assert gates['release'].wait(20), 'the test never released the held vote'
        return stored

    monkeypatch.setattr(repository, 'insert_vote_once', insert_vote_once)
    yield gates
    gates['release'].set()
