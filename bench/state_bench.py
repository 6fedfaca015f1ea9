#!/usr/bin/env python
"""Read-side benchmark: one snapshot per version. Prints figures; it is not a test.

    .venv/bin/python bench/state_bench.py                      # both parts
    .venv/bin/python bench/state_bench.py --part state         # (i) only
    .venv/bin/python bench/state_bench.py --part live --readers 100 --changes 40

(i) `state`: server time of one `GET /api/sessions/{code}/state` for a session with `--posts` posts in one room,
    measured in-process on the API's own ASGI app (from the request entering the app to its last byte, no network):
    cached (the snapshot of the version is built), and uncached (the cache is emptied before each request, so the
    snapshot is built from the database and serialised). It also times the builder alone: the fields as dicts (what
    `build_state` returned before the read model) and validated once into the typed model, and the JSON of each.
(ii) `live`: on a real server (`run.py`, as `broadcast.py` starts it), with `--posts` posts: server RSS before,
    while `--readers` `/live` WebSocket readers are connected and receive `--changes` changes (each waited for on
    every socket), and after they disconnect. The target is to be back within 20 % of the start.

Memory per participant page with a large board (iii) is `input_bench.py --posts 1000` (its RSS per page).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
for path in (str(BENCH_DIR), str(ROOT)):
    if path not in sys.path:
        sys.path.insert(0, path)

import aiohttp  # noqa: E402
from broadcast import HOST, add_server_options, log, percentile, rss  # noqa: E402
from input_bench import InputRun  # noqa: E402

ADMIN = 'bench-admin-token'


# ------------------------------------------------------------------------------------------------ (i) in-process

def seeded_service(posts: int) -> tuple[Any, str]:
    """A service on a temporary SQLite file with one session whose first room holds `posts` posts."""
    from db.engine import init_db, make_engine, sqlite_url
    from facilitator.clock import FakeClock
    from facilitator.service import FacilitatorService

    engine = make_engine(sqlite_url(Path(tempfile.mkdtemp(prefix='bench-state-'))))
    init_db(engine)
    clock = FakeClock()
    service = FacilitatorService(engine=engine, admin_token=ADMIN, public_url='http://bench', clock=clock)
    organizer = service.authenticate(None, ADMIN)
    issued = service.create_session(organizer, template='cop-industry-connect-2025-s2')
    moderator = service.authenticate(issued.code, issued.moderator_key)
    room = service.state(issued.code).rooms[0].id
    service.open_rooms(moderator, issued.code, 480)
    groups = ('industry', 'government', 'civil_society', 'academia')
    actor = None
    for i in range(posts):
        if i % 4 == 0:  # 4 posts each, under the limit of 5 per 30 s
            joined = service.join(issued.code, name=f'Author {i // 4}', group=groups[i // 4 % len(groups)])
            actor = service.authenticate(issued.code, joined.token)
            service.join_room(actor, issued.code, room)
        assert actor is not None
        service.add_post(actor, issued.code, room, text=f'Solution {i + 1}: an idea worth a vote, with a few '
                                                        f'words of context so the card has a realistic length.',
                         kind='solution')
    return service, issued.code


async def asgi_get(app: Any, path: str, headers: list[tuple[bytes, bytes]] | None = None) -> tuple[int, int, float]:
    """(status, body bytes, seconds) of one GET through the ASGI app, timed inside the server."""
    status, size = 0, 0

    async def receive() -> dict[str, Any]:
        return {'type': 'http.request', 'body': b'', 'more_body': False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, size
        if message['type'] == 'http.response.start':
            status = message['status']
        elif message['type'] == 'http.response.body':
            size += len(message.get('body', b''))

    scope = {'type': 'http', 'asgi': {'version': '3.0'}, 'http_version': '1.1', 'method': 'GET', 'scheme': 'http',
             'path': path, 'raw_path': path.encode(), 'query_string': b'', 'root_path': '',
             'headers': [(b'host', b'bench'), *(headers or [])], 'client': ('127.0.0.1', 1), 'server': ('bench', 80)}
    t0 = time.perf_counter()
    await app(scope, receive, send)
    return status, size, time.perf_counter() - t0


def timed(function: Any, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        function()
        out.append(time.perf_counter() - t0)
    return out


def ms(values: list[float]) -> str:
    return f'{statistics.median(values) * 1000:.2f} / {percentile(values, 95) * 1000:.2f}'


async def state_part(args: argparse.Namespace) -> list[str]:
    from fastapi import FastAPI

    from api.errors import install_error_handlers
    from api.routes import build_router
    from facilitator.snapshot import SessionState
    from facilitator.state import build_state, state_data

    log(f'(i) seeding a session with {args.posts} posts')
    service, code = seeded_service(args.posts)
    api = FastAPI()
    api.include_router(build_router(service))
    install_error_handlers(api)
    path = f'/api/sessions/{code}/state'
    await asgi_get(api, path)  # warm-up: imports, first build
    gc.collect()

    cached = []
    for _ in range(args.rounds):
        status, size, seconds = await asgi_get(api, path)
        assert status == 200
        cached.append(seconds)
    etag = service.snapshot(code).etag.encode()
    not_modified = [(await asgi_get(api, path, [(b'if-none-match', etag)]))[2] for _ in range(args.rounds)]
    uncached = []
    builds = service.snapshots.builds
    for _ in range(max(10, args.rounds // 10)):
        service.snapshots.forget(code)
        status, size, seconds = await asgi_get(api, path)
        assert status == 200
        uncached.append(seconds)
    assert service.snapshots.builds > builds

    def with_db(build: Any) -> Any:
        def run() -> Any:
            with service._read() as db:
                session = service._load(db, code)
                return build(db, session, service.clock())
        return run

    rounds = max(10, args.rounds // 10)
    dicts = timed(with_db(lambda db, s, now: state_data(db, s, now, online=0, public_url='', staff=False)), rounds)
    models = timed(with_db(lambda db, s, now: build_state(db, s, now, online=0, public_url='')), rounds)
    data = with_db(lambda db, s, now: state_data(db, s, now, online=0, public_url='', staff=False))()
    model = with_db(lambda db, s, now: build_state(db, s, now, online=0, public_url=''))()
    validate = timed(lambda: SessionState.model_validate(data), rounds)
    dumps = timed(lambda: json.dumps(data, separators=(',', ':')), rounds)
    model_json = timed(model.model_dump_json, rounds)
    return [
        f'(i) GET /state, {args.posts} posts, {size / 1024:.0f} KiB of JSON; server time in the ASGI app, '
        f'p50 / p95 ms over {args.rounds} requests (uncached: {len(uncached)})',
        '',
        '| request | p50 / p95 ms |',
        '| --- | --- |',
        f"| cached (the version's snapshot is built) | {ms(cached)} |",
        f'| cached, `If-None-Match` → 304 | {ms(not_modified)} |',
        f'| uncached (built from the database and serialised) | {ms(uncached)} |',
        f'| builder: fields as dicts (as before the read model) | {ms(dicts)} |',
        f'| builder: validated once into the typed model | {ms(models)} |',
        f'| of which the validation of the dicts into the model | {ms(validate)} |',
        f'| JSON: `json.dumps` of the dicts | {ms(dumps)} |',
        f'| JSON: `model_dump_json` of the model | {ms(model_json)} |',
        '',
    ]


# ------------------------------------------------------------------------------------------------ (ii) /live readers

class LiveRun(InputRun):
    """A real server with a `--posts` board; `--readers` `/live` sockets come, follow `--changes` changes, go."""

    async def execute(self) -> dict[str, Any]:
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as self.http:
                await self.start_server()
                await self.join_participants()
                await self.setup_room()
                await self.settle()
                self.result['rss_start_mib'] = rss(self.server.ps) / 2**20
                await self.readers()
                for _ in range(3):
                    await self.settle()
                self.result['rss_end_mib'] = rss(self.server.ps) / 2**20
        finally:
            self.server.stop()
        return self.result

    async def settle(self) -> None:
        await asyncio.sleep(self.args.settle)

    async def readers(self) -> None:
        url = f'ws://{HOST}:{self.server.port}/api/sessions/{self.code}/live'
        readers = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))  # apart from the API's pool
        sockets = [await readers.ws_connect(url, max_msg_size=0) for _ in range(self.args.readers)]
        try:
            versions = [json.loads((await ws.receive(timeout=30)).data)['version'] for ws in sockets]
            self.log(f'{len(sockets)} /live readers connected')
            peak = rss(self.server.ps)
            latencies = []
            for i in range(self.args.changes):
                t0 = time.monotonic()
                state = await self.api('POST', f'/api/sessions/{self.code}/control', expect=(200,),
                                       token=self.moderator_key,
                                       body={'action': 'extend_rooms', 'seconds': 60 if i % 2 else -30})
                target = state['version']
                for k, ws in enumerate(sockets):
                    while versions[k] < target:
                        versions[k] = json.loads((await ws.receive(timeout=30)).data)['version']
                latencies.append(time.monotonic() - t0)
                peak = max(peak, rss(self.server.ps))
            self.result.update(rss_peak_mib=peak / 2**20, change_p50_ms=percentile(latencies, 50) * 1000,
                               change_p95_ms=percentile(latencies, 95) * 1000)
        finally:
            for ws in sockets:
                await ws.close()
            await readers.close()
        self.log('readers gone')


def live_table(r: dict[str, Any], args: argparse.Namespace) -> list[str]:
    if 'error' in r:
        return [f'(ii) failed: {r["error"]}', '']
    growth = (r['rss_end_mib'] - r['rss_start_mib']) / r['rss_start_mib'] * 100
    return [
        f'(ii) {args.readers} `/live` readers, {args.changes} changes, {args.posts} posts (server RSS, MiB)',
        '',
        '| start | peak while connected | after they left | growth | change reaches all readers p50 / p95 ms |',
        '| --- | --- | --- | --- | --- |',
        f'| {r["rss_start_mib"]:.0f} | {r["rss_peak_mib"]:.0f} | {r["rss_end_mib"]:.0f} | {growth:+.0f} % '
        f'| {r["change_p50_ms"]:.0f} / {r["change_p95_ms"]:.0f} |',
        '',
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--part', choices=('state', 'live', 'all'), default='all')
    parser.add_argument('--posts', type=int, default=1000)
    parser.add_argument('--rounds', type=int, default=300, help='GET /state requests per figure')
    parser.add_argument('--readers', type=int, default=100)
    parser.add_argument('--changes', type=int, default=40)
    parser.add_argument('--settle', type=float, default=3.0, help='quiet time before a memory reading (s)')
    add_server_options(parser, run_timeout=1200.0, workers=1, groups='industry', profile_help='(unused)')
    args = parser.parse_args()
    args.scenario = []
    lines: list[str] = []
    failed = False
    if args.part in {'state', 'all'}:
        lines += asyncio.run(state_part(args))
    if args.part in {'live', 'all'}:
        run = LiveRun(1, args)  # one participant token; no page is opened
        try:
            result = asyncio.run(asyncio.wait_for(run.execute(), args.run_timeout))
        except Exception as e:  # report it, as the other benchmarks do
            result = {'error': str(e) or type(e).__name__}
        lines += live_table(result, args)
        failed = 'error' in result
    print('\n'.join(lines))
    return 1 if args.part in {'live', 'all'} and failed else 0


if __name__ == '__main__':
    sys.exit(main())
