#!/usr/bin/env python
"""Scale-out benchmark: the broadcast of `broadcast.py` with one or two instances on PostgreSQL, optionally behind
nginx started from the shipped config (deploy/nginx/facilitator.conf).

    .venv/bin/python bench/scale_bench.py --database-url postgresql://u:p@127.0.0.1/db --instances 1 --clients 200
    .venv/bin/python bench/scale_bench.py --database-url ... --instances 2 --via-nginx --clients 200

Each run makes a throw-away database next to `--database-url`'s and starts the instances with the scale tests'
helper (tests/scale/instances.py). Pages are spread evenly over the instances: through nginx, each page carries a
route cookie that nginx sends to its instance (found by asking nginx); without nginx, pages open the instances
directly. The moderator's actions go to instance `a`, so pages on `a` get a same-instance change and pages on `b`
a cross-instance one (PostgreSQL LISTEN/NOTIFY). Reported:

- per action, the time until the last page on each instance has the change; p50/p95 over the actions, and the
  cross-instance extra p95 (b's p95 minus a's, and the p50/p95 of b minus a per action); the first page's time
  on each (p50), where b's extra is the bus hop plus b building its own snapshot of the new state;
- server CPU per page per change: the instances' CPU seconds during the actions, less the idle rate over the same
  wall time (pings), divided by pages × actions; the idle CPU and RSS per page (all instances together);
- the 1-minute load average before and after (the box is shared: read the figures with it).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

BENCH_DIR = Path(__file__).resolve().parent
for path in (BENCH_DIR, BENCH_DIR.parent):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import psutil  # noqa: E402
from broadcast import (  # noqa: E402
    DEFAULT_ACTIONS,
    BenchError,
    Run,
    Worker,
    add_server_options,
    app_version,
    cpu_seconds,
    find_key,
    fmt,
    percentile,
    run_and_report,
)
from nicegui_client import PageClient  # noqa: E402
from yarl import URL  # noqa: E402

from deploy.local_nginx import ROUTE_COOKIE, Proxy, local_nginx  # noqa: E402
from tests.scale.instances import Instance, own_database  # noqa: E402

NAMES = 'ab'


class RoutedPage(PageClient):
    """A page whose URL fragment names its instance (`on=a`) and, through nginx, its route cookie (`route=...`)."""

    def __init__(self, url: str, **kwargs: Any) -> None:
        url, _, fragment = url.partition('#')
        params = dict(parse_qsl(fragment))
        self.instance, self.route = params.get('on', '?'), params.get('route')
        super().__init__(url, **kwargs)

    async def _load_page(self, url: str) -> None:
        if self.route and self._session is not None:  # on the origin, so the cookie's path is / as nginx sets it
            self._session.cookie_jar.update_cookies({ROUTE_COOKIE: self.route}, response_url=URL(url).origin())
        await super()._load_page(url)


class ScaleWorker(Worker):
    def make_page(self, url: str, timeout: float) -> PageClient:
        return RoutedPage(url, view_key=self.opts['view_key'], version_key=self.opts['version_key'],
                          on_version=self._on_version, timeout=timeout)

    async def _wait(self, version: int | None, t0: float, timeout: float) -> dict[str, Any]:
        reply = await super()._wait(version, t0, timeout)
        self.target, self.target_t0 = version, t0
        by_instance: dict[str, list[float]] = {}
        for page in self.pages:
            seen = next((t for v, t in page.version_log if self._matches(v, t)), None)
            if seen is not None:
                by_instance.setdefault(getattr(page, 'instance', '?'), []).append(seen)
        self.target = None
        return {**reply, 'by_instance': by_instance}


class Processes:
    """The instances' processes as one psutil-like process for broadcast.py's CPU and RSS meters."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster

    def children(self, recursive: bool = True) -> list[psutil.Process]:
        found = []
        for instance in self.cluster.instances:
            if instance.process is not None and instance.process.poll() is None:
                with contextlib.suppress(psutil.Error):
                    process = psutil.Process(instance.process.pid)
                    found += [process, *process.children(recursive=True)]
        return found

    def cpu_times(self) -> Any:
        return argparse.Namespace(user=0.0, system=0.0)  # no CPU of its own

    def memory_info(self) -> Any:
        return argparse.Namespace(rss=0)


