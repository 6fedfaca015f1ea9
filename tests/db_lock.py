"""Another process holding a SQLite file's write lock, for the locked-database tests (API and pages)."""

import os
import subprocess
import sys
from pathlib import Path

LOCK_S = float(os.environ.get('FACILITATOR_TEST_LOCK_S', '8'))
"""How long the other process holds the write lock: longer than the 5 s bound on a write's wait (20 s in the
issue's scenario; shorter keeps the suite quick)."""
assert LOCK_S > 6, 'the lock must outlast the bounded wait'

HOLD_LOCK = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute('BEGIN IMMEDIATE')
print('locked', flush=True)
time.sleep(float(sys.argv[2]))
db.execute('ROLLBACK')
"""


def hold_write_lock(database: Path, seconds: float = LOCK_S) -> subprocess.Popen[str]:
    """Start a python process that takes the write lock (`BEGIN IMMEDIATE`) and keeps it for `seconds`.
    Returns once the lock is held; the caller kills the process in teardown."""
    holder = subprocess.Popen([sys.executable, '-c', HOLD_LOCK, str(database), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    line = holder.stdout.readline().strip() if holder.stdout is not None else ''
    if line != 'locked':
        holder.kill()
        raise RuntimeError(f'the lock holder did not start: {line!r}')
    return holder
