#!/usr/bin/env python
"""Export benchmark: how long the session report takes in each format for a big session.

    .venv/bin/python bench/export_bench.py [--posts 2000] [--votes 20000] [--participants 300] [--repeat 3]

It builds one session on a throw-away SQLite file: the agenda runs through the service on a fake clock (so segments
and a presenter have real timings), a few participants join, post, vote and get moderated through the service, and
the bulk of the participants, posts and votes is inserted directly with SQLModel (the commands would take minutes).
Votes respect the rules: one per participant per post, only in the voter's own room. Then it times
`FacilitatorService.export` (read the database, build the report, render it) for md, docx, csv and json, best of
`--repeat`, and also the two halves on their own: `build_report` and each renderer. Target: under 1 s per format.
`--profile FMT` prints the top of a cProfile of one export in that format.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402
from sqlmodel import Session  # noqa: E402

from db import repository as repo  # noqa: E402
from db.engine import init_db, make_engine, sqlite_url  # noqa: E402
from db.enums import PostKind, StakeholderGroup  # noqa: E402
from db.models import Participant, Post, Vote  # noqa: E402
from facilitator.actors import Actor  # noqa: E402
from facilitator.clock import FakeClock  # noqa: E402
from facilitator.export import ExportFormat, render  # noqa: E402
from facilitator.report import build_report  # noqa: E402
from facilitator.security import hash_secret, new_secret  # noqa: E402
from facilitator.service import FacilitatorService  # noqa: E402

ADMIN = 'bench-organizer-token'
TEMPLATE = 'cop-industry-connect-2025-s2'
FORMATS = ('md', 'docx', 'csv', 'json')
TARGET_S = 1.0
GROUPS = list(StakeholderGroup)
KINDS = [k for k in PostKind if k != PostKind.QUESTION]
WORDS = ('age assurance', 'privacy', 'grooming', 'design codes', 'helplines', 'moderation', 'reporting tools',
         'parents', 'schools', 'regulators', 'الحماية', '儿童安全', '🙂', 'safety by default', 'transparency')


def build(path: Path, *, posts: int, votes: int, participants: int, seed: int = 7) -> tuple[FacilitatorService, str,
                                                                                              Actor]:
    """The big session. Returns the service, the session code and a named rapporteur."""
    engine = make_engine(sqlite_url(path))
    init_db(engine)
    clock = FakeClock()
    service = FacilitatorService(engine=engine, admin_token=ADMIN, public_url='http://bench', clock=clock)
    issued = service.create_session(service.authenticate(None, ADMIN), template=TEMPLATE)
    code = issued.code
    mod = replace(service.authenticate(code, issued.moderator_key), name='Maya')
    rapporteur = replace(service.authenticate(code, issued.rapporteur_key), name='Rita')
    rooms = [uuid.UUID(r.id) for r in service.state(code).rooms]
    _run_agenda(service, clock, mod, code)
    service.open_rooms(mod, code, 60)
    actors, command_posts = _command_input(service, clock, mod, rapporteur, code, rooms, min(10, participants))
    _bulk_insert(service, clock, code, rooms, participants=participants - len(actors),
                 posts=posts - len(command_posts) - len(actors), votes=votes, rng=random.Random(seed))
    clock.advance(posts + 60)
    service.end_session(mod, code)
    return service, code, rapporteur


def _run_agenda(service: FacilitatorService, clock: FakeClock, mod: Actor, code: str) -> None:
    """The opening, a presenter in the showcase, then the dialogue, through the commands."""
    service.start_segment(mod, code)
    clock.advance(960)
    service.next_segment(mod, code)
    service.add_speaker(mod, code, name='Ana Costa', organization='Meta', title='Teen accounts', planned_seconds=600)
    service.next_speaker(mod, code)
    clock.advance(620)
    service.finish_speaker(mod, code)
    clock.advance(2000)
    service.next_segment(mod, code)


def _command_input(service: FacilitatorService, clock: FakeClock, mod: Actor, rapporteur: Actor, code: str,
                   rooms: list[uuid.UUID], count: int) -> tuple[list[Actor], list[str]]:
    """A handful of people who act through the commands: posts (one hidden, some tagged, some anonymous),
    questions, a broadcast and the rapporteur's notes."""
    actors = []
    for i in range(count):
        joined = service.join(code, name=f'Command person {i}', group=GROUPS[i % len(GROUPS)].value)
        actor = service.authenticate(code, joined.token)
        service.join_room(actor, code, str(rooms[i % len(rooms)]))
        actors.append(actor)
    command_posts = []
    for i, actor in enumerate(actors):
        clock.advance(15)
        command_posts.append(service.add_post(actor, code, str(rooms[i % len(rooms)]), text=f'Command post {i}',
                                              kind='solution', anonymous=i % 3 == 0))
        service.add_question(actor, code, text=f'Question {i} for the panel?')
    if command_posts:
        service.moderate_post(rapporteur, code, command_posts[0], 'hide', reason='Off-topic')
    for post_id in command_posts[1:4]:
        service.moderate_post(rapporteur, code, post_id, 'tag', tag='key_takeaway')
    service.broadcast(mod, code, 'Ten minutes left')
    for room in rooms:
        service.save_note(rapporteur, code, scope=f'room:{room}', text='Notes\n' + 'A line of notes. ' * 200)
        service.save_note(rapporteur, code, scope=f'room:{room}', kind='summary', text='Short summary.')
    return actors, command_posts


