#!/usr/bin/env python
"""Worker pool or async engine? The same small write transaction both ways, and what each costs the event loop.

    PYTHONPATH=. .venv/bin/python bench/db_offload.py [TASKS]    # the pool only; TASKS at once (default 64)
    PYTHONPATH=.:/path/with/aiosqlite .venv/bin/python bench/db_offload.py   # and SQLAlchemy's async engine

The transaction is shaped like a command: take the write lock, load a session row, read 50 of its 1,000 posts,
bump the row's version, commit. `pool`: the app's synchronous engine (`db.engine.make_engine`) in
`facilitator.worker`'s command pool. `async`: `create_async_engine('sqlite+aiosqlite://')` with the same pragmas
(aiosqlite runs each connection in a thread of its own). For each: p50 latency of one transaction at a time, and
with 64 tasks at once the throughput and the event loop's worst stall (a 5 ms ticker's oversleep).
"""

import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from db.engine import begin_write, make_engine
from facilitator.worker import run

ROWS, POSTS, SEQUENTIAL, EACH = 100, 1000, 300, 10
TASKS = int(sys.argv[1]) if len(sys.argv) > 1 else 64


def setup(path: Path) -> Engine:
    engine = make_engine(f'sqlite:///{path}')
    with engine.begin() as connection:
        connection.execute(text('CREATE TABLE s (id INTEGER PRIMARY KEY, version INTEGER)'))
        connection.execute(text('CREATE TABLE p (id INTEGER PRIMARY KEY, s INTEGER, body TEXT)'))
        connection.execute(text('INSERT INTO s VALUES (:i, 0)'), [{'i': i} for i in range(ROWS)])
        connection.execute(text('INSERT INTO p (s, body) VALUES (:s, :b)'),
                           [{'s': i % ROWS, 'b': 'x' * 200} for i in range(POSTS)])
    return engine


def pool_tx(engine: Engine, row: int) -> None:
    with engine.connect() as connection:
        begin_write(connection)
        connection.execute(text('SELECT * FROM s WHERE id = :i'), {'i': row}).one()
        connection.execute(text('SELECT * FROM p WHERE s = :i LIMIT 50'), {'i': row}).all()
        connection.execute(text('UPDATE s SET version = version + 1 WHERE id = :i'), {'i': row})
        connection.commit()


async def measure(name: str, tx: Callable[[int], Awaitable[None]]) -> str:
    times = []
    for i in range(SEQUENTIAL):
        started = time.perf_counter()
        await tx(i % ROWS)
        times.append(time.perf_counter() - started)
    stalls: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        while not done.is_set():
            before = time.perf_counter()
            await asyncio.sleep(0.005)
            stalls.append(time.perf_counter() - before - 0.005)

    async def task(k: int) -> None:
        for j in range(EACH):
            await tx((k * EACH + j) % ROWS)

    tick = asyncio.create_task(ticker())
    started = time.perf_counter()
    await asyncio.gather(*(task(k) for k in range(TASKS)))
    seconds = time.perf_counter() - started
    done.set()
    await tick
    return (f'| {name} | {statistics.median(times) * 1e3:.2f} | {TASKS * EACH / seconds:.0f} '
            f'| {max(stalls) * 1e3:.1f} |')


async def main() -> None:
    sys.setswitchinterval(0.001)  # as run.py sets it
    lines = [f'| engine | one tx p50 ms | {TASKS} at once: tx/s | worst loop stall ms |',
             '| --- | ---: | ---: | ---: |']
    with tempfile.TemporaryDirectory() as tmp:
        engine = setup(Path(tmp) / 'pool.db')
        lines.append(await measure('sync engine in the worker pool', lambda row: run(pool_tx, engine, row)))
        engine.dispose()
        try:
            from sqlalchemy import event
            from sqlalchemy.ext.asyncio import create_async_engine
        except ImportError:
            lines.append('| async engine | (not installed) | | |')
        else:
            setup(Path(tmp) / 'async.db').dispose()
            aengine = create_async_engine(f'sqlite+aiosqlite:///{tmp}/async.db', pool_size=24)

            @event.listens_for(aengine.sync_engine, 'connect')
            def _pragmas(dbapi_connection: object, _record: object) -> None:
                cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
                for pragma in ('journal_mode=WAL', 'busy_timeout=4000', 'synchronous=NORMAL'):
                    cursor.execute(f'PRAGMA {pragma}')
                cursor.close()

            async def async_tx(row: int) -> None:
                async with aengine.connect() as connection:
                    await connection.exec_driver_sql('BEGIN IMMEDIATE')
                    (await connection.execute(text('SELECT * FROM s WHERE id = :i'), {'i': row})).one()
                    (await connection.execute(text('SELECT * FROM p WHERE s = :i LIMIT 50'), {'i': row})).all()
                    await connection.execute(text('UPDATE s SET version = version + 1 WHERE id = :i'), {'i': row})
                    await connection.commit()

            try:
                lines.append(await measure('async engine (aiosqlite)', async_tx))
            except Exception as error:  # report, do not hide, a failure of the alternative
                lines.append(f'| async engine (aiosqlite) | failed: {str(error.args[0])[:70]!r} | | |')
            await aengine.dispose()
    print('\n'.join(lines))


if __name__ == '__main__':
    sys.exit(asyncio.run(main()))
