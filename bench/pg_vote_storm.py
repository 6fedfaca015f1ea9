#!/usr/bin/env python
"""Vote storm on PostgreSQL (issue 17, part 3: no hot row): `--vote-rate` votes a second from N room members into one
room, N NiceGUI pages watching, on a PostgreSQL database.

    .venv/bin/python bench/pg_vote_storm.py --database-url postgresql://user:pw@127.0.0.1/bench_db
    .venv/bin/python bench/pg_vote_storm.py --database-url ... --app-dir /tmp/base   # another build, e.g. before

Everything but the database is bench/input_bench.py's `votes` scenario (its set-up, pages, pacing and checks). The
database's `public` schema is dropped and created again before each server starts: use a database of your own.
The server loads bench/hooks/sitecustomize.py, which times each vote command in its worker thread (load, checks,
insert, version, commit and the check after it): "commit" below. Targets: commit p95 <= 20 ms, every page p95
<= 1 s, counts exact.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

import psycopg  # noqa: E402
from broadcast import fmt, percentile, run_and_report  # noqa: E402
from input_bench import InputRun, build_parser, checked_args, tables  # noqa: E402

DEFAULT_URL = 'postgresql://facilitator_test:facilitator_test@127.0.0.1/facilitator_hotrow_bench'


def reset_schema(url: str) -> None:
    """An empty database for the fresh server (it creates the tables at start)."""
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute('DROP SCHEMA IF EXISTS public CASCADE')
        connection.execute('CREATE SCHEMA public')


class PgVoteRun(InputRun):
    async def start_server(self) -> None:
        reset_schema(self.args.database_url)
        await super().start_server()

    async def vote_storm(self) -> None:
        times = Path(self.args.vote_times)
        times.write_text('')  # set-up cast no votes, but start clean
        await super().vote_storm()
        commit_ms = [float(line) for line in times.read_text().split()]
        self.result['votes'].update(commit_n=len(commit_ms), commit_p50_ms=percentile(commit_ms, 50),
                                    commit_p95_ms=percentile(commit_ms, 95), commit_max_ms=max(commit_ms, default=0))
        self.log(f'vote commands: {len(commit_ms)}, p50 {commit_ms and percentile(commit_ms, 50):.1f} ms, p95 '
                 f'{commit_ms and percentile(commit_ms, 95):.1f} ms, max {max(commit_ms, default=0):.1f} ms')


def pg_tables(results: list[dict[str, Any]]) -> str:
    lines = [tables(results), '', 'Vote commands on PostgreSQL (server side, per vote: load, checks, insert, version, '
             'commit)', '', '| pages | scheme | votes | commit p50 ms | commit p95 ms | commit max ms '
             '| every page p95 ms | counts exact |', '| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |']
    for r in results:
        v = r.get('votes')
        if not v:
            continue
        exact = not v['state_vs_sent'] and v['state_total'] == v['expected_total'] and v['pages_exact'] == v['pages']
        lines.append(f'| {r["clients"]} | {r.get("app")} | {v.get("commit_n")} | {fmt(v.get("commit_p50_ms"), 1)} '
                     f'| {fmt(v.get("commit_p95_ms"), 1)} | {fmt(v.get("commit_max_ms"), 1)} | {fmt(v["p95_ms"])} '
                     f'| {"yes" if exact else "NO"} |')
    return '\n'.join(lines)


def main() -> int:
    parser = build_parser(__doc__)
    parser.add_argument('--database-url', default=os.environ.get('BENCH_DATABASE_URL', DEFAULT_URL),
                        help='PostgreSQL database of your own (its public schema is dropped before each N)')
    parser.set_defaults(scenario=['votes'])
    args = checked_args(parser)
    args.vote_times = str(Path(tempfile.mkdtemp(prefix='bench-votes-')) / 'vote_ms.txt')
    app_dir = str(Path(args.app_dir).resolve())
    args.env += [f'DATABASE_URL={args.database_url}', f'BENCH_VOTE_TIMES={args.vote_times}',
                 f'PYTHONPATH={BENCH_DIR / "hooks"}{os.pathsep}{app_dir}']
    return run_and_report(args, PgVoteRun, pg_tables, 'pg-vote-storm')


if __name__ == '__main__':
    sys.exit(main())
