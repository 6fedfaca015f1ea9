"""While another process holds the database's write lock, pages keep working and a moderator's click says
"database busy" in words after the bounded wait; once the lock is gone, the same click works."""

import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from nicegui.testing import User

from facilitator.organizer import IssuedKeys
from tests.db_lock import LOCK_S, hold_write_lock

from .support import NAVIGATION, open_moderator, wait_for_view


@pytest.fixture
def hold_lock(app_environment: Path) -> Iterator[Callable[[], subprocess.Popen[str]]]:
    """Starts a separate process that holds the app's SQLite write lock for LOCK_S seconds."""
    holders: list[subprocess.Popen[str]] = []

    def start() -> subprocess.Popen[str]:
        holders.append(hold_write_lock(app_environment / 'facilitator.db'))
        return holders[-1]

    yield start
    for holder in holders:
        holder.kill()
        holder.wait(timeout=10)


@pytest.mark.timeout(90)
async def test_a_click_during_another_processs_write_lock_says_database_busy_while_other_pages_keep_working(
        create_user: Callable[[], User], issued: IssuedKeys, hold_lock: Callable[[], subprocess.Popen[str]]) -> None:
    moderator, amina = create_user(), create_user()
    await open_moderator(moderator, issued)
    holder = hold_lock()
    clicked = time.monotonic()
    moderator.find(marker='timer-toggle').click()

    await amina.open(f'/s/{issued.code}')  # another page opens and reads while the click waits on the lock
    await amina.should_see('Join the session')
    assert time.monotonic() - clicked < 3.0, 'the waiting click held up another page'

    await moderator.should_see('Database busy', retries=NAVIGATION + 10)  # (should_see also routes ui.notify here)
    assert time.monotonic() - clicked < 6.0
    assert any('database busy' in message.lower() for message in moderator.notify.messages)
    assert holder.poll() is None, 'the lock was still held when the page said so'

    holder.wait(timeout=LOCK_S + 10)
    moderator.find(marker='timer-toggle').click()
    await wait_for_view(moderator, current=0, states=['running', 'pending', 'pending'])
