"""The worker pools: `start` starts every thread up front, so the event loop never waits for one to start."""

import asyncio
import threading

from facilitator.worker import Worker


def pool_threads(prefix: str) -> int:
    return sum(thread.name.startswith(prefix) for thread in threading.enumerate())


def test_start_starts_every_thread_and_a_call_then_starts_none() -> None:
    worker = Worker(5, 'test-start')
    try:
        assert pool_threads('test-start') == 0, 'threads start lazily'
        worker.start()
        assert pool_threads('test-start') == 5

        async def call() -> str:
            return await worker.run(lambda: threading.current_thread().name)

        assert asyncio.run(call()).startswith('test-start') and pool_threads('test-start') == 5
    finally:
        worker.shutdown()