class Cluster:
    """What broadcast.py's `Server` is for one instance: the instances (and nginx) of one run."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix='bench-scale-'))
        self.instances: list[Instance] = []
        self.proxy: Proxy | None = None
        self.routes: dict[str, str] = {}
        self.ps = Processes(self)
        self.base = ''
        self.admin_token = ''
        self._stack = contextlib.ExitStack()

    def start(self) -> None:
        database_url = self._stack.enter_context(own_database(self.args.database_url))
        env = dict(item.split('=', 1) for item in self.args.env)
        ports = [int(p) for p in os.environ.get('BENCH_PORTS', '').split(',') if p]
        nginx_port = ports.pop() if ports else None
        if self.args.via_nginx:
            from deploy.local_nginx import free_port
            nginx_port = nginx_port or free_port()
            env.setdefault('FACILITATOR_PUBLIC_URL', f'http://127.0.0.1:{nginx_port}')
            env.setdefault('FACILITATOR_TRUSTED_PROXIES', '127.0.0.1')
        for name in NAMES[:self.args.instances]:
            instance = Instance.on(database_url, self.tmp / name, **env)
            self.instances.append(instance)
            self._stack.callback(instance.stop)
            instance.start()
        self.base, self.admin_token = self.instances[0].base_url, self.instances[0].admin_token
        if self.args.via_nginx:
            self.proxy = self._stack.enter_context(local_nginx(
                [f'127.0.0.1:{i.port}' for i in self.instances], self.tmp / 'nginx', port=nginx_port,
                workers=str(self.args.nginx_workers)))
            for name, instance in zip(NAMES, self.instances, strict=False):
                self.routes[name] = next(r for r in (f'bench-{k}' for k in range(500))
                                         if self.proxy.upstream_of_route(r) == f'127.0.0.1:{instance.port}')

    def page_url(self, index: int, url: str) -> str:
        name = NAMES[index % len(self.instances)]
        parts = urlsplit(url)
        tail = parts.path + (f'?{parts.query}' if parts.query else '')
        if self.proxy is not None:
            return f'{self.proxy.base_url}{tail}#{urlencode({"on": name, "route": self.routes[name]})}'
        return f'{self.instances[NAMES.index(name)].base_url}{tail}#on={name}'

    def check_alive(self) -> None:
        for instance in self.instances:
            if instance.process is None or instance.process.poll() is not None:
                raise BenchError(f'instance on {instance.port} exited; log tail:\n{instance.log()}')

    def log_tail(self, lines: int = 30) -> str:
        return '\n'.join(i.log() for i in self.instances)

    def next_profile_phase(self) -> None:
        pass

    def stop(self) -> None:
        self._stack.close()
        if not self.args.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)


class ScaleRun(Run):
    worker_class = ScaleWorker

    def __init__(self, n: int, args: argparse.Namespace) -> None:
        super().__init__(n, args)
        shutil.rmtree(self.server.tmp, ignore_errors=True)  # broadcast.py's one-server directory, unused here
        self.server = Cluster(args)  # type: ignore[assignment]
        self.result.update(instances=args.instances, via='nginx' if args.via_nginx else 'direct',
                           load_before=os.getloadavg()[0])

    async def start_server(self) -> None:
        self.result['app'] = app_version(self.args.app_dir)
        self.log(f'starting {self.args.instances} instance(s){" behind nginx" if self.args.via_nginx else ""}')
        await asyncio.to_thread(self.server.start)

    async def join_participants(self) -> list[str]:
        urls = await super().join_participants()
        return [self.server.page_url(i, url) for i, url in enumerate(urls)]

    async def run_actions(self) -> dict[str, Any]:
        cpu0, t0 = cpu_seconds(self.server.ps), time.monotonic()
        state = await super().run_actions()
        self.result.update(actions_cpu_s=cpu_seconds(self.server.ps) - cpu0, actions_wall_s=time.monotonic() - t0)
        return state

    async def measure_idle(self, state: dict[str, Any]) -> None:
        await super().measure_idle(state)
        r = self.result
        changes = max(1, r['connected']) * max(1, r['n_actions'])
        idle_s = r['idle_cpu_pct'] / 100 * r['actions_wall_s']
        r['cpu_ms_per_page_change_raw'] = r['actions_cpu_s'] / changes * 1000
        r['cpu_ms_per_page_change'] = max(0.0, r['actions_cpu_s'] - idle_s) / changes * 1000
        last: dict[str, list[float]] = {}
        first: dict[str, list[float]] = {}
        pages: dict[str, list[float]] = {}
        for entry in r['actions']:
            for name, times in entry.get('by_instance_ms', {}).items():
                last.setdefault(name, []).append(max(times))
                first.setdefault(name, []).append(min(times))
                pages.setdefault(name, []).extend(times)
        r['last_page_ms'] = {name: (percentile(v, 50), percentile(v, 95)) for name, v in sorted(last.items())}
        r['first_page_p50_ms'] = {name: percentile(v, 50) for name, v in sorted(first.items())}
        if 'b' in last and len(last['a']) == len(last['b']):  # per action: how much later b's last page was than a's
            r['extra_per_action_ms'] = [b - a for a, b in zip(last['a'], last['b'], strict=True)]
        r['page_p95_ms'] = {name: percentile(v, 95) for name, v in sorted(pages.items())}
        r['load_after'] = os.getloadavg()[0]

    async def moderate(self, action: dict[str, Any]) -> dict[str, Any]:
        t0 = time.monotonic()
        try:
            state = await self.api('POST', f'/api/sessions/{self.code}/control', expect=(200,),
                                   token=self.moderator_key, body=action)
        except Exception as e:
            return {'action': action['action'], 'error': str(e)[:300]}
        post_ms = (time.monotonic() - t0) * 1000
        version = find_key(state, self.args.version_key)
        version = version if isinstance(version, int) else None
        timeout = self.args.action_timeout
        replies = await asyncio.gather(*(w.call(('wait', version, t0, timeout), timeout + 30) for w in self.workers))
        client_ms = [(t - t0) * 1000 for r in replies for t in r['times']]
        by_instance: dict[str, list[float]] = {}
        for reply in replies:
            for name, times in reply['by_instance'].items():
                by_instance.setdefault(name, []).extend((t - t0) * 1000 for t in times)
        return {'action': action['action'], 'version': version, 'post_ms': post_ms, 'state': state,
                'all_ms': max(client_ms) if client_ms else float('inf'), 'p50_ms': percentile(client_ms, 50),
                'client_ms': client_ms, 'missing': sum(r['missing'] for r in replies), 'by_instance_ms': by_instance}


def tables(results: list[dict[str, Any]]) -> str:
    lines = ['| instances | pages | last page on a p50/p95 ms | on b p50/p95 ms '
             '| cross-instance extra: p95 b - p95 a (per action b - a p50/p95) ms '
             '| first page p50 a/b ms | page p95 a/b ms | CPU ms per page per change (raw) | idle CPU % '
             '| RSS KiB per page | load 1-min |',
             '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |']
    for r in results:
        if 'error' in r:
            lines.append(f'| ? | {r["clients"]} | failed: {r["error"][:80]} | | | | | | | | |')
            continue
        last, page, first = r['last_page_ms'], r['page_p95_ms'], r['first_page_p50_ms']
        a, b = last.get('a', (float('nan'),) * 2), last.get('b')
        diff = r.get('extra_per_action_ms') or []
        extra = f'{fmt(b[1] - a[1])} ({fmt(percentile(diff, 50))}/{fmt(percentile(diff, 95))})' if b else 'n/a'
        lines.append(
            f'| {r["instances"]} ({r["via"]}) | {r["connected"]} | {fmt(a[0])}/{fmt(a[1])} '
            f'| {fmt(b[0]) + "/" + fmt(b[1]) if b else "n/a"} | {extra} '
            f'| {fmt(first.get("a"))}/{fmt(first.get("b"))} '
            f'| {fmt(page.get("a"))}/{fmt(page.get("b"))} | {fmt(r["cpu_ms_per_page_change"], 2)} '
            f'({fmt(r["cpu_ms_per_page_change_raw"], 2)}) | {fmt(r["idle_cpu_pct"], 1)} '
            f'| {fmt(r["rss_per_client_kib"])} | {r["load_before"]:.2f}→{r["load_after"]:.2f} |')
    return '\n'.join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--database-url', default=os.environ.get('FACILITATOR_TEST_DATABASE_URL', ''))
    parser.add_argument('--instances', type=int, choices=(1, 2), default=2)
    parser.add_argument('--via-nginx', action='store_true', help='pages connect through nginx (shipped config)')
    parser.add_argument('--nginx-workers', type=int, default=1)
    parser.add_argument('--clients', type=int, nargs='+', default=[100], help='page counts, fresh instances each')
    parser.add_argument('--actions', default=DEFAULT_ACTIONS)
    parser.add_argument('--idle', type=float, default=10.0)
    parser.add_argument('--settle', type=float, default=6.0)
    parser.add_argument('--gap', type=float, default=1.0)
    parser.add_argument('--action-timeout', type=float, default=30.0)
    parser.add_argument('--view-key', default='view')
    parser.add_argument('--version-key', default='agenda_version')
    add_server_options(parser, run_timeout=1800.0, workers=1, groups='industry', profile_help='not supported here')
    args = parser.parse_args()
    if not args.database_url.startswith(('postgresql', 'postgres:')):
        parser.error('--database-url (or FACILITATOR_TEST_DATABASE_URL) must name a PostgreSQL database')
    args.scenario = 'timer'
    name = f'scale-{args.instances}{"-nginx" if args.via_nginx else ""}'
    return run_and_report(args, ScaleRun, tables, name)


if __name__ == '__main__':
    sys.exit(main())
