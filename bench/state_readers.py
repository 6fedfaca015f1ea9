#!/usr/bin/env python
"""A moderator action reaching N pages of a busy room while other clients read `GET /state` in a loop.

    .venv/bin/python bench/state_readers.py --clients 100 --posts 1000 --readers 0 8 64

Set-up as in `input_bench.py` (whose `InputRun` this reuses): a fresh server, N + 1 participants (plus enough
authors for `--posts`), everyone in the first breakout room, the rooms open, `--posts` posts on its board, then N
pages (`broadcast.py`'s worker processes and `nicegui_client.py`). Then, for each count R in `--readers`: R clients
in a separate process read `GET /api/sessions/{code}/state` back to back (each waits for its answer, then asks
again), and the moderator sends `--actions` (default: 10 broadcasts, one a second). For each action: the time from
just before its control POST until the last page shows the new `agenda_version` (p50/p95/max over the actions),
and meanwhile the readers' answers (count, p50/p95) and `/api/health` (p50/max).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing as mp
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

import aiohttp  # noqa: E402
from broadcast import LagProbe, Worker, add_server_options, all_stats, fmt, percentile, run_and_report  # noqa: E402
from input_bench import InputRun  # noqa: E402

AUTHOR_POSTS = 4  # the app allows 5 posts per 30 s per participant


# ------------------------------------------------------------------------------------------------ reader process

def readers_main(conn: Connection, url: str, count: int) -> None:
    asyncio.run(_readers(conn, url, count))


async def _readers(conn: Connection, url: str, count: int) -> None:
    """`count` clients reading `url` back to back until the parent sends anything; then reply with the figures."""
    stop = asyncio.Event()
    asyncio.get_running_loop().add_reader(conn.fileno(), stop.set)
    times: list[float] = []
    errors = 0

    async def read(http: aiohttp.ClientSession) -> None:
        nonlocal errors
        while not stop.is_set():
            started = time.monotonic()
            try:
                async with http.get(url) as response:
                    await response.read()
                    if response.status != 200:
                        errors += 1
                        continue
            except (aiohttp.ClientError, TimeoutError):
                errors += 1
                continue
            times.append(time.monotonic() - started)

    connector = aiohttp.TCPConnector(limit=count)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=60)) as http:
        started = time.monotonic()
        tasks = [asyncio.create_task(read(http)) for _ in range(count)]
        conn.send({'started': True})
        await stop.wait()
        seconds = time.monotonic() - started
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    conn.recv()
    conn.send({'reads': len(times), 'errors': errors, 'per_s': len(times) / seconds if seconds else 0.0,
               'p50_ms': percentile(times, 50) * 1000, 'p95_ms': percentile(times, 95) * 1000})


class Readers:
    """R reader clients in a process of their own, so their JSON parsing costs the benchmark's timing nothing."""

    def __init__(self, url: str, count: int) -> None:
        self.conn, child = mp.get_context('spawn').Pipe()
        self.process = mp.get_context('spawn').Process(target=readers_main, args=(child, url, count), daemon=True)
        self.process.start()
        child.close()

    async def started(self) -> None:
        await asyncio.to_thread(self.conn.recv)

    async def stop(self) -> dict[str, Any]:
        self.conn.send('stop')
        with contextlib.suppress(Exception):
            return await asyncio.wait_for(asyncio.to_thread(self.conn.recv), 90)
        return {}

    def close(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


# ------------------------------------------------------------------------------------------------ main process

class ReadersRun(InputRun):
    worker_class = Worker  # the pages only need the view's agenda_version

    async def join_participants(self) -> list[str]:
        """N + 1 page holders, then more participants until there are enough authors for `--posts`."""
        urls = await super().join_participants()
        needed = 2 + (self.args.posts - 1) // AUTHOR_POSTS
        for i in range(len(self.tokens), needed):
            joined = await self.api('POST', f'/api/sessions/{self.code}/participants', expect=(201,),
                                    body={'name': f'Author {i}', 'group': 'academia'})
            self.tokens.append(joined['token'])
        return urls

    def resolve(self, action: dict[str, Any]) -> dict[str, Any]:
        if action['action'] == 'broadcast':
            return {'action': 'broadcast', 'message': f'Back in the plenary at {time.strftime("%H:%M:%S")}'}
        return super().resolve(action)

    async def execute(self) -> dict[str, Any]:
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as self.http:
                await self.set_up()
                self.result['posts'] = self.args.posts
                self.result['phases'] = [await self.phase(count) for count in self.args.readers]
                stats = await all_stats(self.workers)
                self.result.update(disconnects=stats['disconnects'], dead=stats['pages'] - stats['alive'])
        finally:
            await asyncio.gather(*(w.close() for w in self.workers), return_exceptions=True)
            self.server.stop()
            self.note_app_change()
        return self.result

    async def phase(self, count: int) -> dict[str, Any]:
        readers = Readers(f'{self.server.base}/api/sessions/{self.code}/state', count) if count else None
        try:
            if readers is not None:
                await readers.started()
                await asyncio.sleep(2.0)  # the readers at full speed before the first action
            with LagProbe(self) as probe:
                await self.run_actions()
            read = await readers.stop() if readers is not None else {}
        finally:
            if readers is not None:
                readers.close()
        figures = {key: self.result[key] for key in ('p50_ms', 'p95_ms', 'max_ms', 'n_actions', 'lost')}
        phase = {'readers': count, **figures, 'health': probe.summary(), 'state': read}
        self.log(f'{count} readers: action to all pages p50 {fmt(phase["p50_ms"])} ms, p95 {fmt(phase["p95_ms"])} '
                 f'ms, max {fmt(phase["max_ms"])} ms; /state {fmt(read.get("per_s", 0), 1)}/s')
        await asyncio.sleep(self.args.settle)
        return phase


def tables(results: list[dict[str, Any]]) -> str:
    lines = ['| pages | posts | /state readers | action → all pages p50 / p95 / max ms | actions (lost) '
             '| /state answers/s, p50 / p95 ms | /api/health p50 / max ms |', '|' + ' --- |' * 7]
    for r in results:
        if 'error' in r:
            lines.append(f'| {r["clients"]} | failed: {r["error"][:80]} | | | | | |')
            continue
        for p in r['phases']:
            s = p['state']
            lines.append(f'| {r["clients"]} | {r.get("posts", "")} | {p["readers"]} '
                         f'| {fmt(p["p50_ms"])} / {fmt(p["p95_ms"])} / {fmt(p["max_ms"])} '
                         f'| {p["n_actions"]} ({p["lost"]}) '
                         f'| {fmt(s.get("per_s", 0), 1)}, {fmt(s.get("p50_ms", 0))} / {fmt(s.get("p95_ms", 0))} '
                         f'| {fmt(p["health"]["p50"])} / {fmt(p["health"]["max"])} |')
    lines.append(f'\napp: {results[0].get("app", "?") if results else "?"}')
    return '\n'.join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--clients', type=int, nargs='+', default=[100], help='room pages, one fresh server each')
    parser.add_argument('--posts', type=int, default=1000, help='posts on the room board before the pages connect')
    parser.add_argument('--readers', type=int, nargs='+', default=[0, 8, 64],
                        help='clients reading GET /state in a loop, one phase each on the same server and pages')
    parser.add_argument('--actions', default=','.join(['broadcast'] * 10), help='moderator actions per phase')
    parser.add_argument('--gap', type=float, default=1.0, help='pause between actions (s)')
    parser.add_argument('--action-timeout', type=float, default=15.0, help='max wait for one action to arrive (s)')
    parser.add_argument('--settle', type=float, default=4.0, help='quiet time after connecting and between phases')
    add_server_options(parser, run_timeout=1800.0, workers=1, groups='industry,government,civil_society',
                       profile_help="sample the server's event-loop thread")
    args = parser.parse_args()
    args.scenario = ['readers']
    args.view_key, args.version_key = 'view', 'agenda_version'
    return run_and_report(args, ReadersRun, tables, 'state-readers')


if __name__ == '__main__':
    sys.exit(main())
