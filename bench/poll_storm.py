#!/usr/bin/env python
"""Poll storm: N participant pages answer one live poll within `--answer-seconds`, one fresh server per N.

    .venv/bin/python bench/poll_storm.py --clients 500 --workers 2

Set-up, on a fresh server (`run.py` on 127.0.0.1, throw-away data directory): a session, N + 1 participants joined
through the API (one is a warm-up page, closed once the N pages are up), a plenary choice poll with three options,
opened, its results shown (so every participant's page draws the bars as they move). Then the N personal links are
opened as N browsers speaking NiceGUI's Socket.IO protocol (`nicegui_client.py`, with `broadcast.py`'s worker
processes). Each page's live element carries one `view` prop (JSON); its `polls` entry holds the poll's `answers`
and `results` (counts per option). Each page records when it first showed each answer count.

The storm: every one of the N participants answers once, with their own bearer token, at a steady pace over
`--answer-seconds` (default 500 answers in 10 s), through `POST /polls/{id}/answer`. Answers are INPUT events: the
live feed coalesces them (facilitator/live.py, 200 ms) like votes, and a public page is pushed only when the polls on
show changed (ui/live_status.py `LiveHub.follow`), so a storm costs each page a few updates a second, not one per
answer.

Reports: (a) per answer, the time from just before its POST until every page shows at least as many answers as had
been answered when its answer came back (its rank by answer time: a close, slightly conservative stand-in for the
count it made, which the endpoint does not return), p50/p95/max; (b) whether every page's results equal
`GET /state`'s at the end and add up to the answers sent; (c) updates per page, socket drops, and CPU (server,
bench, other) over the storm. Results name the app's commit.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

import aiohttp  # noqa: E402
from broadcast import (  # noqa: E402
    CpuMeter,
    LagProbe,
    Worker,
    add_server_options,
    all_stats,
    fmt,
    percentile,
    rss,
    run_and_report,
)
from input_bench import InputRun  # noqa: E402
from nicegui_client import PageClient  # noqa: E402

OPTIONS = ['Safety by design', 'Age assurance', 'Digital literacy']


class PollBoard:
    """What one page shows of the poll: each answer count with the time it first showed it, and the latest counts."""

    __slots__ = ('counts', 'log')

    def __init__(self) -> None:
        self.log: list[tuple[int, float]] = []  # (answers shown, since), rising
        self.counts: list[int] | None = None


class PollWorker(Worker):
    def make_page(self, url: str, timeout: float) -> PageClient:
        page = PageClient(url, view_key=self.opts['view_key'], version_key=self.opts['version_key'],
                          on_elements=self._on_elements, timeout=timeout)
        page.poll = PollBoard()  # type: ignore[attr-defined]
        return page

    @staticmethod
    def _on_elements(page: PageClient, elements: dict[str, Any], now: float, _from_html: bool) -> None:
        board: PollBoard = page.poll  # type: ignore[attr-defined]
        for element in elements.values():
            props = element.get('props') if isinstance(element, dict) else None
            view = props.get('view') if isinstance(props, dict) else None
            if not isinstance(view, str) or '"polls"' not in view:
                continue
            try:
                polls = json.loads(view).get('polls') or []
            except ValueError:
                continue
            for poll in polls:
                answers, results = poll.get('answers'), poll.get('results')
                if not isinstance(answers, int):
                    continue
                if not board.log or answers > board.log[-1][0]:
                    board.log.append((answers, now))
                if isinstance(results, dict):
                    board.counts = [c.get('count') for c in results.get('counts') or []]

    def boards(self) -> list[tuple[PageClient, PollBoard]]:
        return [(p, p.poll) for p in self.pages]  # type: ignore[attr-defined]

    async def command(self, op: str, args: tuple) -> dict[str, Any]:
        if op == 'wait_poll':
            return await self._wait_poll(*args)
        if op == 'answer_times':
            return self._answer_times(*args)
        return await super().command(op, args)

    async def _wait_poll(self, answers: int, counts: list[int], timeout: float) -> dict[str, Any]:
        """Wait until every live page shows `answers` answers and exactly `counts`."""
        start = time.monotonic()

        def exact(board: PollBoard) -> bool:
            return bool(board.log) and board.log[-1][0] == answers and board.counts == counts

        while time.monotonic() - start < timeout and not all(exact(b) for p, b in self.boards() if p.alive):
            await asyncio.sleep(0.05)
        wrong: dict[str, int] = {}
        for _page, board in self.boards():
            if not exact(board):
                key = f'{board.log[-1][0] if board.log else None} answers, {board.counts}'
                wrong[key] = wrong.get(key, 0) + 1
        return {'exact': sum(exact(b) for _p, b in self.boards()), 'wrong': wrong,
                'seconds': time.monotonic() - start}

    def _answer_times(self, ranks: list[int]) -> dict[str, Any]:
        """Per rank, the time the last page (and the first) showed at least that many answers; pages that never did."""
        out = []
        logs = [([n for n, _t in b.log], [t for _n, t in b.log]) for _p, b in self.boards()]
        for rank in ranks:
            seen = []
            for counts, times in logs:
                i = bisect.bisect_left(counts, rank)
                if i < len(counts):
                    seen.append(times[i])
            out.append((min(seen) if seen else None, max(seen) if seen else None, len(logs) - len(seen)))
        return {'ranks': out}


class PollRun(InputRun):
    worker_class = PollWorker

    def __init__(self, n: int, args: argparse.Namespace) -> None:
        super().__init__(n, args)
        self.poll_id = ''

    async def set_up(self) -> None:
        await self.start_server()
        urls = await self.join_participants()
        await self.setup_poll()
        await self.connect_pages(urls)
        if self.warmup is not None:
            await self.warmup.close()
            self.warmup = None
            await self.quiesce()

    async def execute(self) -> dict[str, Any]:
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as self.http:
                await self.set_up()
                self.server.check_alive()
                await self.poll_storm()
                self.server.check_alive()
                stats = await all_stats(self.workers)
                self.result.update(disconnects=stats['disconnects'], reconnects=stats['reconnects'],
                                   reloads=stats['reloads'], dead=stats['pages'] - stats['alive'],
                                   rss_end_mib=rss(self.server.ps) / 2**20)
        finally:
            self.result['server_log'] = self.server_log_issues()
            await asyncio.gather(*(w.close() for w in self.workers), return_exceptions=True)
            if self.warmup is not None:
                await self.warmup.close()
            self.server.stop()
            self.note_app_change()
        return self.result

    async def setup_poll(self) -> None:
        poll = await self.api('POST', f'/api/sessions/{self.code}/polls', expect=(201,), token=self.moderator_key,
                              body={'question': 'Which comes first?', 'kind': 'choice', 'options': OPTIONS})
        self.poll_id = poll['id']
        for action in ('open_poll', 'show_poll_results'):
            await self.api('POST', f'/api/sessions/{self.code}/control', expect=(200,), token=self.moderator_key,
                           body={'action': action, 'poll_id': self.poll_id})
        self.log(f'poll {self.poll_id}: open, results shown')

    async def poll_state(self) -> tuple[int, list[int]]:
        state = await self.api('GET', f'/api/sessions/{self.code}/state', expect=(200,))
        poll = next(p for p in state['polls'] if p['id'] == self.poll_id)
        return poll['answers'], [c['count'] for c in poll['results']['counts']]

    async def poll_storm(self) -> None:
        args = self.args
        stats_0 = await all_stats(self.workers)
        cpu = CpuMeter(self)
        await cpu.start()
        with LagProbe(self) as probe:
            start = time.monotonic() + 0.2
            sent = await self.send_answers(start)
            answers, counts = await self.poll_state()
            waits = await asyncio.gather(*(w.call(('wait_poll', answers, counts, args.settle_timeout),
                                                  args.settle_timeout + 30) for w in self.workers))
            settled_s = time.monotonic() - start
        server_pct, bench_pct, other_pct = await cpu.stop()
        ok = sorted((e for e in sent if e.get('status') == 200), key=lambda e: e['t1'])
        replies = await asyncio.gather(*(w.call(('answer_times', list(range(1, len(ok) + 1))), 120)
                                         for w in self.workers))
        all_ms, first_ms, unseen = [], [], 0
        for i, entry in enumerate(ok):
            per_worker = [r['ranks'][i] for r in replies]
            missing = sum(m for _f, _l, m in per_worker)
            unseen += missing
            lasts = [last for _f, last, _m in per_worker if last is not None]
            firsts = [first for first, _l, _m in per_worker if first is not None]
            all_ms.append(math.inf if missing or not lasts else (max(lasts) - entry['t0']) * 1000)
            if firsts:
                first_ms.append((min(firsts) - entry['t0']) * 1000)
        stats_1 = await all_stats(self.workers)
        errors: dict[str, int] = {}
        for e in sent:
            if e.get('status') != 200:
                key = str(e.get('error', '?'))[:120]
                errors[key] = errors.get(key, 0) + 1
        wrong: dict[str, int] = {}
        for w in waits:
            for key, n in w['wrong'].items():
                wrong[key] = wrong.get(key, 0) + n
        result = {
            'sent': len(sent), 'ok': len(ok), 'errors': errors,
            'send_s': max(e['t0'] for e in sent) - start, 'settled_s': settled_s,
            'p50_ms': percentile(all_ms, 50), 'p95_ms': percentile(all_ms, 95), 'max_ms': max(all_ms, default=math.nan),
            'first_page_p50_ms': percentile(first_ms, 50), 'unseen': unseen,
            'answer_p95_ms': percentile([(e['t1'] - e['t0']) * 1000 for e in ok], 95),
            'state_answers': answers, 'state_counts': counts, 'counts_add_up': sum(counts) == answers == len(ok),
            'pages_exact': sum(w['exact'] for w in waits), 'pages': stats_1['pages'], 'pages_wrong': wrong,
            'updates_per_page': (stats_1['updates'] - stats_0['updates']) / max(1, stats_1['pages']),
            'drops': stats_1['disconnects'] - stats_0['disconnects'],
            'reloads': stats_1['reloads'] - stats_0['reloads'],
            'health_max_ms': probe.summary()['max'],
            'cpu_server_pct': server_pct, 'cpu_bench_pct': bench_pct, 'cpu_other_pct': other_pct,
        }
        self.result['poll'] = result
        self.log(f'{len(ok)}/{len(sent)} answers in {result["send_s"]:.2f} s {errors or ""}; every page p50 '
                 f'{result["p50_ms"]:.0f} ms, p95 {result["p95_ms"]:.0f} ms, max {result["max_ms"]:.0f} ms; '
                 f'pages exact {result["pages_exact"]}/{result["pages"]} {wrong or ""}; GET /state {answers} answers '
                 f'{counts}; {result["updates_per_page"]:.1f} updates per page; CPU % server {server_pct:.0f}, '
                 f'bench {bench_pct:.0f}, other {other_pct:.0f}')

    async def send_answers(self, start: float) -> list[dict[str, Any]]:
        """Participant k answers at start + k * seconds / N, whatever earlier answers take."""
        args = self.args
        sent: list[dict[str, Any]] = [{} for _ in range(self.n)]
        connector = aiohttp.TCPConnector(limit=self.n)
        timeout = aiohttp.ClientTimeout(total=args.request_timeout)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:

            async def answer(k: int) -> None:
                planned = start + k * args.answer_seconds / self.n
                await asyncio.sleep(max(0.0, planned - time.monotonic()))
                entry = sent[k]
                entry['t0'] = time.monotonic()
                try:
                    async with http.post(f'{self.server.base}/api/sessions/{self.code}/polls/{self.poll_id}/answer',
                                         json={'choices': [k % len(OPTIONS)]},
                                         headers={'Authorization': f'Bearer {self.tokens[1 + k]}'}) as response:
                        entry['status'] = response.status
                        if response.status != 200:
                            entry['error'] = f'{response.status}: {(await response.text())[:200]}'
                except (TimeoutError, aiohttp.ClientError, OSError) as e:
                    entry['error'] = f'{type(e).__name__}: {e}'[:200]
                entry['t1'] = time.monotonic()

            await asyncio.wait_for(asyncio.gather(*(answer(k) for k in range(self.n))),
                                   args.answer_seconds + args.request_timeout + 30)
        return sent


def tables(results: list[dict[str, Any]]) -> str:
    lines = ['Poll storm (per answer: from just before its POST until every page shows at least as many answers)', '',
             '| pages | answers sent/ok | send s | p50 ms | p95 ms | max ms | first page p50 ms | final: state / pages '
             'exact | updates per page | drops/reloads | CPU % server/bench/other |',
             '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |']
    for r in results:
        if 'error' in r:
            lines.append(f'N={r["clients"]}: failed: {r["error"][:200]}')
            continue
        p = r['poll']
        lines.append(
            f'| {r["clients"]} | {p["sent"]}/{p["ok"]} | {fmt(p["send_s"], 2)} | {fmt(p["p50_ms"])} '
            f'| {fmt(p["p95_ms"])} | {fmt(p["max_ms"])} | {fmt(p["first_page_p50_ms"])} '
            f'| {p["state_answers"]} {p["state_counts"]} / {p["pages_exact"]} of {p["pages"]} '
            f'| {fmt(p["updates_per_page"], 1)} | {p["drops"]}/{p["reloads"]} '
            f'| {fmt(p["cpu_server_pct"])}/{fmt(p["cpu_bench_pct"])}/{fmt(p["cpu_other_pct"])} |')
    for r in results:
        if 'error' not in r:
            lines += ['', f'N={r["clients"]}: app {r.get("app")}; {r.get("connected")} pages connected, '
                          f'connect {fmt(r.get("connect_s"), 1)} s; RSS {fmt(r.get("rss_after_mib"), 1)} MiB; '
                          f'server log {r["server_log"]["issues"]} error/warning lines']
    return '\n'.join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--clients', type=int, nargs='+', default=[500],
                        help='participants with a page open, each answering once (default: 500)')
    parser.add_argument('--answer-seconds', type=float, default=10.0, help='the storm lasts this long (default: 10)')
    parser.add_argument('--request-timeout', type=float, default=10.0, help='timeout of each answer request (s)')
    parser.add_argument('--settle-timeout', type=float, default=30.0,
                        help='max wait after the storm for every page to show the final results (s)')
    parser.add_argument('--settle', type=float, default=6.0, help='quiet time required after connecting (s)')
    add_server_options(parser, run_timeout=1200.0, workers=2, groups='industry,government,civil_society',
                       profile_help="sample the server's event-loop thread (connect, poll)")
    args = parser.parse_args()
    args.profile_phases = 'connect,poll'
    args.scenario = ['poll']
    args.view_key, args.version_key = 'view', 'agenda_version'
    if args.workers < 1 or any(n < 1 for n in args.clients):
        parser.error('--workers and --clients must be positive')
    return run_and_report(args, PollRun, tables, 'poll-storm')


if __name__ == '__main__':
    sys.exit(main())
