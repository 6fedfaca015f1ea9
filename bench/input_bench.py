#!/usr/bin/env python
"""Breakout-room input benchmark: a vote storm and new posts, N room members' pages, one fresh server per N.

    .venv/bin/python bench/input_bench.py --clients 500 --workers 2                      # votes, then new posts
    .venv/bin/python bench/input_bench.py --clients 500 --workers 2 --scenario votes
    .venv/bin/python bench/input_bench.py --clients 500 --workers 2 --scenario post

Set-up, on a fresh server (`run.py` on 127.0.0.1, throw-away data directory), before any page connects: a session,
N + 1 participants joined through the API (one is a warm-up page, closed once the N pages are up), all of them in
the first breakout room, the rooms opened, and `--posts` posts written by a few participants (at most 4 each: the
app allows 5 per 30 s). Then the N personal links are opened as N browsers speaking NiceGUI's Socket.IO protocol
(`nicegui_client.py`, reused with `broadcast.py`'s worker processes); every page shows the room board, one `PostList`
element whose props carry the board as JSON strings: `snapshot` (the whole board: {seq, posts}) and `patch` (the
latest change: {seq, posts, gone}), each post with its `id` and `votes`. Each page records, per post, when it first
showed each count (from the page HTML and from every `update` message, which carries the element's full props). The
count shown is the post's `votes`, unless the page's count store has the post: the app pushes counts in one
`VoteCounts` element per page (`props.counts`, JSON {post id: [votes, by group]}), which post_list.js reads first.

Scenarios (`--scenario`, run in the order given on the same server and pages):

- `votes`: `--vote-rate` votes a second for `--vote-seconds` seconds (default 100/s for 10 s = 1,000 requests), each
  a distinct (participant, post) pair, through `POST /posts/{id}/vote` with the voter's own bearer token, sent at a
  steady pace whatever the answers take (each request has a timeout). Reports (a) socket drops, reconnects and
  reloads; (b) per vote, the time from just before its POST until every page shows that post with a count at least
  the one the vote's answer returned (p50/p95/max over the votes); (c) whether the final counts are exact on every
  page and in `GET /state`, and equal to the votes sent.
- `post`: `--new-posts` new posts, one every `--post-gap` s after the previous one arrived everywhere, each by a
  different room member; per post, the time from just before its POST until every page has the returned id in its
  board's snapshot or patch (and until the first page has it, which shows the server's fixed delays).

The app coalesces votes for a moment (facilitator/live.py) and pushes board diffs at most twice a second per session
(ui/input_hub.py), so part of the latency is by design: "first page" shows those fixed delays and the server's work
before it sends anything, "fan-out" the time from the first page to the last. Results name the app's commit.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import contextlib
import json
import math
import re
import sys
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

import aiohttp  # noqa: E402
from broadcast import (  # noqa: E402
    BenchError,
    CpuMeter,
    LagProbe,
    Run,
    Worker,
    add_server_options,
    all_stats,
    fmt,
    percentile,
    rss,
    run_and_report,
)
from nicegui_client import PageClient  # noqa: E402

POLL_S = 0.01


# ----------------------------------------------------------------------------------------------- client worker process

class Board:
    """What one page shows of the room board: per post, each count it showed and since when.

    A post shows its `votes` from the board's snapshot or latest patch, unless the page's count store has the post:
    pushes carry changed counts in one `VoteCounts` element per page (`props.counts`, a JSON string
    {post id: [votes, votes by group]}) that post_list.js reads first (vote_counts.js merges it into the store).
    """

    __slots__ = ('card_votes', 'element_post', 'gone', 'log', 'seen', 'store')

    def __init__(self) -> None:
        self.element_post: dict[str, str] = {}  # element id -> post id
        self.card_votes: dict[str, int] = {}  # post id -> its card's `votes` prop
        self.store: dict[str, int] = {}  # post id -> count in the page's store (window.__facilitatorCounts)
        self.log: dict[str, list[tuple[int, float]]] = {}  # post id -> [(count shown, since)], as received
        self.seen: dict[str, float] = {}  # post id -> first time the page had its card
        self.gone: dict[str, float] = {}  # post id -> time its card was deleted

    def votes(self, post_id: str) -> int | None:
        entries = self.log.get(post_id)
        return entries[-1][0] if entries else None

    def reload(self) -> None:
        """A reloaded page numbers its elements anew and starts with an empty store."""
        self.element_post.clear()
        self.store.clear()

    def shown(self, post_id: str) -> int | None:
        return self.store.get(post_id, self.card_votes.get(post_id))

    def note(self, post_id: str, now: float) -> None:
        count = self.shown(post_id)
        if count is None:
            return
        entries = self.log.setdefault(post_id, [])
        if not entries or entries[-1][0] != count:
            entries.append((count, now))


def count_of(entry: Any) -> int | None:
    """A store entry: [votes, by group] (or a bare count)."""
    if isinstance(entry, list) and entry and isinstance(entry[0], int):
        return entry[0]
    return entry if isinstance(entry, int) and not isinstance(entry, bool) else None


class InputWorker(Worker):
    """`broadcast.Worker` whose pages also track the post cards, with commands to wait for and query them."""

    def make_page(self, url: str, timeout: float) -> PageClient:
        page = PageClient(url, view_key=self.opts['view_key'], version_key=self.opts['version_key'],
                          on_elements=self._on_elements, timeout=timeout)
        page.board = Board()  # type: ignore[attr-defined]
        return page

    @staticmethod
    def _on_elements(page: PageClient, elements: dict[str, Any], now: float, from_html: bool) -> None:
        board: Board = page.board  # type: ignore[attr-defined]
        if from_html:
            board.reload()
        touched: set[str] = set()
        for element_id, element in elements.items():
            if element is None:  # deleted
                post_id = board.element_post.pop(element_id, None)
                if post_id is not None:
                    board.gone[post_id] = now
                continue
            if not isinstance(element, dict):
                continue
            props = element.get('props')
            if not isinstance(props, dict):
                continue
            if props.get('source') and from_html:  # a public board: the browser fetches it (post_list.js)
                asyncio.get_running_loop().create_task(InputWorker._fetch_board(page, props['source']))
            if 'snapshot' in props and 'patch' in props:  # a board (PostList): the whole board, or its latest patch
                for key in ('snapshot', 'patch'):
                    body = props.get(key)
                    try:
                        data = json.loads(body) if isinstance(body, str) and body else None
                    except ValueError:
                        continue
                    if not isinstance(data, dict):
                        continue
                    for post in data.get('posts') or []:
                        post_id, votes = post.get('id'), post.get('votes')
                        if isinstance(post_id, str) and isinstance(votes, int):
                            board.seen.setdefault(post_id, now)
                            board.card_votes[post_id] = votes
                            touched.add(post_id)
                    for post_id in data.get('gone') or []:
                        board.gone.setdefault(post_id, now)
            elif isinstance(props.get('counts'), str) and props['counts']:  # the page's VoteCounts element
                try:
                    counts = json.loads(props['counts'])
                except ValueError:
                    continue
                if isinstance(counts, dict):
                    for post_id, entry in counts.items():
                        count = count_of(entry)
                        if count is not None:
                            board.store[post_id] = count
                            touched.add(post_id)
        for post_id in touched:
            board.note(post_id, now)

    @staticmethod
    async def _fetch_board(page: PageClient, source: str) -> None:
        """What post_list.js does for a public board: GET the shared board, then show it like a snapshot."""
        with contextlib.suppress(Exception):
            body = await page.get_text(source)
            InputWorker._on_elements(page, {'fetched-board': {'props': {'snapshot': body, 'patch': ''}}},
                                     time.monotonic(), False)

    def boards(self) -> list[tuple[PageClient, Board]]:
        return [(p, p.board) for p in self.pages]  # type: ignore[attr-defined]

    async def command(self, op: str, args: tuple) -> dict[str, Any]:
        if op == 'counts':
            return self._counts(*args)
        if op == 'wait_counts':
            return await self._wait_counts(*args)
        if op == 'vote_times':
            return self._vote_times(*args)
        if op == 'wait_post':
            return await self._wait_post(*args)
        return await super().command(op, args)

    def _counts(self, post_ids: list[str]) -> dict[str, Any]:
        """Per post, how many pages show which count (None: the page has no such card)."""
        histogram: dict[str, dict[str, int]] = {pid: {} for pid in post_ids}
        for _page, board in self.boards():
            for pid in post_ids:
                key = str(board.votes(pid))
                histogram[pid][key] = histogram[pid].get(key, 0) + 1
        return {'pages': len(self.pages), 'alive': sum(p.alive for p in self.pages), 'histogram': histogram}

    async def _wait_counts(self, targets: dict[str, int], timeout: float) -> dict[str, Any]:
        """Wait until every live page shows exactly `targets` (post id -> count)."""
        start = time.monotonic()

        def behind() -> list[PageClient]:
            return [p for p, b in self.boards() if p.alive and any(b.votes(pid) != n for pid, n in targets.items())]

        pending = behind()
        while pending and time.monotonic() - start < timeout:
            await asyncio.sleep(0.05)
            pending = behind()
        exact = sum(all(b.votes(pid) == n for pid, n in targets.items()) for _p, b in self.boards())
        return {'pending': len(pending), 'exact': exact, 'seconds': time.monotonic() - start}

    def _vote_times(self, votes: list[tuple[str, int]]) -> dict[str, Any]:
        """Per vote (post id, count after it), the first and last time a page showed at least that count, the
        median over the pages, and how many pages never did."""
        index: list[dict[str, tuple[list[int], list[float]]]] = []
        for _page, board in self.boards():
            per_post = {}
            for pid, entries in board.log.items():
                counts, times, top = [], [], -1
                for votes_shown, t in entries:
                    if votes_shown > top:  # running maximum: "at least" is then a bisection
                        top = votes_shown
                        counts.append(votes_shown)
                        times.append(t)
                per_post[pid] = (counts, times)
            index.append(per_post)
        out = []
        for pid, count in votes:
            times_seen: list[float] = []
            for per_post in index:
                counts, times = per_post.get(pid, ((), ()))
                i = bisect.bisect_left(counts, count)
                if i < len(counts):
                    times_seen.append(times[i])
            missing = len(index) - len(times_seen)
            if times_seen:
                out.append((min(times_seen), percentile(times_seen, 50), max(times_seen), missing))
            else:
                out.append((None, None, None, missing))
        return {'votes': out}

    async def _wait_post(self, post_id: str, timeout: float) -> dict[str, Any]:
        """Wait until every live page has a card for `post_id`; the times it arrived, and the pages without it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if all(post_id in b.seen for p, b in self.boards() if p.alive):
                break
            await asyncio.sleep(POLL_S)
        times = [b.seen[post_id] for _p, b in self.boards() if post_id in b.seen]
        return {'times': times, 'missing': len(self.pages) - len(times)}


