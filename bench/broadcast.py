#!/usr/bin/env python
"""Broadcast benchmark: N simulated participant pages, one moderator, one fresh server per N.

    .venv/bin/python bench/broadcast.py --clients 100 500 1000
    .venv/bin/python bench/broadcast.py --scenario queue --clients 1000 --workers 2

Scenarios (`--scenario`):

- `timer` (default): timer actions (start, pause, resume, extend) on the first agenda segment.
- `queue`: the speaker queue. Before the pages connect, `--speakers` presenters are added through the API and the
  agenda is started and moved on to the showcase; the actions are then `next_speaker`, `move_speaker:P` (the last
  waiting presenter to place P) and `extend_speaker:S`. Each bumps `agenda_version`.

Votes and new posts in a breakout room are measured by `input_bench.py`, which reuses this module.

For each N it starts `run.py` on 127.0.0.1 with a throw-away data directory, creates a session, joins N participants
through the API and opens each personal link as its own browser (own cookie jar) speaking NiceGUI's Socket.IO protocol
(see `nicegui_client.py`). It then reports:

- RSS per client: server RSS (process tree) after connecting N pages minus before, divided by N;
- p50 / p95 / max over the moderator actions of the time from just before the control POST until the *last* page has
  received an `update` whose `view` prop carries the new `agenda_version`;
- server CPU per action: CPU seconds of the server's process tree from the POST until the last page has the change
  (median over the actions), also net of the server's idle rate (pings, acks; the idle window below) over each
  action's window, and that per page. Other load on the box moves it less than latency, but a loaded box still
  stretches the window and so the idle share: compare runs under similar load;
- idle server CPU (% of one core) over `--idle` seconds with all pages connected and the timer running, and the number
  of Socket.IO event packets the pages received meanwhile (Engine.IO pings are counted separately).

Clients run in `--workers` spawned processes (default 1) with asyncio; receive times use time.monotonic(), which is one
system-wide clock on Linux, so times from several processes compare directly. Everything is bounded by timeouts.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import math
import multiprocessing as mp
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

import aiohttp  # noqa: E402
import psutil  # noqa: E402
from nicegui_client import PageClient  # noqa: E402

HOST = '127.0.0.1'
DEFAULT_ACTIONS = 'start,pause,resume,extend:60,pause,resume,extend:60,pause,resume,extend:60'
# 30 queue changes, 6 of them next_speaker: the default 8 presenters leave 2 waiting for the last moves
QUEUE_ACTIONS = ','.join(['next_speaker,move_speaker:0,extend_speaker:60,move_speaker:1,extend_speaker:-30'] * 6)
ACK_INTERVAL = 3.0  # nicegui.js acks received messages every 3 s


# ----------------------------------------------------------------------------------------------- client worker process

class Worker:
    """Holds a share of the simulated pages in one process and answers commands from the main process."""

    def __init__(self, conn: Connection, index: int, opts: dict[str, Any]) -> None:
        self.conn = conn
        self.index = index
        self.opts = opts
        self.pages: list[PageClient] = []
        self.errors: list[str] = []
        self.target: int | None = None
        self.target_t0 = 0.0
        self.pending: set[PageClient] = set()
        self.done = asyncio.Event()

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        ack_task = asyncio.create_task(self._ack_loop())
        try:
            while True:
                try:
                    cmd = await loop.run_in_executor(None, self.conn.recv)
                except (EOFError, OSError):
                    break  # main process went away
                op = cmd[0]
                if op == 'connect':
                    reply = await self._connect(*cmd[1:])
                elif op == 'wait':
                    reply = await self._wait(*cmd[1:])
                elif op == 'stats':
                    reply = self._stats()
                elif op == 'close':
                    break
                else:
                    reply = await self.command(op, cmd[1:])
                self.conn.send(reply)
        finally:
            ack_task.cancel()
            await asyncio.wait_for(asyncio.gather(*(p.close() for p in self.pages), return_exceptions=True), 30)
            with contextlib.suppress(OSError):
                self.conn.send({'closed': True})

    async def _ack_loop(self) -> None:
        """Ack like nicegui.js's per-page 3 s interval; pages get spread phases, as real tabs opened at random times.

        Acking all pages in one burst would hit the server with N acks at once and distort the next broadcast.
        """
        slots = 30
        tick = 0
        while True:
            await asyncio.sleep(ACK_INTERVAL / slots)
            for page in self.pages[tick % slots::slots]:
                with contextlib.suppress(Exception):
                    await page.ack()
            tick += 1

    async def _connect(self, urls: list[str], concurrency: int, page_timeout: float, rate: float) -> dict[str, Any]:
        semaphore = asyncio.Semaphore(concurrency)
        durations: list[float] = []
        first = time.monotonic()

        async def open_one(i: int, url: str) -> None:
            if rate > 0:  # arrivals paced at `rate` pages per second (per worker)
                await asyncio.sleep(max(0.0, first + i / rate - time.monotonic()))
            async with semaphore:
                page = self.make_page(url, page_timeout)
                start = time.monotonic()
                try:
                    await page.open()
                except Exception as e:  # a failed page is a result, not a crash
                    self.errors.append(f'{type(e).__name__}: {e}'[:300])
                    await page.close()
                    return
                durations.append(time.monotonic() - start)
                self.pages.append(page)

        start = time.monotonic()
        await asyncio.gather(*(open_one(i, url) for i, url in enumerate(urls)))
        return {
            'ok': len(self.pages),
            'failed': len(urls) - len(self.pages),
            'errors': self.errors[:5],
            'with_view': sum(p.has_view for p in self.pages),
            'seconds': time.monotonic() - start,
            'open_s': sorted(durations),
        }

    def make_page(self, url: str, timeout: float) -> PageClient:
        return PageClient(url, view_key=self.opts['view_key'], version_key=self.opts['version_key'],
                          on_version=self._on_version, timeout=timeout)

    def _on_version(self, page: PageClient, version: int, now: float) -> None:
        if page in self.pending and self._matches(version, now):
            self.pending.discard(page)
            if not self.pending:
                self.done.set()

    def _matches(self, version: int, now: float) -> bool:
        return version >= self.target if self.target is not None else now >= self.target_t0

    async def _wait(self, version: int | None, t0: float, timeout: float) -> dict[str, Any]:
        """Wait until every connected page has received `version` (or, if None, any view update after t0)."""
        self.target, self.target_t0 = version, t0
        self.done.clear()

        def first_time(page: PageClient) -> float | None:
            for v, t in page.version_log:
                if self._matches(v, t):
                    return t
            return None

        self.pending = {p for p in self.pages if p.alive and first_time(p) is None}
        deadline = time.monotonic() + timeout
        while self.pending and time.monotonic() < deadline:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.done.wait(), min(0.5, max(0.01, deadline - time.monotonic())))
            self.pending = {p for p in self.pending if p.alive}  # a page that gave up will never get it
        self.pending = set()
        self.target = None
        times = [first_time(p) for p in self.pages]
        return {'times': [t for t in times if t is not None], 'missing': sum(t is None for t in times)}

    async def command(self, op: str, args: tuple) -> dict[str, Any]:
        """Commands of subclasses (input_bench.py)."""
        return {'error': f'unknown command {op!r}'}

    def _stats(self) -> dict[str, Any]:
        names: dict[str, int] = {}
        reasons: dict[str, int] = {}
        for p in self.pages:
            for name, count in p.stats.event_names.items():
                names[name] = names.get(name, 0) + count
            for reason, count in p.stats.drop_reasons.items():
                reasons[reason] = reasons.get(reason, 0) + count
        return {
            'pages': len(self.pages),
            'connected': sum(p.connected for p in self.pages),
            'events': sum(p.stats.events for p in self.pages),
            'updates': sum(p.stats.updates for p in self.pages),
            'pings': sum(p.stats.pings for p in self.pages),
            'acks': sum(p.stats.acks for p in self.pages),
            'alive': sum(p.alive for p in self.pages),
            'disconnects': sum(p.stats.disconnects for p in self.pages),
            'reconnects': sum(p.stats.reconnects for p in self.pages),
            'reloads': sum(p.stats.reloads for p in self.pages),
            'event_names': names,
            'drop_reasons': reasons,
            'closed': [p.closed_reason for p in self.pages if not p.alive][:5],
            'cpu_s': time.process_time(),
        }


def worker_main(conn: Connection, index: int, opts: dict[str, Any], worker_class: type[Worker] = Worker) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C and closes us
    try:
        import uvloop
        uvloop.run(worker_class(conn, index, opts).run())
    except ImportError:
        asyncio.run(worker_class(conn, index, opts).run())


# ------------------------------------------------------------------------------------------------------- main process

class BenchError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return math.nan
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    f = math.floor(k)
    c = min(f + 1, len(s) - 1)
    return s[f] + (s[c] - s[f]) * (k - f)


def tree(proc: psutil.Process) -> list[psutil.Process]:
    with contextlib.suppress(psutil.Error):
        return [proc, *proc.children(recursive=True)]
    return [proc]


def rss(proc: psutil.Process) -> int:
    total = 0
    for p in tree(proc):
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def cpu_seconds(proc: psutil.Process) -> float:
    total = 0.0
    for p in tree(proc):
        with contextlib.suppress(psutil.Error):
            t = p.cpu_times()
            total += t.user + t.system
    return total


def box_busy_seconds() -> float:
    """CPU seconds all cores have spent busy so far (the whole box, other people's processes included)."""
    t = psutil.cpu_times()
    return sum(t) - t.idle - getattr(t, 'iowait', 0.0)


def find_key(obj: Any, key: str) -> Any:
    """First value of `key` anywhere in a JSON-like object (depth-first), or None."""
    if isinstance(obj, dict):
        if key in obj:
            return obj[key]
        values = obj.values()
    elif isinstance(obj, list):
        values = obj
    else:
        return None
    for value in values:
        found = find_key(value, key)
        if found is not None:
            return found
    return None


def timer_running(state: Any) -> bool | None:
    """Whether the control response says a timer runs: a `running` flag, or the current segment's `state`."""
    running = find_key(state, 'running')
    if isinstance(running, bool):
        return running
    if isinstance(state, dict):
        segments, current = state.get('segments'), state.get('current_segment')
        if isinstance(segments, list) and isinstance(current, int) and 0 <= current < len(segments) \
                and isinstance(segments[current], dict) and isinstance(segments[current].get('state'), str):
            return segments[current]['state'] == 'running'
    return None


def waiting_speakers(state: dict[str, Any]) -> list[dict[str, Any]]:
    """The speaker line in its order, as GET /state and /control return it."""
    return [s for s in state.get('speakers', []) if s.get('state') == 'waiting']


def parse_actions(spec: str) -> list[dict[str, Any]]:
    actions = []
    for item in spec.split(','):
        name, _, seconds = item.strip().partition(':')
        action: dict[str, Any] = {'action': name}
        if seconds:
            action['seconds'] = int(seconds)
        actions.append(action)
    return actions


class WorkerHandle:
    def __init__(self, ctx: Any, index: int, opts: dict[str, Any], worker_class: type[Worker] = Worker) -> None:
        self.conn, child_conn = ctx.Pipe()
        self.process = ctx.Process(target=worker_main, args=(child_conn, index, opts, worker_class), daemon=True,
                                   name=f'bench-worker-{index}')
        self.process.start()
        child_conn.close()

    async def call(self, message: tuple, timeout: float) -> dict[str, Any]:
        """Send a command and await the reply without blocking the loop (so Ctrl-C and timeouts act at once)."""
        self.conn.send(message)
        loop = asyncio.get_running_loop()
        readable = loop.create_future()
        loop.add_reader(self.conn.fileno(), lambda: readable.done() or readable.set_result(None))
        try:
            await asyncio.wait_for(readable, timeout)
        except TimeoutError:
            raise BenchError(f'worker did not answer {message[0]!r} within {timeout:.0f} s') from None
        finally:
            loop.remove_reader(self.conn.fileno())
        reply = self.conn.recv()
        if 'error' in reply:
            raise BenchError(reply['error'])
        return reply

    async def close(self) -> None:
        """Ask the worker to close its pages; a worker still busy with a command is terminated."""
        with contextlib.suppress(Exception):
            await self.call(('close',), 15)
        for _ in range(50):
            if not self.process.is_alive():
                break
            await asyncio.sleep(0.1)
        if self.process.is_alive():
            self.process.terminate()
            await asyncio.sleep(1)
            if self.process.is_alive():
                self.process.kill()
        self.process.join(1)
        self.conn.close()


class Server:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix='bench-broadcast-'))
        self.port = args.port or free_port()
        self.base = f'http://{HOST}:{self.port}'
        self.admin_token = secrets.token_urlsafe(24)
        self.log_path = self.tmp / 'server.log'
        self.profile_prefix = self.tmp / 'profile'
        self.proc: subprocess.Popen | None = None
        self.ps: psutil.Process | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            'DATABASE_URL': f'sqlite:///{self.tmp}/bench.db',
            'FACILITATOR_DATA_DIR': str(self.tmp),
            'FACILITATOR_ADMIN_TOKEN': self.admin_token,
            'PYTHONUNBUFFERED': '1',
            **dict(item.split('=', 1) for item in self.args.env),
        }
        command = [sys.executable, 'run.py', '--host', HOST, '--port', str(self.port)]
        if self.args.profile:
            command[1:1] = [str(BENCH_DIR / 'sampling_profiler.py'), str(self.profile_prefix)]
            env['BENCH_PROFILE_PHASES'] = getattr(self.args, 'profile_phases', 'connect,actions,settle,idle,teardown')
        with open(self.log_path, 'wb') as log:
            self.proc = subprocess.Popen(
                command,
                cwd=self.args.app_dir, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.ps = psutil.Process(self.proc.pid)

    def log_tail(self, lines: int = 30) -> str:
        with contextlib.suppress(OSError):
            return '\n'.join(self.log_path.read_text(errors='replace').splitlines()[-lines:])
        return ''

    def check_alive(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            raise BenchError(f'server exited (code {self.proc and self.proc.returncode}); log tail:\n{self.log_tail()}')

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)  # the group we created with start_new_session
                self.proc.wait(5)
        if self.args.profile:
            stamp = f'{dt.datetime.now():%Y%m%d-%H%M%S}'
            with contextlib.suppress(OSError):
                (BENCH_DIR / 'results').mkdir(exist_ok=True)
                for path in sorted(self.tmp.glob('profile-*.txt')):
                    target = BENCH_DIR / 'results' / f'profile-{stamp}-{path.name.removeprefix("profile-")}'
                    shutil.copy(path, target)
                    log(f'server profile: {target}')
        if not self.args.keep:  # only once the server is gone: it holds the SQLite database and its log there
            shutil.rmtree(self.tmp, ignore_errors=True)

    def next_profile_phase(self) -> None:
        """With --profile: close the profiler's current phase (connect, actions, idle) and start the next."""
        if self.args.profile and self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGUSR1)


