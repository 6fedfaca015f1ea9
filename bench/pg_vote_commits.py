#!/usr/bin/env python
"""Vote commits on PostgreSQL without the pages: the service's `cast_vote` called from a thread pool, as the API's
command pool does, so the database's share of a vote storm shows on its own (bench/pg_vote_storm.py measures the
whole app with 500 pages).

    PYTHONPATH=. .venv/bin/python bench/pg_vote_commits.py --database-url postgresql://u:pw@127.0.0.1/own_db
    PYTHONPATH=/tmp/base .venv/bin/python bench/pg_vote_commits.py ...     # another build of the app, e.g. before

The database's `public` schema is dropped and made again first: use a database of your own. One session, one room,
`--participants` members and `--posts` posts; then `--rate` votes a second for `--seconds` s (0: as fast as
`--threads` threads go), each a distinct (participant, post) pair. Reports each call's time (p50/p95/max: load,
checks, insert, version, commit), the votes a second, the process's CPU per vote, a snapshot build's time, and
whether the counts in the snapshot and the table are exact. A `sqlite:///` URL (a new file) runs the same on SQLite.
"""

import argparse
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
from sqlalchemy import func
from sqlmodel import Session, select

from db.engine import init_db, make_engine
from db.models import Vote
from facilitator.service import FacilitatorService

TOKEN = 'bench-organizer-token'


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else float('nan')


def reset(url: str) -> None:
    """An empty PostgreSQL database (a SQLite URL names a new file: nothing to do)."""
    if url.startswith('postgresql'):
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute('DROP SCHEMA IF EXISTS public CASCADE')
            connection.execute('CREATE SCHEMA public')


def build_times(service: FacilitatorService, code: str, n: int = 20) -> list[float]:
    """Milliseconds of `n` snapshot builds of the session (each from the database)."""
    times = []
    for _ in range(n):
        service.snapshots.forget(code)
        begin = time.perf_counter()
        service.snapshot(code)
        times.append((time.perf_counter() - begin) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--database-url', required=True)
    parser.add_argument('--participants', type=int, default=500)
    parser.add_argument('--posts', type=int, default=20)
    parser.add_argument('--threads', type=int, default=16, help="the API's command pool has 16")
    parser.add_argument('--rate', type=float, default=100.0, help='votes a second (0: as fast as possible)')
    parser.add_argument('--seconds', type=float, default=10.0)
    args = parser.parse_args()

    reset(args.database_url)
    engine = make_engine(args.database_url)
    init_db(engine)
    service = FacilitatorService(engine=engine, admin_token=TOKEN, public_url='http://bench')
    organizer = service.authenticate(None, TOKEN)
    issued = service.create_session(organizer, template='cop-industry-connect-2025-s2')
    moderator = service.authenticate(issued.code, issued.moderator_key)
    service.open_rooms(moderator, issued.code, 60)
    room = service.state(issued.code).rooms[0].id
    people = []
    for i in range(args.participants):
        joined = service.join(issued.code, name=f'Voter {i}', group='industry')
        actor = service.authenticate(issued.code, joined.token)
        service.join_room(actor, issued.code, room)
        people.append(actor)
    posts = [service.add_post(people[i // 4], issued.code, room, text=f'Idea {i}') for i in range(args.posts)]
    total = round(args.rate * args.seconds) if args.rate else args.participants * args.posts
    plan = [(people[k % len(people)], posts[(k % len(people) + k // len(people)) % len(posts)]) for k in range(total)]

    times: list[float] = []
    lags: list[float] = []
    lock = threading.Lock()
    start = time.perf_counter() + 0.2

    def vote(k: int) -> None:
        if args.rate:
            time.sleep(max(0.0, start + k / args.rate - time.perf_counter()))
        begin = time.perf_counter()
        service.cast_vote(plan[k][0], issued.code, plan[k][1])
        with lock:
            times.append((time.perf_counter() - begin) * 1000)
            lags.append((begin - (start + k / args.rate if args.rate else start)) * 1000)

    cpu_before = time.process_time()
    with ThreadPoolExecutor(args.threads) as pool:
        list(pool.map(vote, range(total)))
    elapsed = time.perf_counter() - start
    cpu_ms = (time.process_time() - cpu_before) * 1000 / total
    builds = build_times(service, issued.code)
    counts = {p.id: p.votes for p in service.state(issued.code).rooms[0].posts}
    with Session(engine) as db:
        stored = int(db.exec(select(func.count()).select_from(Vote)).one())
    exact = sum(counts.values()) == stored == total
    print(f'{total} votes, {args.threads} threads, rate {args.rate or "max"}/s: {total / elapsed:.0f} votes/s; '
          f'call p50 {percentile(times, 50):.1f} ms, p95 {percentile(times, 95):.1f} ms, max {max(times):.1f} ms '
          f'(mean {statistics.fmean(times):.1f}); pace lag p95 {percentile(lags, 95):.0f} ms; '
          f'counts exact: {exact} (snapshot {sum(counts.values())}, table {stored}); CPU {cpu_ms:.2f} ms a vote '
          f'(this process); a snapshot build p50 {percentile(builds, 50):.1f} ms')
    engine.dispose()
    return 0 if exact else 1


if __name__ == '__main__':
    sys.exit(main())
