"""Loaded by the server that bench/pg_vote_storm.py starts (PYTHONPATH): times every vote command in its worker
thread, from loading the session to the commit and the check after it, and appends the milliseconds, one per line,
to the file named by BENCH_VOTE_TIMES. Nothing happens without that variable."""

import os
import threading
import time
from typing import Any

_PATH = os.environ.get('BENCH_VOTE_TIMES')

if _PATH:
    from facilitator.posts import PostCommands

    _original = PostCommands.cast_vote
    _lock = threading.Lock()
    _out = open(_PATH, 'a', buffering=1)  # open for the life of the server

    def _timed(self: Any, *args: Any, **kwargs: Any) -> int:
        start = time.perf_counter()
        try:
            return _original(self, *args, **kwargs)
        finally:
            elapsed = (time.perf_counter() - start) * 1000
            with _lock:
                _out.write(f'{elapsed:.3f}\n')

    PostCommands.cast_vote = _timed  # type: ignore[method-assign]