def app_version(app_dir: str) -> str:
    """The app's commit, with '+changes' when files outside bench/ differ from it (others share this tree)."""
    try:
        commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=app_dir, capture_output=True, text=True,
                                timeout=10, check=False).stdout.strip()
        changed = subprocess.run(['git', 'status', '--porcelain', '--', '.', ':!bench'], cwd=app_dir,
                                 capture_output=True, text=True, timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return 'unknown'
    return (commit or 'unknown') + ('+changes' if changed else '')


def local_url(base: str, url: str) -> str:
    """Point a link the app returned at our 127.0.0.1 server, whatever public host it was built with."""
    parts = urlsplit(url)
    return base + parts.path + (f'?{parts.query}' if parts.query else '')


def log(message: str) -> None:
    print(f'[{time.strftime("%H:%M:%S")}] {message}', file=sys.stderr, flush=True)


class Run:
    """One benchmark run for one N: fresh server, N pages, actions, idle window."""

    worker_class: type[Worker] = Worker

    def __init__(self, n: int, args: argparse.Namespace) -> None:
        self.n = n
        self.args = args
        self.server = Server(args)
        self.workers: list[WorkerHandle] = []
        self.warmup: PageClient | None = None
        self.http: aiohttp.ClientSession | None = None
        self.code = ''
        self.moderator_key = ''
        self.tokens: list[str] = []  # each page's participant token (index 0: the warm-up page)
        self.result: dict[str, Any] = {'clients': n, 'scenario': getattr(args, 'scenario', 'timer')}
        self.state: dict[str, Any] = {}  # the latest state a control action returned
        self.stats_after_connect: dict[str, Any] = {}

    def log(self, message: str) -> None:
        log(f'N={self.n}: {message}')

    async def execute(self) -> dict[str, Any]:
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as self.http:
                await self.start_server()
                urls = await self.join_participants()
                if getattr(self.args, 'scenario', 'timer') == 'queue':
                    await self.setup_queue()
                await self.connect_pages(urls)
                state = await self.run_actions()
                await self.measure_idle(state)
        finally:
            await asyncio.gather(*(w.close() for w in self.workers), return_exceptions=True)
            if self.warmup is not None:
                await self.warmup.close()
            self.server.stop()
            self.note_app_change()
        return self.result

    def note_app_change(self) -> None:
        """Others work in this tree: say so when the app's files changed while the run was going."""
        now = app_version(self.args.app_dir)
        if now != self.result.get('app'):
            self.result['app'] = f'{self.result.get("app")} (changed during the run: now {now})'
            self.log(f'WARNING: the app changed during the run: {self.result["app"]}')

    async def api(self, method: str, path: str, *, expect: tuple[int, ...], token: str | None = None,
                  body: dict | None = None) -> dict[str, Any]:
        assert self.http is not None
        url = self.server.base + path
        headers = {'Authorization': f'Bearer {token}'} if token else {}
        async with self.http.request(method, url, json=body, headers=headers) as response:
            text = await response.text()
            if response.status not in expect:
                raise BenchError(f'{method} {url} -> {response.status}: {text[:300]}')
            return json.loads(text) if text else {}

    async def start_server(self) -> None:
        server = self.server
        self.result['app'] = app_version(self.args.app_dir)
        self.log(f'starting server on {server.base} (data in {server.tmp}), app {self.result["app"]}')
        server.start()
        deadline = time.monotonic() + self.args.start_timeout
        while True:
            server.check_alive()
            with contextlib.suppress(aiohttp.ClientError, TimeoutError, BenchError, ValueError):
                health = await self.api('GET', '/api/health', expect=(200,))
                if health.get('status') == 'ok':
                    return
            if time.monotonic() > deadline:
                raise BenchError(f'server not healthy after {self.args.start_timeout} s; log:\n{server.log_tail()}')
            await asyncio.sleep(0.25)

    async def join_participants(self) -> list[str]:
        session = await self.api('POST', '/api/sessions', expect=(200, 201), token=self.server.admin_token,
                                 body={'template': self.args.template})
        self.code, self.moderator_key = session['code'], session['moderator_key']
        self.log(f'session {self.code}: joining {self.n + 1} participants via the API (one is a warm-up page)')
        semaphore = asyncio.Semaphore(8)
        groups = self.args.groups.split(',')
        languages = getattr(self.args, 'languages', 'en').split(',')

        async def join(i: int) -> tuple[str, str]:
            async with semaphore:
                joined = await self.api('POST', f'/api/sessions/{self.code}/participants', expect=(200, 201),
                                        body={'name': f'P{i}', 'group': groups[i % len(groups)]})
                url = local_url(self.server.base, joined['url'])  # ?lang= is remembered for that page's browser
                return joined['token'], f'{url}{"&" if "?" in url else "?"}lang={languages[i % len(languages)]}'

        joined = await asyncio.gather(*(join(i) for i in range(self.n + 1)))
        self.tokens = [token for token, _url in joined]
        return [url for _token, url in joined]

    async def setup_queue(self) -> None:
        """The speaker-queue scenario: presenters in the line, the agenda started and moved on to the showcase."""
        for i in range(self.args.speakers):
            await self.api('POST', f'/api/sessions/{self.code}/speakers', expect=(200, 201), token=self.moderator_key,
                           body={'name': f'Presenter {i + 1}', 'organization': f'Org {i + 1}',
                                 'title': f'Showcase talk {i + 1}', 'planned_seconds': 300})
        for action in ({'action': 'start'}, {'action': 'next'}):
            self.state = await self.api('POST', f'/api/sessions/{self.code}/control', expect=(200,),
                                        token=self.moderator_key, body=action)
        segment = self.state['segments'][self.state['current_segment']]
        self.log(f'queue: {len(waiting_speakers(self.state))} presenters waiting, segment {segment["title"]!r} '
                 f'({segment["kind"]}, {segment["state"]}), speaking: '
                 f'{(self.state.get("current_speaker") or {}).get("name")}')

    def resolve(self, action: dict[str, Any]) -> dict[str, Any]:
        """`move_speaker:P` moves the last waiting presenter to place P (0-based) in the line."""
        if action['action'] == 'move_speaker':
            waiting = waiting_speakers(self.state)
            if not waiting:
                return action
            return {'action': 'move_speaker', 'speaker_id': waiting[-1]['id'],
                    'position': min(int(action.get('seconds', 0)), len(waiting) - 1)}
        return action

    async def connect_pages(self, urls: list[str]) -> None:
        args, result = self.args, self.result
        # one warm-up page so lazy imports and first-render caches are not billed to the N measured pages
        self.warmup = PageClient(urls[0], view_key=args.view_key, version_key=args.version_key, timeout=60)
        await self.warmup.open()
        if not self.warmup.has_view:
            self.log(f'WARNING: the participant page has no element with props.{args.view_key}.{args.version_key}; '
                     'latencies fall back to "any view update after the action"')
        ctx = mp.get_context('spawn')
        opts = {'view_key': args.view_key, 'version_key': args.version_key}
        self.workers = [WorkerHandle(ctx, i, opts, self.worker_class) for i in range(args.workers)]
        await asyncio.sleep(args.settle)
        rss_before = rss(self.server.ps)

        self.log(f'opening {self.n} pages with {args.workers} worker process(es)')
        shares = [urls[1 + i::args.workers] for i in range(args.workers)]
        concurrency = max(1, args.concurrency // args.workers)
        with LagProbe(self) as probe:
            rate = args.open_rate / args.workers
            bound = max(300.0, 1.5 * self.n, 2 * self.n / args.open_rate if args.open_rate > 0 else 0)
            replies = await asyncio.gather(*(w.call(('connect', share, concurrency, 60.0, rate), bound)
                                             for w, share in zip(self.workers, shares, strict=True)))
        result['health_ms_connecting'] = probe.summary()
        connected = sum(r['ok'] for r in replies)
        open_s = sorted(t for r in replies for t in r['open_s'])
        result.update(connected=connected, failed=sum(r['failed'] for r in replies),
                      with_view=sum(r['with_view'] for r in replies), connect_s=max(r['seconds'] for r in replies),
                      open_p50_ms=percentile(open_s, 50) * 1000, open_max_ms=(open_s[-1] if open_s else 0) * 1000)
        self.log(f'{connected} pages connected ({result["failed"]} failed, {result["with_view"]} show the view) '
                 f'in {result["connect_s"]:.1f} s; /api/health p50 {result["health_ms_connecting"]["p50"]:.0f} ms, '
                 f'max {result["health_ms_connecting"]["max"]:.0f} ms meanwhile')
        for r in replies:
            for error in r['errors']:
                self.log(f'  page error: {error}')
        if connected == 0:
            raise BenchError('no page connected')
        await self.quiesce()
        self.server.check_alive()
        rss_after = rss(self.server.ps)
        result.update(rss_before_mib=rss_before / 2**20, rss_after_mib=rss_after / 2**20,
                      rss_per_client_kib=(rss_after - rss_before) / connected / 1024)
        stats = self.stats_after_connect = await all_stats(self.workers)
        result['disconnects_connecting'] = stats['disconnects']
        if stats['disconnects']:
            self.log(f'{stats["disconnects"]} socket drops while connecting: {stats["drop_reasons"]}')

    async def quiesce(self) -> None:
        """Wait until every page is connected and no socket dropped for `settle` s (bounded by --quiesce-timeout).

        Pages whose socket dropped reconnect or reload like browsers do; measuring before that storm is over would
        bill it to the broadcast.
        """
        args = self.args
        start = time.monotonic()
        calm_since = start
        last_drops = -1
        while True:
            stats = await all_stats(self.workers)
            now = time.monotonic()
            if stats['disconnects'] != last_drops or stats['connected'] < stats['alive']:
                calm_since = now
                last_drops = stats['disconnects']
            if now - calm_since >= args.settle:
                break
            if now - start > args.quiesce_timeout:
                self.log(f'WARNING: not quiet after {args.quiesce_timeout:.0f} s ({stats["connected"]} of '
                         f'{stats["pages"]} connected, {stats["disconnects"]} drops so far); measuring anyway')
                break
            await asyncio.sleep(1.0)
        self.result['quiesce_s'] = time.monotonic() - start

    async def run_actions(self) -> dict[str, Any]:
        args, result = self.args, self.result
        action_ms: list[float] = []
        per_client_ms: list[float] = []
        post_ms: list[float] = []
        result['actions'] = []
        state: dict[str, Any] = {}
        self.server.next_profile_phase()
        cpu = CpuMeter(self)
        await cpu.start()
        for action in parse_actions(args.actions):
            await asyncio.sleep(args.gap)
            entry = await self.moderate(self.resolve(action))
            result['actions'].append(entry)
            if 'error' in entry:
                self.log(f'{action} failed: {entry["error"]}')
                continue
            state = self.state = entry.pop('state')
            action_ms.append(entry['all_ms'])
            per_client_ms.extend(entry.pop('client_ms'))
            post_ms.append(entry['post_ms'])
            self.log(f'{entry["action"]:>8} v{entry["version"]}: all pages in {entry["all_ms"]:7.1f} ms '
                     f'(page p50 {entry["p50_ms"]:6.1f} ms, POST {entry["post_ms"]:6.1f} ms, '
                     f'missing {entry["missing"]})')
        server_pct, bench_pct, other_pct = await cpu.stop()
        self.server.next_profile_phase()
        result.update(server_cpu_actions_pct=server_pct, client_cpu_actions_pct=bench_pct,
                      other_cpu_actions_pct=other_pct)
        if not action_ms:
            raise BenchError('every moderator action failed')
        result.update(p50_ms=percentile(action_ms, 50), p95_ms=percentile(action_ms, 95), max_ms=max(action_ms),
                      client_p50_ms=percentile(per_client_ms, 50), client_p95_ms=percentile(per_client_ms, 95),
                      post_p50_ms=percentile(post_ms, 50), n_actions=len(action_ms),
                      cpu_action_ms=percentile([e['cpu_s'] * 1000 for e in result['actions'] if 'cpu_s' in e], 50),
                      action_window_s=percentile([e['window_s'] for e in result['actions'] if 'window_s' in e], 50),

                      lost=sum(e.get('missing', 0) for e in result['actions']))
        return state

    async def moderate(self, action: dict[str, Any]) -> dict[str, Any]:
        """Send one control action and wait until every page has the new agenda version."""
        cpu0 = cpu_seconds(self.server.ps)
        t0 = time.monotonic()
        try:
            state = await self.api('POST', f'/api/sessions/{self.code}/control', expect=(200,),
                                   token=self.moderator_key, body=action)
        except (TimeoutError, BenchError, aiohttp.ClientError, ValueError) as e:
            return {'action': action['action'], 'error': str(e)[:300]}
        post_ms = (time.monotonic() - t0) * 1000
        version = find_key(state, self.args.version_key)
        if not isinstance(version, int):
            version = None  # fall back to: any view update after t0
        timeout = self.args.action_timeout
        replies = await asyncio.gather(*(w.call(('wait', version, t0, timeout), timeout + 30) for w in self.workers))
        cpu_s = cpu_seconds(self.server.ps) - cpu0  # the server's CPU from the POST until the last page has it
        client_ms = [(t - t0) * 1000 for r in replies for t in r['times']]
        return {
            'action': action['action'], 'version': version, 'post_ms': post_ms, 'state': state, 'cpu_s': cpu_s,
            'window_s': time.monotonic() - t0,
            'all_ms': max(client_ms) if client_ms else math.inf, 'p50_ms': percentile(client_ms, 50),
            'client_ms': client_ms, 'missing': sum(r['missing'] for r in replies),
        }

    async def measure_idle(self, state: dict[str, Any]) -> None:
        args, result = self.args, self.result
        running = timer_running(state)
        if running is False:  # the idle window needs a running timer
            self.log('timer not running after the actions; sending resume')
            entry = await self.moderate({'action': 'resume'})
            if 'error' in entry or timer_running(entry.get('state')) is False:
                self.log(f'WARNING: could not get the timer running for the idle window: {entry.get("error")}')
        elif running is None:
            self.log('note: cannot tell from the control response whether the timer runs; assuming it does')
        else:
            self.log('the timer is running')

        await asyncio.sleep(max(args.settle, ACK_INTERVAL + 1))  # let the last acks go out
        stats_0 = await all_stats(self.workers)
        result['disconnects_actions'] = stats_0['disconnects'] - result['disconnects_connecting']
        before = self.stats_after_connect
        per_page_action = max(1, stats_0['pages']) * max(1, result['n_actions'])
        result['messages_per_page_per_action'] = {
            name: round((count - before['event_names'].get(name, 0)) / per_page_action, 2)
            for name, count in stats_0['event_names'].items() if count != before['event_names'].get(name, 0)}
        self.log(f'socket messages per page per action: {result["messages_per_page_per_action"]}')
        cpu = CpuMeter(self)
        self.server.next_profile_phase()  # the idle phase of the profile is only the measured window
        await cpu.start()
        self.log(f'idle for {args.idle:.0f} s')
        await asyncio.sleep(args.idle)
        server_pct, _, other_pct = await cpu.stop()
        self.server.next_profile_phase()
        stats_1 = await all_stats(self.workers)
        self.server.check_alive()
        names_0 = stats_0['event_names']
        result.update(
            idle_cpu_pct=server_pct,
            other_cpu_idle_pct=other_pct,
            idle_messages=stats_1['events'] - stats_0['events'],
            idle_pings=stats_1['pings'] - stats_0['pings'],
            idle_event_names={k: v - names_0.get(k, 0) for k, v in stats_1['event_names'].items()
                              if v != names_0.get(k, 0)},
            disconnects=stats_1['disconnects'],  # over the whole run
            reconnects=stats_1['reconnects'],
            reloads=stats_1['reloads'],
            dead=stats_1['pages'] - stats_1['alive'],  # gave up reconnecting
            dead_reasons=stats_1['closed'],
            drop_reasons=stats_1['drop_reasons'],
            rss_end_mib=rss(self.server.ps) / 2**20,
        )
        # net of the idle rate (pings, acks) over each action's window; the idle gap between actions is no
        # baseline, as it still holds the tail of the previous broadcast (acks, history)
        net_ms = percentile([(e['cpu_s'] - result['idle_cpu_pct'] / 100 * e['window_s']) * 1000
                             for e in result['actions'] if 'cpu_s' in e], 50)
        result.update(cpu_action_net_ms=net_ms, cpu_page_us=net_ms * 1000 / max(1, self.n))
        self.log(f'server CPU per action: {result["cpu_action_ms"]:.0f} ms (median), {net_ms:.0f} ms net of idle, '
                 f'{result["cpu_page_us"]:.0f} µs per page')
        self.log(f'idle CPU {result["idle_cpu_pct"]:.1f} %, {result["idle_messages"]} messages, '
                 f'{result["idle_pings"]} pings; over the run {result["disconnects"]} socket drops, '
                 f'{result["reconnects"]} reconnects, {result["reloads"]} reloads, {result["dead"]} pages lost')
        if result['drop_reasons']:
            self.log(f'socket drop reasons: {result["drop_reasons"]}')


class LagProbe:
    """GET /api/health every `interval` s and keep the slowest answer: how long the server's event loop stalls.

    Used while pages connect only, so it does not disturb the broadcast and idle measurements.
    """

    def __init__(self, run: Run, interval: float = 0.5) -> None:
        self.run = run
        self.interval = interval
        self.worst_ms = 0.0
        self.samples: list[float] = []
        self._task: asyncio.Task | None = None

    def __enter__(self) -> LagProbe:
        self._task = asyncio.create_task(self._probe())
        return self

    def __exit__(self, *_: object) -> None:
        if self._task is not None:
            self._task.cancel()

    async def _probe(self) -> None:
        while True:
            start = time.monotonic()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.run.api('GET', '/api/health', expect=(200,)), 30)
            ms = (time.monotonic() - start) * 1000
            self.samples.append(ms)
            self.worst_ms = max(self.worst_ms, ms)
            await asyncio.sleep(self.interval)

    def summary(self) -> dict[str, float]:
        return {'p50': percentile(self.samples, 50), 'max': self.worst_ms}


class CpuMeter:
    """CPU use over a window, in % of one core: server tree, bench processes, and everything else on the box."""

    def __init__(self, run: Run) -> None:
        self.run = run

    async def _sample(self) -> tuple[float, float, float, float]:
        clients = await all_cpu(self.run.workers)
        return (time.monotonic(), cpu_seconds(self.run.server.ps), clients + time.process_time(), box_busy_seconds())

    async def start(self) -> None:
        self.t0, self.server0, self.bench0, self.box0 = await self._sample()

    async def stop(self) -> tuple[float, float, float]:
        t1, server1, bench1, box1 = await self._sample()
        wall = t1 - self.t0
        server, bench = server1 - self.server0, bench1 - self.bench0
        other = max(0.0, box1 - self.box0 - server - bench)
        return server / wall * 100, bench / wall * 100, other / wall * 100



async def all_stats(workers: list[WorkerHandle]) -> dict[str, Any]:
    replies = await asyncio.gather(*(w.call(('stats',), 30) for w in workers))
    names: dict[str, int] = {}
    reasons: dict[str, int] = {}
    for r in replies:
        for k, v in r['event_names'].items():
            names[k] = names.get(k, 0) + v
        for k, v in r['drop_reasons'].items():
            reasons[k] = reasons.get(k, 0) + v
    return {
        **{k: sum(r[k] for r in replies) for k in ('pages', 'connected', 'alive', 'events', 'updates', 'pings', 'acks',
                                                    'disconnects', 'reconnects', 'reloads')},
        'event_names': names, 'drop_reasons': reasons, 'closed': [c for r in replies for c in r['closed']][:5],
    }


async def all_cpu(workers: list[WorkerHandle]) -> float:
    return sum(r['cpu_s'] for r in await asyncio.gather(*(w.call(('stats',), 30) for w in workers)))


def fmt(value: Any, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return 'n/a'
    if isinstance(value, float) and math.isinf(value):
        return 'timeout'
    return f'{value:.{digits}f}' if isinstance(value, float) else str(value)


def tables(results: list[dict[str, Any]]) -> str:
    lines = [
        '| clients | RSS per client (KiB) | p50 ms | p95 ms | max ms | idle CPU % | idle messages |',
        '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ]
    for r in results:
        if 'error' in r:
            lines.append(f'| {r["clients"]} | failed: {r["error"][:80]} | | | | | |')
            continue
        max_cell = fmt(r['max_ms']) + (f' ({r["lost"]} lost)' if r['lost'] else '')
        lines.append(f'| {r["clients"]} ({r.get("scenario", "timer")}, app {r.get("app")}) '
                     f'| {fmt(r["rss_per_client_kib"])} | {fmt(r["p50_ms"])} | {fmt(r["p95_ms"])} '
                     f'| {max_cell} | {fmt(r["idle_cpu_pct"], 1)} | {r["idle_messages"]} |')
    lines += [
        '',
        '| clients | server CPU per action ms (median) | net of idle ms (median) | net µs per page |',
        '| ---: | ---: | ---: | ---: |',
    ]
    lines += [f'| {r["clients"]} | {fmt(r.get("cpu_action_ms"))} | {fmt(r.get("cpu_action_net_ms"))} '
              f'| {fmt(r.get("cpu_page_us"))} |' for r in results if 'error' not in r]
    lines += [
        '',
        '| clients | connected/failed | pages with view | connect s | RSS before→after MiB | per-page p50/p95 ms '
        '| POST p50 ms | health max ms (connecting) | CPU % server/bench/other (actions) | other CPU % (idle) '
        '| idle pings | socket drops/reconnects/reloads/lost |',
        '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ]
    for r in results:
        if 'error' in r:
            continue
        lines.append(
            f'| {r["clients"]} | {r["connected"]}/{r["failed"]} | {r["with_view"]} | {fmt(r["connect_s"], 1)} '
            f'| {fmt(r["rss_before_mib"], 1)}→{fmt(r["rss_after_mib"], 1)} '
            f'| {fmt(r["client_p50_ms"])}/{fmt(r["client_p95_ms"])} | {fmt(r["post_p50_ms"])} '
            f'| {fmt(r["health_ms_connecting"]["max"])} '
            f'| {fmt(r["server_cpu_actions_pct"])}/{fmt(r["client_cpu_actions_pct"])}'
            f'/{fmt(r["other_cpu_actions_pct"])} '
            f'| {fmt(r["other_cpu_idle_pct"])} | {r["idle_pings"]} '
            f'| {r["disconnects"]}/{r["reconnects"]}/{r["reloads"]}/{r["dead"]} |')
    for r in results:
        if 'error' in r or not r.get('actions'):
            continue
        lines += ['', f'Per action, {r["clients"]} pages ({r.get("scenario", "timer")}):', '',
                  '| action | agenda_version | all pages ms | page p50 ms | POST ms | missing |',
                  '| --- | ---: | ---: | ---: | ---: | ---: |']
        for e in r['actions']:
            if 'error' in e:
                lines.append(f'| {e["action"]} | failed: {e["error"][:60]} | | | | |')
            else:
                lines.append(f'| {e["action"]} | {e["version"]} | {fmt(e["all_ms"])} | {fmt(e["p50_ms"])} '
                             f'| {fmt(e["post_ms"])} | {e["missing"]} |')
    return '\n'.join(lines)


async def main_async(args: argparse.Namespace, results: list[dict[str, Any]], run_class: type[Run] | None = None
                     ) -> None:
    """One fresh server and run per N in `args.clients` (`run_class`: Run, or a subclass such as input_bench's)."""
    for n in args.clients:
        try:
            results.append(await asyncio.wait_for((run_class or Run)(n, args).execute(), args.run_timeout))
        except Exception as e:  # one failed N must not cost the others
            message = str(e) or type(e).__name__
            log(f'N={n}: FAILED: {message}')
            results.append({'clients': n, 'error': message.splitlines()[0] if message else type(e).__name__})
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2, default=str))


def add_server_options(parser: argparse.ArgumentParser, *, run_timeout: float, workers: int, groups: str,
                       profile_help: str) -> None:
    """The options every benchmark here shares: the server, the client processes and the output."""
    parser.add_argument('--start-timeout', type=float, default=60.0, help='max wait for the server to be healthy')
    parser.add_argument('--run-timeout', type=float, default=run_timeout, help='max seconds for one N')
    parser.add_argument('--workers', type=int, default=workers, help='client processes')
    parser.add_argument('--concurrency', type=int, default=4, help='pages being opened at the same time')
    parser.add_argument('--open-rate', type=float, default=0.0,
                        help='pages opened per second in total (0: as fast as --concurrency allows)')
    parser.add_argument('--quiesce-timeout', type=float, default=180.0,
                        help='max wait after connecting for all sockets to be up and stable (s)')
    parser.add_argument('--port', type=int, default=0, help='server port (0: pick a free one)')
    parser.add_argument('--app-dir', default=str(BENCH_DIR.parent), help='directory holding run.py')
    parser.add_argument('--template', default='cop-industry-connect-2025-s2')
    parser.add_argument('--groups', default=groups, help='comma-separated groups, assigned round-robin')
    parser.add_argument('--languages', default='en', help='comma-separated page languages, round-robin (en,fr,ar)')
    parser.add_argument('--keep', action='store_true', help='keep the temporary data directory and server log')
    parser.add_argument('--json', help='also write the raw results to this file')
    parser.add_argument('--profile', action='store_true', help=profile_help)
    parser.add_argument('--env', action='append', default=[], metavar='KEY=VALUE',
                        help='extra environment variable for the server (repeatable)')


def run_and_report(args: argparse.Namespace, run_class: type[Run], tables_of: Any, name: str) -> int:
    """Run every N, print the tables and keep them in bench/results/NAME-STAMP.md. Exit status 1 if an N failed."""
    results: list[dict[str, Any]] = []
    try:
        asyncio.run(main_async(args, results, run_class))
    except KeyboardInterrupt:
        log('interrupted; results so far:')
    output = tables_of(results)
    print(output)
    stamp = dt.datetime.now().strftime('%Y%m%d-%H%M%S')
    with contextlib.suppress(OSError):
        (BENCH_DIR / 'results').mkdir(exist_ok=True)
        (BENCH_DIR / 'results' / f'{name}-{stamp}.md').write_text(output + '\n')
    return 1 if any('error' in r for r in results) else 0


def main() -> int:
    class Formatter(argparse.ArgumentDefaultsHelpFormatter, argparse.RawDescriptionHelpFormatter):
        pass

    parser = argparse.ArgumentParser(description=__doc__.split('\n\nFor each N')[0], formatter_class=Formatter)
    parser.add_argument('--clients', type=int, nargs='+', default=[100], help='page counts, one fresh server each')
    parser.add_argument('--scenario', choices=('timer', 'queue'), default='timer',
                        help='timer: segment timer actions; queue: speaker-queue actions after --speakers presenters')
    parser.add_argument('--speakers', type=int, default=8, help='presenters added before the pages connect (queue)')
    parser.add_argument('--actions', default=None,
                        help='moderator actions, "name" or "name:number" (seconds; the place for move_speaker). '
                             f'Default for timer: {DEFAULT_ACTIONS}; for queue: 6 x (next_speaker, '
                             'move_speaker:0, extend_speaker:60, move_speaker:1, extend_speaker:-30)')
    parser.add_argument('--idle', type=float, default=10.0, help='idle window in seconds')
    parser.add_argument('--settle', type=float, default=6.0, help='pause before RSS and idle measurements (s)')
    parser.add_argument('--gap', type=float, default=1.0, help='pause between actions (s)')
    parser.add_argument('--action-timeout', type=float, default=30.0, help='max wait for one broadcast (s)')
    add_server_options(parser, run_timeout=3600.0, workers=1, groups='industry',
                       profile_help="sample the server's event-loop thread; profiles per phase go to bench/results/")
    parser.add_argument('--view-key', default='view', help='prop of the live element that carries the view')
    parser.add_argument('--version-key', default='agenda_version', help='key of the version inside the view')
    args = parser.parse_args()
    if args.actions is None:
        args.actions = QUEUE_ACTIONS if args.scenario == 'queue' else DEFAULT_ACTIONS
    if args.workers < 1 or any(n < 1 for n in args.clients):
        parser.error('--workers and --clients must be positive')

    name = 'broadcast' if args.scenario == 'timer' else f'broadcast-{args.scenario}'
    return run_and_report(args, Run, tables, name)

if __name__ == '__main__':
    sys.exit(main())
