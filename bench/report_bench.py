#!/usr/bin/env python
"""Report benchmark: the print-quality report (cover, tables, charts) for a big session, per format.

    .venv/bin/python bench/report_bench.py [--posts 2000] [--votes 20000] [--participants 300] [--repeat 3]

Builds the same session as bench/export_bench.py (2,000 posts, 20,000 votes, 300 people, Arabic, Chinese and emoji
in the posts), then times `FacilitatorService.export` (read, build, render) for md, docx, csv, json and pdf. The
chart cache is emptied before every run, so Word and PDF figures include drawing their charts. Prints the best
wall and CPU time of `--repeat` runs; CPU time is the steadier figure on a shared machine.
Targets: under 1 s per format, PDF under 3 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / 'bench'):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from export_bench import best_of, build  # noqa: E402

from facilitator import charts  # noqa: E402

FORMATS = ('md', 'docx', 'csv', 'json', 'pdf')
TARGETS_S = {'pdf': 3.0}
TARGET_S = 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--posts', type=int, default=2000)
    parser.add_argument('--votes', type=int, default=20000)
    parser.add_argument('--participants', type=int, default=300)
    parser.add_argument('--repeat', type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix='report-bench-') as tmp:
        started = time.perf_counter()
        service, code, rapporteur = build(Path(tmp), posts=args.posts, votes=args.votes,
                                          participants=args.participants)
        print(f'built in {time.perf_counter() - started:.1f} s')
        service.export(rapporteur, code, 'docx')  # warm-up: imports, matplotlib's font cache

        def export(fmt: str) -> bytes:
            charts.png.cache_clear()
            return service.export(rapporteur, code, fmt).content

        print(f'\nbest of {args.repeat}; export = read the database + build the report + charts + render\n')
        print('| format | wall (ms) | CPU (ms) | size (KiB) | target | met |')
        print('|---|---:|---:|---:|---:|---|')
        for fmt in FORMATS:
            wall, cpu, content = best_of(args.repeat, lambda fmt=fmt: export(fmt))
            target = TARGETS_S.get(fmt, TARGET_S)
            print(f'| {fmt} | {wall * 1000:.0f} | {cpu * 1000:.0f} | {len(content) / 1024:.0f} | {target:.0f} s | '
                  f'{"yes" if cpu < target else "NO"} |', flush=True)


if __name__ == '__main__':
    main()