# ------------------------------------------------------------------------------------------------------- main process

class InputRun(Run):
    worker_class = InputWorker

    def __init__(self, n: int, args: argparse.Namespace) -> None:
        super().__init__(n, args)
        self.result['scenario'] = '+'.join(args.scenario)
        self.room_id = ''
        self.post_ids: list[str] = []
        self.next_author = 1

    async def set_up(self) -> None:
        """Inside `self.http`: a fresh server, the participants in the first room, exactly N room pages connected."""
        await self.start_server()
        urls = await self.join_participants()
        await self.setup_room()
        await self.connect_pages(urls)
        if self.warmup is not None:  # exactly N room pages from here on
            await self.warmup.close()
            self.warmup = None
            await self.quiesce()

    async def execute(self) -> dict[str, Any]:
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as self.http:
                await self.set_up()
                stats = await all_stats(self.workers)
                self.result['drops_connecting'] = stats['disconnects']
                for scenario in self.args.scenario:
                    self.server.check_alive()
                    if scenario == 'votes':
                        await self.vote_storm()
                    elif scenario == 'post':
                        await self.new_posts()
                self.server.check_alive()
                stats = await all_stats(self.workers)
                self.result.update(disconnects=stats['disconnects'], reconnects=stats['reconnects'],
                                   reloads=stats['reloads'], dead=stats['pages'] - stats['alive'],
                                   drop_reasons=stats['drop_reasons'], rss_end_mib=rss(self.server.ps) / 2**20)
        finally:
            self.result['server_log'] = self.server_log_issues()
            await asyncio.gather(*(w.close() for w in self.workers), return_exceptions=True)
            if self.warmup is not None:
                await self.warmup.close()
            self.server.stop()
            self.note_app_change()
        return self.result

    def server_log_issues(self, limit: int = 12) -> dict[str, Any]:
        """Errors, warnings and tracebacks in the server's log, counted, with the first few lines."""
        with contextlib.suppress(OSError):
            lines = self.server.log_path.read_text(errors='replace').splitlines()
            pattern = re.compile(r'Traceback|ERROR|Error|WARNING|Exception|exceeded|timed out', re.I)
            hits = [line for line in lines if pattern.search(line)]
            return {'lines': len(lines), 'issues': len(hits), 'first': hits[:limit]}
        return {'lines': 0, 'issues': 0, 'first': []}

    # set-up -----------------------------------------------------------------------------------------------------

    async def setup_room(self) -> None:
        """Everyone into the first room, rooms open, `--posts` posts by a few participants."""
        state = await self.api('GET', f'/api/sessions/{self.code}/state', expect=(200,))
        if not state.get('rooms'):
            raise BenchError(f'template {self.args.template!r} has no breakout rooms')
        self.room_id = state['rooms'][0]['id']
        semaphore = asyncio.Semaphore(8)

        async def enter(token: str) -> None:
            async with semaphore:
                await self.api('POST', f'/api/sessions/{self.code}/rooms/{self.room_id}/join', expect=(200,),
                               token=token)

        await asyncio.gather(*(enter(t) for t in self.tokens))
        await self.api('POST', f'/api/sessions/{self.code}/control', expect=(200,), token=self.moderator_key,
                       body={'action': 'open_rooms', 'minutes': 30})
        authors = self.tokens[1:] + await self.extra_authors(math.ceil(self.args.posts / 4) + 1 - len(self.tokens))
        for i in range(self.args.posts):
            author = i // 4  # 4 posts each, under the limit of 5 per 30 s
            post = await self.api('POST', f'/api/sessions/{self.code}/rooms/{self.room_id}/posts', expect=(201,),
                                  token=authors[author],
                                  body={'text': f'Solution {i + 1}: an idea from participant P{author + 1}.',
                                        'kind': 'solution'})
            self.post_ids.append(post['id'])
        self.next_author = 1 + math.ceil(self.args.posts / 4) % self.n  # a page whose author posted longest ago
        state = await self.api('GET', f'/api/sessions/{self.code}/state', expect=(200,))
        room = state['rooms'][0]
        self.log(f'room {room["topic"][:40]!r}: {room["participant_count"]} members, {len(room["posts"])} posts, '
                 f'rooms {room["state"]}')
        self.result['room_members'] = room['participant_count']

    async def extra_authors(self, count: int) -> list[str]:
        """More room members who only write posts (no page): a large board needs more authors than pages."""
        tokens = []
        for i in range(max(0, count)):
            joined = await self.api('POST', f'/api/sessions/{self.code}/participants', expect=(200, 201),
                                    body={'name': f'Author {i}', 'group': 'academia'})
            await self.api('POST', f'/api/sessions/{self.code}/rooms/{self.room_id}/join', expect=(200,),
                           token=joined['token'])
            tokens.append(joined['token'])
        return tokens

    async def room_counts(self) -> dict[str, int]:
        state = await self.api('GET', f'/api/sessions/{self.code}/state', expect=(200,))
        room = next(r for r in state['rooms'] if r['id'] == self.room_id)
        return {p['id']: p['votes'] for p in room['posts']}

    async def steady_counts(self, timeout: float, quiet: float = 3.0) -> dict[str, int]:
        """GET /state until the room's counts have not moved for `quiet` s (bounded by `timeout`)."""
        deadline = time.monotonic() + timeout
        counts = await self.room_counts()
        since = time.monotonic()
        while time.monotonic() < deadline and time.monotonic() - since < quiet:
            await asyncio.sleep(0.5)
            now = await self.room_counts()
            if now != counts:
                counts, since = now, time.monotonic()
        return counts

    async def counts_on_pages(self, post_ids: list[str]) -> dict[str, dict[str, int]]:
        replies = await asyncio.gather(*(w.call(('counts', post_ids), 60) for w in self.workers))
        merged: dict[str, dict[str, int]] = {pid: {} for pid in post_ids}
        for r in replies:
            for pid, hist in r['histogram'].items():
                for key, n in hist.items():
                    merged[pid][key] = merged[pid].get(key, 0) + n
        return merged

    # votes ------------------------------------------------------------------------------------------------------

    def vote_plan(self) -> list[tuple[int, str]]:
        """(voter index into self.tokens, post id): distinct pairs, consecutive votes on different posts."""
        total = round(self.args.vote_rate * self.args.vote_seconds)
        posts, voters = self.post_ids, self.n
        if total > voters * len(posts):
            raise BenchError(f'{total} distinct votes need more than {voters} voters x {len(posts)} posts')
        plan = []
        for k in range(total):
            voter, round_ = k % voters, k // voters
            plan.append((1 + voter, posts[(voter + round_) % len(posts)]))
        return plan

    async def vote_storm(self) -> None:
        args, result = self.args, self.result
        plan = self.vote_plan()
        self.log(f'vote storm: {len(plan)} votes at {args.vote_rate:.0f}/s on {len(self.post_ids)} posts '
                 f'by {min(self.n, len(plan))} voters')
        stats_0 = await all_stats(self.workers)
        before = await self.room_counts()
        cpu = CpuMeter(self)
        self.server.next_profile_phase()
        await cpu.start()
        with LagProbe(self) as probe:
            start = time.monotonic() + 0.2
            sent = await self.send_votes(plan, start)
            self.server.next_profile_phase()
            # the server may still work through requests whose client gave up: wait for GET /state to be steady,
            # then for every page to show those counts
            final = await self.steady_counts(args.settle_timeout)
            waits = await asyncio.gather(*(w.call(('wait_counts', final, args.settle_timeout),
                                                  args.settle_timeout + 30) for w in self.workers))
            settled_s = time.monotonic() - start
            final_again = await self.room_counts()
        server_pct, bench_pct, other_pct = await cpu.stop()
        self.server.next_profile_phase()
        moved = final_again != final
        if moved:
            self.log(f'WARNING: GET /state still moved after the pages settled: {sum(final.values())} -> '
                     f'{sum(final_again.values())} votes')
            final = final_again
            waits = await asyncio.gather(*(w.call(('wait_counts', final, 0.0), 30) for w in self.workers))
        votes = self.summarize_sending(sent, start)
        votes.update(await self.vote_latencies([e for e in sent if 'votes' in e]))

        # (c) final counts: GET /state, the votes sent, every page
        expected = dict(before)
        for e in sent:
            expected[e['post']] = expected.get(e['post'], 0) + 1
        pages = await self.counts_on_pages(self.post_ids)
        stats_1 = await all_stats(self.workers)
        wrong_pages = {pid: {k: v for k, v in hist.items() if k != str(final.get(pid))} for pid, hist in pages.items()}
        votes.update({
            'settled_s': settled_s, 'pages_behind_after_settle': sum(w['pending'] for w in waits),
            'state_total': sum(final.values()), 'expected_total': sum(expected.values()),
            'ok_total': sum(before.values()) + votes['ok'],
            'state_vs_sent': {pid: (final.get(pid), n) for pid, n in expected.items() if final.get(pid) != n},
            'pages_wrong': {pid: hist for pid, hist in wrong_pages.items() if hist},
            'pages_exact': sum(w['exact'] for w in waits),
            'updates_per_page': (stats_1['updates'] - stats_0['updates']) / max(1, stats_1['pages']),
            'drops': stats_1['disconnects'] - stats_0['disconnects'],
            'reconnects': stats_1['reconnects'] - stats_0['reconnects'],
            'reloads': stats_1['reloads'] - stats_0['reloads'],
            'drop_reasons': {k: v - stats_0['drop_reasons'].get(k, 0) for k, v in stats_1['drop_reasons'].items()
                             if v != stats_0['drop_reasons'].get(k, 0)},
            'alive': stats_1['alive'], 'pages': stats_1['pages'],
            'health_p50_ms': probe.summary()['p50'], 'health_max_ms': probe.summary()['max'],
            'cpu_server_pct': server_pct, 'cpu_bench_pct': bench_pct, 'cpu_other_pct': other_pct,
        })
        if votes['pages_exact'] < stats_1['pages'] or stats_1['connected'] < stats_1['pages']:
            # some pages are behind or still reconnecting: give them the time browsers would get, then look again
            self.log(f'{stats_1["pages"] - votes["pages_exact"]} pages not exact, {stats_1["connected"]} of '
                     f'{stats_1["pages"]} connected: waiting for the pages to recover')
            await self.quiesce()
            final = await self.room_counts()
            waits = await asyncio.gather(*(w.call(('wait_counts', final, args.settle_timeout),
                                                  args.settle_timeout + 30) for w in self.workers))
            stats_2 = await all_stats(self.workers)
            votes.update(recovered_s=time.monotonic() - start, pages_exact_recovered=sum(w['exact'] for w in waits),
                         connected_recovered=stats_2['connected'], state_total_recovered=sum(final.values()))
            self.log(f'after {votes["recovered_s"]:.0f} s: {votes["pages_exact_recovered"]}/{stats_2["pages"]} pages '
                     f'exact, {stats_2["connected"]} connected, GET /state {sum(final.values())} votes')
        result['votes'] = votes
        self.log(f'votes: every page p50 {votes["p50_ms"]:.0f} ms, p95 {votes["p95_ms"]:.0f} ms, max '
                 f'{votes["max_ms"]:.0f} ms (first page p50 {votes["first_page_p50_ms"]:.0f} ms); '
                 f'{votes["missing_page_votes"]} (vote, page) pairs never shown; '
                 f'{votes["updates_per_page"]:.1f} updates per page')
        self.log(f'final counts: GET /state {votes["state_total"]} votes, sent {votes["expected_total"]} '
                 f'(answered 200: {votes["ok_total"]}); mismatching posts: {votes["state_vs_sent"] or "none"}; '
                 f'pages exact on every post: {votes["pages_exact"]}/{stats_1["pages"]}; '
                 f'wrong: {votes["pages_wrong"] or "none"}')
        self.log(f'sockets during the storm: {votes["drops"]} drops {votes["drop_reasons"] or ""}, '
                 f'{votes["reconnects"]} reconnects, {votes["reloads"]} reloads, '
                 f'{stats_1["pages"] - stats_1["alive"]} pages lost; '
                 f'/api/health p50 {votes["health_p50_ms"]:.0f} ms, max {votes["health_max_ms"]:.0f} ms; CPU % '
                 f'server {server_pct:.0f}, bench {bench_pct:.0f}, other {other_pct:.0f}')

    async def send_votes(self, plan: list[tuple[int, str]], start: float) -> list[dict[str, Any]]:
        """Vote k leaves at start + k / rate, whatever earlier answers take; each request has a timeout."""
        args = self.args
        sent: list[dict[str, Any]] = [{} for _ in plan]
        # like N browsers: each voter could have its own connection, so a slow server sees every request at once
        # rather than a queue held back in the bench (which would also spend the requests' timeouts here)
        connector = aiohttp.TCPConnector(limit=args.vote_connections or self.n)
        timeout = aiohttp.ClientTimeout(total=args.request_timeout)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:

            async def vote(k: int, voter: int, post_id: str) -> None:
                planned = start + k / args.vote_rate
                await asyncio.sleep(max(0.0, planned - time.monotonic()))
                entry = sent[k]
                entry.update(post=post_id, t0=time.monotonic())
                entry['lag'] = entry['t0'] - planned
                try:
                    async with http.post(f'{self.server.base}/api/sessions/{self.code}/posts/{post_id}/vote',
                                         headers={'Authorization': f'Bearer {self.tokens[voter]}'}) as response:
                        text = await response.text()
                        entry['status'] = response.status
                        if response.status == 200:
                            entry['votes'] = json.loads(text)['votes']
                        else:
                            entry['error'] = f'{response.status}: {text[:200]}'
                except (TimeoutError, aiohttp.ClientError, OSError, ValueError) as e:
                    entry['error'] = f'{type(e).__name__}: {e}'[:200]
                entry['t1'] = time.monotonic()

            await asyncio.wait_for(asyncio.gather(*(vote(k, v, p) for k, (v, p) in enumerate(plan))),
                                   len(plan) / args.vote_rate + args.request_timeout + 30)
        return sent

    def summarize_sending(self, sent: list[dict[str, Any]], start: float) -> dict[str, Any]:
        ok = [e for e in sent if 'votes' in e]
        errors: dict[str, int] = {}
        for e in sent:
            if 'votes' not in e:
                key = e.get('error', '?')[:120]
                errors[key] = errors.get(key, 0) + 1
        answer_ms = [(e['t1'] - e['t0']) * 1000 for e in ok]
        summary = {
            'sent': len(sent), 'ok': len(ok), 'failed': len(sent) - len(ok), 'errors': errors,
            'send_s': max(e['t0'] for e in sent) - start, 'all_answered_s': max(e['t1'] for e in sent) - start,
            'pace_lag_max_ms': max(e['lag'] for e in sent) * 1000,
            'answer_p50_ms': percentile(answer_ms, 50), 'answer_p95_ms': percentile(answer_ms, 95),
            'answer_max_ms': max(answer_ms, default=math.nan),
        }
        self.log(f'sent {len(sent)} votes in {summary["send_s"]:.2f} s (pace lag max {summary["pace_lag_max_ms"]:.0f} '
                 f'ms), {len(ok)} answered 200, {summary["failed"]} failed {errors or ""}; all answered after '
                 f'{summary["all_answered_s"]:.2f} s; answer p50 {summary["answer_p50_ms"]:.0f} ms, p95 '
                 f'{summary["answer_p95_ms"]:.0f} ms, max {summary["answer_max_ms"]:.0f} ms')
        return summary

    async def vote_latencies(self, ok: list[dict[str, Any]]) -> dict[str, Any]:
        """(b) per vote: from just before its POST until every page shows at least the count its answer returned."""
        replies = await asyncio.gather(*(w.call(('vote_times', [(e['post'], e['votes']) for e in ok]), 120)
                                         for w in self.workers))
        all_ms, first_ms, page_p50_ms, missing = [], [], [], 0
        for i, e in enumerate(ok):
            per_worker = [r['votes'][i] for r in replies]  # (first, median, last, pages missing) per worker
            unseen = sum(m for *_t, m in per_worker)
            missing += unseen
            lasts = [last for _first, _median, last, _m in per_worker if last is not None]
            firsts = [first for first, _median, _last, _m in per_worker if first is not None]
            medians = [median for _first, median, _last, _m in per_worker if median is not None]
            all_ms.append(math.inf if unseen or not lasts else (max(lasts) - e['t0']) * 1000)
            if firsts:
                first_ms.append((min(firsts) - e['t0']) * 1000)
            if medians:
                page_p50_ms.append((percentile(medians, 50) - e['t0']) * 1000)
        return {
            'p50_ms': percentile(all_ms, 50), 'p95_ms': percentile(all_ms, 95), 'max_ms': max(all_ms, default=math.nan),
            'first_page_p50_ms': percentile(first_ms, 50), 'first_page_p95_ms': percentile(first_ms, 95),
            'page_p50_ms': percentile(page_p50_ms, 50), 'missing_page_votes': missing,
        }

    # new posts --------------------------------------------------------------------------------------------------

    async def new_posts(self) -> None:
        args, result = self.args, self.result
        entries = []
        stats_0 = await all_stats(self.workers)
        cpu = CpuMeter(self)
        self.server.next_profile_phase()
        await cpu.start()
        for i in range(args.new_posts):
            await asyncio.sleep(args.post_gap)
            author = self.next_author
            self.next_author = 1 + self.next_author % self.n
            t0 = time.monotonic()
            try:
                post = await self.api('POST', f'/api/sessions/{self.code}/rooms/{self.room_id}/posts', expect=(201,),
                                      token=self.tokens[author],
                                      body={'text': f'New post {i + 1} from P{author}: a fresh idea.',
                                            'kind': 'solution'})
            except (TimeoutError, BenchError, aiohttp.ClientError, ValueError) as e:
                entries.append({'error': str(e)[:200]})
                self.log(f'post {i + 1} failed: {e}')
                continue
            post_ms = (time.monotonic() - t0) * 1000
            self.post_ids.append(post['id'])
            replies = await asyncio.gather(*(w.call(('wait_post', post['id'], args.action_timeout),
                                                    args.action_timeout + 30) for w in self.workers))
            times = [t for r in replies for t in r['times']]
            lost = sum(r['missing'] for r in replies)
            entry = {
                'post': post['id'], 'post_ms': post_ms, 'missing': lost,
                'all_ms': math.inf if lost or not times else (max(times) - t0) * 1000,
                'first_ms': (min(times) - t0) * 1000 if times else math.nan,
                'p50_ms': percentile([(t - t0) * 1000 for t in times], 50),
            }
            entries.append(entry)
            self.log(f'post {i + 1}: all pages in {entry["all_ms"]:6.0f} ms (first page {entry["first_ms"]:4.0f} ms, '
                     f'page p50 {entry["p50_ms"]:4.0f} ms, POST {post_ms:4.0f} ms, missing {lost})')
        server_pct, bench_pct, other_pct = await cpu.stop()
        self.server.next_profile_phase()
        stats_1 = await all_stats(self.workers)
        good = [e for e in entries if 'error' not in e]
        all_ms = [e['all_ms'] for e in good]
        result['posts'] = {
            'n': len(entries), 'failed': len(entries) - len(good), 'entries': entries,
            'p50_ms': percentile(all_ms, 50), 'p95_ms': percentile(all_ms, 95), 'max_ms': max(all_ms, default=math.nan),
            'first_p50_ms': percentile([e['first_ms'] for e in good], 50),
            'first_max_ms': max((e['first_ms'] for e in good), default=math.nan),
            'spread_p50_ms': percentile([e['all_ms'] - e['first_ms'] for e in good], 50),
            'post_p50_ms': percentile([e['post_ms'] for e in good], 50),
            'missing': sum(e['missing'] for e in good),
            'drops': stats_1['disconnects'] - stats_0['disconnects'],
            'reloads': stats_1['reloads'] - stats_0['reloads'],
            'cpu_server_pct': server_pct, 'cpu_bench_pct': bench_pct, 'cpu_other_pct': other_pct,
        }
        p = result['posts']
        self.log(f'new posts: every page p50 {p["p50_ms"]:.0f} ms, p95 {p["p95_ms"]:.0f} ms, max {p["max_ms"]:.0f} ms; '
                 f'first page p50 {p["first_p50_ms"]:.0f} ms; fan-out (first to last page) p50 '
                 f'{p["spread_p50_ms"]:.0f} ms')


