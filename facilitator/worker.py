"""Bounded thread pools for blocking database work, so that no command or query runs on the event loop.

Commands may wait up to the database's lock timeout for the write lock; reads never wait on a lock. They get
separate pools, so a burst of writes stuck behind another process's lock cannot starve `GET /state` or a page.
"""

import asyncio
import contextvars
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec('P')
T = TypeVar('T')

COMMAND_THREADS = 16
"""Writes serialise on the database lock anyway; enough threads that a burst waits in parallel, not in line.
Commands also authenticate here: a moderator's action never queues behind `GET /state` readers."""
READ_THREADS = 2
"""Reads are CPU-bound under the GIL: more threads only take turns away from the event loop, and add nothing."""


class Worker:
    """A fixed number of threads; `await worker.run(fn, *args)` runs `fn` on one of them."""

    def __init__(self, threads: int, name: str) -> None:
        self.threads = threads
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=name)

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
    """Run a command (anything that may write) off the event loop."""
    return await COMMANDS.run(fn, *args, **kwargs)


async def read(fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a read-only query off the event loop, in the pool that writes never fill."""
    return await READS.run(fn, *args, **kwargs)
