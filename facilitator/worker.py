"""Bounded thread pools for blocking database work, so that no command or query runs on the event loop.

`run`: what a person waits for: commands (which may wait up to the lock timeout for the write lock), with their
authentication and answer, and the reads that build a page. `read`: bulk reads that any client may send in a loop
(`GET /state`, exports). Separate pools, so a crowd of `/state` readers never delays a moderator's click or a page,
and writes stuck behind another process's lock never starve the readers.
"""

import asyncio
import contextvars
import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec('P')
T = TypeVar('T')

COMMAND_THREADS = 96
"""Enough threads that a burst waits in parallel, not in line: a vote storm keeps many of them waiting for their
group's commit (facilitator/group_commit.py), which holds no database connection; only each group's leader does."""
READ_THREADS = 2
"""Bulk reads are CPU-bound under the GIL: more threads only take turns away from the event loop."""


class Worker:
    """A fixed number of threads; `await worker.run(fn, *args)` runs `fn` on one of them."""

    def __init__(self, threads: int, name: str) -> None:
        self.threads = threads
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=name)

    def start(self) -> None:
        """Start every thread now. The pool starts them lazily, in the thread that submits: the event loop, which
        then waited for each new thread to run (5 % of the loop's time in a vote storm, when the pool grows)."""
        gate = threading.Event()
        holding = [self._executor.submit(gate.wait) for _ in range(self.threads)]  # none idle: each needs a thread
        gate.set()
        for held in holding:
            held.result()

    async def run(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `fn(*args, **kwargs)` in the pool (with the caller's context variables) and await its result."""
        context = contextvars.copy_context()
        call = functools.partial(context.run, fn, *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(self._executor, call)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


COMMANDS = Worker(COMMAND_THREADS, 'db-command')
READS = Worker(READ_THREADS, 'db-read')


async def run(fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a command (anything that may write), or a read someone is waiting for, off the event loop."""
    return await COMMANDS.run(fn, *args, **kwargs)


async def read(fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a bulk read-only query (`GET /state`, an export) off the event loop, in a pool of its own."""
    return await READS.run(fn, *args, **kwargs)
