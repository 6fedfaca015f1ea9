"""Loaded by the servers that the benchmarks start with this folder on PYTHONPATH (bench/pg_vote_storm.py does; add
`--env PYTHONPATH=bench/hooks:.` to bench/input_bench.py). Nothing happens without the variables below.

- BENCH_VOTE_TIMES=FILE: every vote command's milliseconds in its worker thread (from waiting for its group and
  loading the session to the commit and the check after it), one per line.
- BENCH_VOTE_PHASES=FILE: per vote, the total and the wall time of its SQL statements by verb (BEGIN, SELECT, ...),
  as `total VERB=ms ...` lines: how much of a vote is the database and how much is waiting (groups, the GIL).
- BENCH_GROUPS=FILE: every input group (facilitator/group_commit.py) as `size total_ms VERB=ms ...`: how long a
  group of votes holds its leader, and how much of that its SQL statements take.
- BENCH_COMMAND_THREADS=N: the command pool's size instead of facilitator.worker.COMMAND_THREADS.
- BENCH_HOPS=FILE: every trip to a worker thread (facilitator/worker.py) as `function queue_ms run_ms resume_ms`: the
  wait for a free thread, the run, and the wait for the event loop to resume the caller.
"""

import collections
import os
import threading
import time
from typing import Any

_TIMES = os.environ.get('BENCH_VOTE_TIMES')
_PHASES = os.environ.get('BENCH_VOTE_PHASES')
_GROUPS = os.environ.get('BENCH_GROUPS')
_lock = threading.Lock()

if _TIMES or _PHASES or _GROUPS:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from facilitator.posts import PostCommands

    _original = PostCommands.cast_vote
    _times = open(_TIMES, 'a', buffering=1) if _TIMES else None  # open for the life of the server
    _phases = open(_PHASES, 'a', buffering=1) if _PHASES else None
    _local = threading.local()

    @event.listens_for(Engine, 'before_cursor_execute')
    def _before(*_args: Any) -> None:
        _local.started = time.perf_counter()

    @event.listens_for(Engine, 'after_cursor_execute')
    def _after(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        spent = getattr(_local, 'spent', None)
        if spent is not None:
            spent[statement.split(maxsplit=1)[0]] += time.perf_counter() - _local.started

    def _timed(self: Any, *args: Any, **kwargs: Any) -> int:
        _local.spent = collections.Counter()
        start = time.perf_counter()
        try:
            return _original(self, *args, **kwargs)
        finally:
            elapsed = (time.perf_counter() - start) * 1000
            spent, _local.spent = _local.spent, None
            with _lock:
                if _times is not None:
                    _times.write(f'{elapsed:.3f}\n')
                if _phases is not None:
                    _phases.write(f'{elapsed:.2f} ' + ' '.join(f'{k}={v * 1000:.2f}' for k, v in spent.items()) + '\n')

    PostCommands.cast_vote = _timed  # type: ignore[method-assign]

if _GROUPS:
    from facilitator.base import ServiceBase

    _original_group = ServiceBase._input_group
    _groups = open(_GROUPS, 'a', buffering=1)

    def _timed_group(self: Any, code: str, group: list[Any]) -> None:
        outer, _local.spent = getattr(_local, 'spent', None), collections.Counter()
        start = time.perf_counter()
        try:
            _original_group(self, code, group)
        finally:
            elapsed = (time.perf_counter() - start) * 1000
            spent, _local.spent = _local.spent, outer
            if outer is not None:
                outer.update(spent)
            with _lock:
                _groups.write(f'{len(group)} {elapsed:.2f} ' + ' '.join(f'{k}={v * 1000:.2f}' for k, v in spent.items())
                              + '\n')

    ServiceBase._input_group = _timed_group  # type: ignore[method-assign]

if os.environ.get('BENCH_COMMAND_THREADS'):
    from facilitator import worker

    worker.COMMANDS = worker.Worker(int(os.environ['BENCH_COMMAND_THREADS']), 'db-command')

if os.environ.get('BENCH_HOPS'):
    import asyncio as _asyncio
    import contextvars as _contextvars
    import functools as _functools

    from facilitator import worker as _worker

    _hops = open(os.environ['BENCH_HOPS'], 'a', buffering=1)

    async def _hop_run(self: Any, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Per hop: its function, the wait for a thread, the run, and the wait for the loop to resume the caller."""
        submitted = time.perf_counter()
        marks: dict[str, float] = {}

        def timed() -> Any:
            marks['start'] = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                marks['end'] = time.perf_counter()

        context = _contextvars.copy_context()
        try:
            return await _asyncio.get_running_loop().run_in_executor(self._executor,
                                                                     _functools.partial(context.run, timed))
        finally:
            resumed = time.perf_counter()
            if 'end' in marks:
                with _lock:
                    _hops.write(f'{getattr(fn, "__name__", "?")} {(marks["start"] - submitted) * 1000:.1f} '
                                f'{(marks["end"] - marks["start"]) * 1000:.1f} {(resumed - marks["end"]) * 1000:.1f}\n')

    _worker.Worker.run = _hop_run  # type: ignore[method-assign]
