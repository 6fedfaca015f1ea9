"""Fixtures shared by the domain tests of concurrent input (test_hot_row.py, test_group_commit.py)."""

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from db.models import Vote


@pytest.fixture
def held_vote() -> Iterator[dict[str, threading.Event]]:
    """Makes the vote of a thread named 'holder' keep its transaction (and so its group) open after its vote row is
    written, until the test sets `release`."""
    gates = {'voted': threading.Event(), 'release': threading.Event()}

    def after_flush(db: Session, _context: Any) -> None:
        if threading.current_thread().name == 'holder' and any(isinstance(row, Vote) for row in db.new):
            gates['voted'].set()
            assert gates['release'].wait(20), 'the test never released the held vote'

    event.listen(Session, 'after_flush', after_flush)
    try:
        yield gates
    finally:
        gates['release'].set()
        event.remove(Session, 'after_flush', after_flush)