# ------------------------------------------------------------------------------------------------------------- output

def tables(results: list[dict[str, Any]]) -> str:
    lines = []
    for r in results:
        if 'error' in r:
            lines += [f'N={r["clients"]}: failed: {r["error"][:200]}', '']
    votes = [r for r in results if 'votes' in r]
    if votes:
        lines += [
            'Vote storm (per vote: from just before its POST until every page shows at least the count it returned)',
            '',
            '| pages | votes sent/ok | send s | p50 ms | p95 ms | max ms | first page p50 ms | answer p50/p95/max ms '
            '| final: state / sent / pages exact | drops/reconnects/reloads | updates per page '
            '| health max ms | CPU % server/bench/other |',
            '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        ]
        for r in votes:
            v = r['votes']
            max_cell = fmt(v['max_ms']) + (f' ({v["missing_page_votes"]} unseen)' if v['missing_page_votes'] else '')
            lines.append(
                f'| {r["clients"]} | {v["sent"]}/{v["ok"]} | {fmt(v["send_s"], 2)} | {fmt(v["p50_ms"])} '
                f'| {fmt(v["p95_ms"])} | {max_cell} | {fmt(v["first_page_p50_ms"])} '
                f'| {fmt(v["answer_p50_ms"])}/{fmt(v["answer_p95_ms"])}/{fmt(v["answer_max_ms"])} '
                f'| {v["state_total"]} / {v["expected_total"]} / {v["pages_exact"]} of {v["pages"]}'
                + (f' ({v["pages_exact_recovered"]} after {fmt(v["recovered_s"])} s)' if 'recovered_s' in v else '')
                + ' '
                f'| {v["drops"]}/{v["reconnects"]}/{v["reloads"]} | {fmt(v["updates_per_page"], 1)} '
                f'| {fmt(v["health_max_ms"])} '
                f'| {fmt(v["cpu_server_pct"])}/{fmt(v["cpu_bench_pct"])}/{fmt(v["cpu_other_pct"])} |')
        lines.append('')
    posts = [r for r in results if 'posts' in r]
    if posts:
        lines += [
            'New posts (from just before the POST until every page has the new card)',
            '',
            '| pages | posts | p50 ms | p95 ms | max ms | first page p50/max ms | fan-out p50 ms | POST p50 ms '
            '| drops/reloads | CPU % server/bench/other |',
            '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        ]
        for r in posts:
            p = r['posts']
            max_cell = fmt(p['max_ms']) + (f' ({p["missing"]} missing)' if p['missing'] else '')
            lines.append(
                f'| {r["clients"]} | {p["n"] - p["failed"]}/{p["n"]} | {fmt(p["p50_ms"])} | {fmt(p["p95_ms"])} '
                f'| {max_cell} | {fmt(p["first_p50_ms"])}/{fmt(p["first_max_ms"])} | {fmt(p["spread_p50_ms"])} '
                f'| {fmt(p["post_p50_ms"])} | {p["drops"]}/{p["reloads"]} '
                f'| {fmt(p["cpu_server_pct"])}/{fmt(p["cpu_bench_pct"])}/{fmt(p["cpu_other_pct"])} |')
        for r in posts:
            lines += ['', f'Per post, {r["clients"]} pages:', '',
                      '| # | all pages ms | first page ms | page p50 ms | POST ms | missing |',
                      '| ---: | ---: | ---: | ---: | ---: | ---: |']
            for i, e in enumerate(r['posts']['entries'], start=1):
                if 'error' in e:
                    lines.append(f'| {i} | failed: {e["error"][:60]} | | | | |')
                else:
                    lines.append(f'| {i} | {fmt(e["all_ms"])} | {fmt(e["first_ms"])} | {fmt(e["p50_ms"])} '
                                 f'| {fmt(e["post_ms"])} | {e["missing"]} |')
        lines.append('')
    for r in results:
        if 'error' in r:
            continue
        lines.append(f'N={r["clients"]}: app {r.get("app")}; {r.get("connected")} pages connected '
                     f'({r.get("failed")} failed), '
                     f'{r.get("room_members")} room members, connect {fmt(r.get("connect_s"), 1)} s, '
                     f'RSS {fmt(r.get("rss_before_mib"), 1)}→{fmt(r.get("rss_after_mib"), 1)} MiB '
                     f'(end {fmt(r.get("rss_end_mib"), 1)}); whole run: {r.get("disconnects")} socket drops, '
                     f'{r.get("reconnects")} reconnects, {r.get("reloads")} reloads, {r.get("dead")} pages lost')
        log_info = r.get('server_log', {})
        lines.append(f'N={r["clients"]}: server log {log_info.get("lines")} lines, {log_info.get("issues")} '
                     'error/warning lines' + (':' if log_info.get('first') else ''))
        lines += [f'    {line[:200]}' for line in log_info.get('first', [])]
    return '\n'.join(lines)


def build_parser(description: str | None = __doc__) -> argparse.ArgumentParser:
    """The options of this benchmark (bench/pg_vote_storm.py adds its own)."""
    parser = argparse.ArgumentParser(description=description,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--clients', type=int, nargs='+', default=[500],
                        help='room members with a page open, one fresh server each (default: 500)')
    parser.add_argument('--scenario', nargs='+', choices=('votes', 'post'), default=['votes', 'post'],
                        help='what to measure, in this order, on the same server (default: votes post)')
    parser.add_argument('--posts', type=int, default=20, help='posts on the board before the pages connect')
    parser.add_argument('--vote-rate', type=float, default=100.0, help='votes per second (default: 100)')
    parser.add_argument('--vote-seconds', type=float, default=10.0, help='length of the storm (default: 10)')
    parser.add_argument('--vote-connections', type=int, default=0,
                        help='most HTTP connections the vote sender keeps open (default 0: one per page, as N '
                             'browsers would)')
    parser.add_argument('--request-timeout', type=float, default=10.0, help='timeout of each vote request (s)')
    parser.add_argument('--settle-timeout', type=float, default=30.0,
                        help='max wait after the storm for every page to show the final counts (s)')
    parser.add_argument('--new-posts', type=int, default=10, help='new posts to measure (default: 10)')
    parser.add_argument('--post-gap', type=float, default=1.0,
                        help='pause between one post reaching every page and the next post (s)')
    parser.add_argument('--action-timeout', type=float, default=30.0, help='max wait for one post to arrive (s)')
    parser.add_argument('--settle', type=float, default=6.0, help='quiet time required after connecting (s)')
    add_server_options(parser, run_timeout=1200.0, workers=2, groups='industry,government,civil_society',
                       profile_help="sample the server's event-loop thread; one profile per phase (connect, votes, "
                                    'votes-settle, after-votes, posts, after-posts) goes to bench/results/')
    return parser


def checked_args(parser: argparse.ArgumentParser) -> argparse.Namespace:
    args = parser.parse_args()
    args.profile_phases = 'connect,' + ','.join(
        {'votes': 'votes,votes-settle,after-votes', 'post': 'posts,after-posts'}[name] for name in args.scenario)
    args.view_key, args.version_key = 'view', 'agenda_version'
    if args.workers < 1 or any(n < 1 for n in args.clients) or args.posts < 1:
        parser.error('--workers, --clients and --posts must be positive')
    return args


def main() -> int:
    args = checked_args(build_parser())
    return run_and_report(args, InputRun, tables, f'input-{"-".join(args.scenario)}')


if __name__ == '__main__':
    sys.exit(main())