def _bulk_insert(service: FacilitatorService, clock: FakeClock, code: str, rooms: list[uuid.UUID], *,
                 participants: int, posts: int, votes: int, rng: random.Random) -> None:
    """The bulk, straight into the tables. Votes: one per participant per post, only in the voter's own room."""
    with Session(service.engine) as db:
        session = repo.get_session_by_code(db=db, code=code)
        assert session is not None
        people = [{'id': uuid.uuid4(), 'session_id': session.id, 'name': f'Participant {i:03d}',
                   'organization': f'Organisation {i % 40}', 'group': GROUPS[i % len(GROUPS)],
                   'show_name': GROUPS[i % len(GROUPS)] != StakeholderGroup.YOUTH,
                   'token_hash': hash_secret(new_secret()), 'room_id': rooms[i % len(rooms)],
                   'joined_at': clock() + timedelta(seconds=i)}
                  for i in range(participants)]
        db.execute(insert(Participant), people)
        start = clock()
        rows = [{'id': uuid.uuid4(), 'session_id': session.id, 'room_id': rooms[i % len(rooms)],
                 'participant_id': people[i % len(people)]['id'], 'kind': KINDS[i % len(KINDS)],
                 'text': f'Post {i}: ' + ' '.join(rng.sample(WORDS, 6)), 'anonymous': i % 11 == 0,
                 'pinned': i % 500 == 0, 'key_takeaway': i % 97 == 0, 'actionable_solution': i % 89 == 0,
                 'created_at': start + timedelta(seconds=i)}
                for i in range(posts)]
        db.execute(insert(Post), rows)
        by_room: dict[uuid.UUID, list[uuid.UUID]] = {room: [] for room in rooms}
        for row in rows:
            by_room[row['room_id']].append(row['id'])
        pairs: set[tuple[uuid.UUID, uuid.UUID]] = set()
        ballots = []
        while len(ballots) < votes:
            person = rng.choice(people)
            post_id = rng.choice(by_room[person['room_id']])
            if (post_id, person['id']) in pairs:
                continue
            pairs.add((post_id, person['id']))
            ballots.append({'id': uuid.uuid4(), 'session_id': session.id, 'post_id': post_id,
                            'participant_id': person['id'], 'room_id': person['room_id'], 'group': person['group'],
                            'created_at': start})
        db.execute(insert(Vote), ballots)
        db.commit()


def best_of(repeat: int, work: Callable[[], Any]) -> tuple[float, float, Any]:
    """Best wall time and best CPU time (of this process) over `repeat` runs, and the last result. CPU time is the
    steadier figure on a shared machine; on an idle one the two agree."""
    wall, cpu, result = float('inf'), float('inf'), None
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = work()
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - started_cpu)
    return wall, cpu, result


def report_of(service: FacilitatorService, code: str) -> dict[str, Any]:
    with Session(service.engine) as db:
        session = repo.get_session_by_code(db=db, code=code)
        assert session is not None
        return build_report(db, session, service.clock(), anonymize=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--posts', type=int, default=2000)
    parser.add_argument('--votes', type=int, default=20000)
    parser.add_argument('--participants', type=int, default=300)
    parser.add_argument('--repeat', type=int, default=3)
    parser.add_argument('--profile', choices=FORMATS, default=None)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix='export-bench-') as tmp:
        started = time.perf_counter()
        service, code, rapporteur = build(Path(tmp), posts=args.posts, votes=args.votes,
                                          participants=args.participants)
        with Session(service.engine) as db:
            counted = {table.__name__: len(list(db.exec(table.__table__.select())))  # type: ignore[attr-defined]
                       for table in (Participant, Post, Vote)}
        print(f'built in {time.perf_counter() - started:.1f} s: {counted["Participant"]} participants, '
              f'{counted["Post"]} posts (questions included), {counted["Vote"]} votes')

        build_wall, build_cpu, report = best_of(args.repeat, lambda: report_of(service, code))
        rows = []
        for fmt in FORMATS:
            wall, cpu, file = best_of(args.repeat, lambda fmt=fmt: service.export(rapporteur, code, fmt))
            _wall, render_cpu, _file = best_of(args.repeat, lambda fmt=fmt: render(report, ExportFormat(fmt)))
            rows.append((fmt, wall, cpu, render_cpu, len(file.content)))

        print(f'\nbest of {args.repeat}; export = read the database + build the report + render; '
              f'build_report alone: {build_wall * 1000:.0f} ms wall, {build_cpu * 1000:.0f} ms CPU\n')
        print('| format | export wall (ms) | export CPU (ms) | render only CPU (ms) | size (KiB) | under 1 s |')
        print('|---|---:|---:|---:|---:|---|')
        for fmt, wall, cpu, render_cpu, size in rows:
            print(f'| {fmt} | {wall * 1000:.0f} | {cpu * 1000:.0f} | {render_cpu * 1000:.0f} | {size / 1024:.0f} | '
                  f'{"yes" if wall < TARGET_S else "NO"} |')

        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            service.export(rapporteur, code, args.profile)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats('cumulative').print_stats(30)
            print(out.getvalue())


if __name__ == '__main__':
    main()
