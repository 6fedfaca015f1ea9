#!/usr/bin/env python
"""How many NOTIFYs a second one PostgreSQL takes, and how fast they reach N listeners: where the shared database
becomes the limit of the LISTEN/NOTIFY event bus (facilitator/pg_bus.py, from the scale branch).

    .venv/bin/python bench/pg_notify.py --url postgresql://user:password@127.0.0.1/db --listeners 1 2 4 8

For each listener count it starts that many listener processes (one connection each, `LISTEN`, as every app
instance does), then one sender connection sends for `--seconds`:
- `one-by-one`: one `SELECT pg_notify(...)` per round trip, autocommit: an instance sending each event as it comes;
- `batched`: `executemany` of `--batch` notifications, as pg_bus.py's sender does under load (psycopg pipelines
  them, and a pipeline up to its sync is one transaction on the server).

Payloads are `--payload-bytes` long (pg_bus.py's are about 80: origin, session code, version, kind). Reported: sent
per second, delivered per second per listener, and the delay from send to receipt (p50/p95/max; sender and
listeners share time.monotonic(), one clock on Linux). The load average goes with the figures: the box is shared.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import os
import sys
import time
from multiprocessing.connection import Connection
from typing import Any

import psycopg

CHANNEL = 'bench_notify'


def percentile(values: list[float], p: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round((len(ordered) - 1) * p / 100))]


def listener(url: str, conn: Connection, quiet_s: float) -> None:
    """LISTEN, say ready, then collect delays until nothing came for `quiet_s` after the first message."""
    delays: list[float] = []
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f'LISTEN {CHANNEL}')
        conn.send('ready')
        first = last = 0.0
        while True:
            got = False
            for notify in db.notifies(timeout=quiet_s, stop_after=1000):
                now = time.monotonic()
                got = True
                first = first or now
                last = now
                delays.append(now - float(notify.payload.split(' ', 1)[0]))
            if not got and first:
                break
            if not got and not first and conn.poll():
                break  # told to stop before anything came
    conn.send({'received': len(delays), 'seconds': max(last - first, 1e-9), 'delays': delays})


def send(url: str, mode: str, seconds: float, batch: int, payload_bytes: int) -> tuple[int, float]:
    pad = 'x' * max(0, payload_bytes - 20)
    sent = 0
    with psycopg.connect(url, autocommit=True) as db, db.cursor() as cursor:
        start = time.monotonic()
        while time.monotonic() - start < seconds:
            if mode == 'one-by-one':
                cursor.execute('SELECT pg_notify(%s, %s)', (CHANNEL, f'{time.monotonic():.6f} {pad}'))
                sent += 1
            else:
                # distinct payloads: PostgreSQL folds identical ones within a transaction (a pipeline is one)
                cursor.executemany('SELECT pg_notify(%s, %s)',
                                   [(CHANNEL, f'{time.monotonic():.6f} {sent + i} {pad}') for i in range(batch)])
                sent += batch
        return sent, time.monotonic() - start


def run(args: argparse.Namespace, listeners: int, mode: str) -> dict[str, Any]:
    ctx = mp.get_context('spawn')
    pipes, processes = [], []
    for _ in range(listeners):
        ours, theirs = ctx.Pipe()
        process = ctx.Process(target=listener, args=(args.url, theirs, args.quiet), daemon=True)
        process.start()
        pipes.append(ours)
        processes.append(process)
    for pipe in pipes:
        if not pipe.poll(30) or pipe.recv() != 'ready':
            raise RuntimeError('a listener did not start')
    load_before = os.getloadavg()[0]
    sent, wall = send(args.url, mode, args.seconds, args.batch, args.payload_bytes)
    results = []
    for pipe in pipes:
        if not pipe.poll(args.seconds * 20 + 60):
            raise RuntimeError('a listener did not finish')
        results.append(pipe.recv())
    for process in processes:
        process.join(10)
    delays = [d * 1000 for r in results for d in r['delays']]
    return {'listeners': listeners, 'mode': mode, 'sent_per_s': sent / wall,
            'delivered_per_s': min(r['received'] / r['seconds'] for r in results),
            'lost': sum(sent - r['received'] for r in results),
            'p50_ms': percentile(delays, 50), 'p95_ms': percentile(delays, 95), 'max_ms': max(delays, default=math.nan),
            'load': f'{load_before:.2f}→{os.getloadavg()[0]:.2f}'}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--url', default=os.environ.get('FACILITATOR_TEST_DATABASE_URL', ''))
    parser.add_argument('--listeners', type=int, nargs='+', default=[1, 2, 4, 8])
    parser.add_argument('--modes', nargs='+', default=['one-by-one', 'batched'], choices=['one-by-one', 'batched'])
    parser.add_argument('--seconds', type=float, default=5.0)
    parser.add_argument('--batch', type=int, default=200)
    parser.add_argument('--payload-bytes', type=int, default=80)
    parser.add_argument('--quiet', type=float, default=2.0, help='a listener stops after this long without a message')
    args = parser.parse_args()
    if not args.url:
        parser.error('--url (or FACILITATOR_TEST_DATABASE_URL) is needed')
    args.url = args.url.replace('postgresql+psycopg://', 'postgresql://')
    print(f'uptime load before: {os.getloadavg()}', file=sys.stderr)
    lines = ['| listeners | mode | sent/s | delivered/s per listener | lost | delay p50/p95/max ms | load 1-min |',
             '| ---: | --- | ---: | ---: | ---: | ---: | --- |']
    for mode in args.modes:
        for n in args.listeners:
            r = run(args, n, mode)
            lines.append(f'| {n} | {mode} | {r["sent_per_s"]:.0f} | {r["delivered_per_s"]:.0f} | {r["lost"]} '
                         f'| {r["p50_ms"]:.1f}/{r["p95_ms"]:.1f}/{r["max_ms"]:.1f} | {r["load"]} |')
            print(lines[-1], file=sys.stderr, flush=True)
    print('\n'.join(lines))
    return 0


if __name__ == '__main__':
    sys.exit(main())
