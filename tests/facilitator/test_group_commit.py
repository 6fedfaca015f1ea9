"""Group commit: the input that arrives for a session while a group is being committed goes in the next group, in
one transaction with one version and one event; a refused request in a group leaves no trace and stops nobody."""

import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from db.enums import Role
from db.models import PollAnswer, Vote
from facilitator.actors import Actor
from facilitator.errors import Conflict, Forbidden, NotFound
from facilitator.group_commit import GroupCommit, Pending
from facilitator.pipeline import Command
from tests.factories import World

from .test_rooms import member, with_rooms


def waiting(commit: GroupCommit, code: str, n: int) -> None:
    """Until `n` requests wait for session `code`'s next group (they queue behind the one in flight)."""
    deadline = time.monotonic() + 10
    while len(commit._waiting.get(code, [])) < n and time.monotonic() < deadline:
        time.sleep(0.005)
    assert len(commit._waiting.get(code, [])) == n, 'the requests never queued'


def test_requests_that_wait_go_in_one_group_and_each_gets_its_own_outcome() -> None:
    release = threading.Event()
    groups: list[list[str]] = []

    def run(code: str, group: list[Pending[Any]]) -> None:
        groups.append([p.actor.name for p in group])
        if len(groups) == 1:
            assert release.wait(10)
        for pending in group:
            if pending.actor.name == 'bad':
                pending.error = ValueError('refused')
            else:
                pending.result = pending.actor.name.upper()

    commit = GroupCommit(run)
    asking = [Actor(role=Role.PARTICIPANT, name=name) for name in ('first', 'a', 'bad', 'b')]
    with ThreadPoolExecutor(4) as pool:
        first = pool.submit(commit.submit, 'S1', Pending(actor=asking[0], body=lambda cmd: None))
        waiting(commit, 'S1', 0)
        while not groups:
            time.sleep(0.005)
        later: list[Future[Any]] = [pool.submit(commit.submit, 'S1', Pending(actor=a, body=lambda cmd: None))
                                    for a in asking[1:]]
        waiting(commit, 'S1', 3)
        release.set()
        assert first.result(5) == 'FIRST'
        assert [later[0].result(5), later[2].result(5)] == ['A', 'B']
        with pytest.raises(ValueError, match='refused'):
            later[1].result(5)
    assert groups[0] == ['first'] and sorted(groups[1]) == ['a', 'b', 'bad'], 'the three that waited: one group'
    assert commit.groups == 2 and commit._leading == set() and commit._waiting == {}


def test_a_failed_transaction_fails_every_request_of_its_group_and_the_next_group_still_runs() -> None:
    calls = 0

    def run(code: str, group: list[Pending[Any]]) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError('the database went away')
        for pending in group:
            pending.result = 'ok'

    commit = GroupCommit(run)
    person = Actor(role=Role.PARTICIPANT, name='x')
    with pytest.raises(RuntimeError, match='went away'):
        commit.submit('S1', Pending(actor=person, body=lambda cmd: None))
    assert commit.submit('S1', Pending(actor=person, body=lambda cmd: None)) == 'ok'


def test_votes_that_come_during_a_commit_are_committed_together_and_a_refused_one_leaves_no_trace(
        world: World, held_vote: dict[str, threading.Event]) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    post = world.service.add_post(amina, issued.code, rooms[0], text='Safety by default')
    elsewhere = member(world, issued, rooms[1], 'Lena', 'academia')
    other_post = world.service.add_post(elsewhere, issued.code, rooms[1], text='In the other room')
    kofi, sara = member(world, issued, rooms[0], 'Kofi', 'academia'), member(world, issued, rooms[0], 'Sara')
    service, first_event = world.service, len(world.events)
    result: list[int] = []
    holder = threading.Thread(target=lambda: result.append(service.cast_vote(amina, issued.code, post)),
                              name='holder')
    holder.start()
    assert held_vote['voted'].wait(10)
    with ThreadPoolExecutor(3) as pool:
        votes = [pool.submit(service.cast_vote, kofi, issued.code, post),
                 pool.submit(service.cast_vote, sara, issued.code, other_post),  # not her room: refused
                 pool.submit(service.cast_vote, sara, issued.code, 'no-such-post')]  # refused too
        waiting(service._inputs, issued.code, 3)
        held_vote['release'].set()
        holder.join(10)
        assert result == [1]
        assert votes[0].result(10) == 2
        with pytest.raises(Forbidden):
            votes[1].result(10)
        with pytest.raises(NotFound):
            votes[2].result(10)
    events = world.events[first_event:]
    assert len(events) == 2 and events[1].version > events[0].version, 'one event for each of the two groups'
    with Session(service.engine) as db:
        stored = db.exec(select(Vote)).all()
    assert sorted(str(v.participant_id) for v in stored) == sorted([str(amina.participant_id),
                                                                    str(kofi.participant_id)])
    assert {p.id: p.votes for r in service.state(issued.code).rooms for p in r.posts} == {post: 2, other_post: 0}


def test_a_group_of_only_refused_requests_publishes_nothing(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    first_event, version = len(world.events), world.service.state(issued.code).version
    with pytest.raises(NotFound):
        world.service.cast_vote(amina, issued.code, 'no-such-post')
    with pytest.raises(NotFound):
        world.service.answer_poll(amina, issued.code, 'no-such-poll', choices=[0])
    assert world.events[first_event:] == [] and world.service.state(issued.code).version == version
    with Session(world.service.engine) as db:
        assert db.exec(select(Vote)).all() == [] and db.exec(select(PollAnswer)).all() == []


def test_a_group_runs_without_savepoints_and_again_with_them_when_a_request_fails(world: World) -> None:
    """Savepoints cost two round trips a request, so a group first runs without them; when a body fails, that
    transaction is rolled back whole (what the failing body wrote too) and the group runs again, one savepoint
    per request, so only the failing request is refused."""
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    post = world.service.add_post(amina, issued.code, rooms[0], text='Safety by default')
    people = [member(world, issued, rooms[0], name, 'academia') for name in ('Kofi', 'Sara', 'Lena')]
    statements: list[str] = []
    listen = (world.service.engine, 'before_cursor_execute')

    def on_statement(_connection: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement.split(maxsplit=1)[0])

    event.listen(*listen, on_statement)

    def vote(fail: bool) -> Callable[[Command], str]:
        def body(cmd: Command) -> str:
            cmd.db.add(Vote(session_id=cmd.session.id, post_id=uuid.UUID(post), participant_id=cmd.participant.id,
                            room_id=uuid.UUID(rooms[0]), group=cmd.participant.group))
            cmd.changed()
            if fail:
                cmd.db.flush()
                raise Conflict('refused after its write')
            return cmd.participant.name
        return body

    try:
        group: list[Pending[Any]] = [Pending(actor=people[0], body=vote(False))]
        world.service._input_group(issued.code, group)
        assert group[0].outcome() == 'Kofi' and 'SAVEPOINT' not in statements and 'INSERT' in statements
        statements.clear()
        group = [Pending(actor=people[1], body=vote(False)), Pending(actor=people[2], body=vote(True)),
                 Pending(actor=amina, body=vote(False))]
        world.service._input_group(issued.code, group)
    finally:
        event.remove(*listen, on_statement)
    assert statements.count('SAVEPOINT') == 3, 'the group ran again, each request in a savepoint'
    assert [group[0].outcome(), group[2].outcome()] == ['Sara', 'Amina']
    with pytest.raises(Conflict, match='after its write'):
        group[1].outcome()
    with Session(world.service.engine) as db:
        voters = {str(v.participant_id) for v in db.exec(select(Vote))}
    assert voters == {str(people[0].participant_id), str(people[1].participant_id), str(amina.participant_id)}


def one_group(world: World, code: str, held_vote: dict[str, threading.Event], holder: Callable[[], object],
              calls: list[Callable[[], Any]]) -> tuple[list[Any], list[str]]:
    """Runs `calls` as one group, behind `holder`'s vote held open: their results (or errors) and the statements
    that the group ran."""
    service, statements = world.service, []
    listen = (service.engine, 'before_cursor_execute')

    def on_statement(_connection: object, _cursor: object, statement: str, *_args: object) -> None:
        if threading.current_thread().name != 'holder':
            statements.append(statement)

    held = threading.Thread(target=holder, name='holder')
    held.start()
    assert held_vote['voted'].wait(10)
    event.listen(*listen, on_statement)
    try:
        with ThreadPoolExecutor(len(calls)) as pool:
            futures = [pool.submit(call) for call in calls]
            waiting(service._inputs, code, len(calls))
            held_vote['release'].set()
            held.join(10)
            results = [future.result(10) for future in futures]
    finally:
        event.remove(*listen, on_statement)
    return results, statements


def test_a_group_of_votes_reads_and_writes_in_as_many_statements_as_one_vote(
        world: World, held_vote: dict[str, threading.Event]) -> None:
    """Each statement of a busy process waits for the interpreter, so a group reads its posts, their counts and
    its voters' earlier votes at once, and inserts its new votes in one statement."""
    issued, _mod, rooms = with_rooms(world)
    service, amina = world.service, member(world, issued, rooms[0])
    posts = [service.add_post(amina, issued.code, rooms[0], text=f'Idea {n}') for n in range(3)]
    people = [member(world, issued, rooms[0], f'Voter {n}', 'academia') for n in range(6)]
    service.cast_vote(people[0], issued.code, posts[0])
    counts, statements = one_group(
        world, issued.code, held_vote, lambda: service.cast_vote(amina, issued.code, posts[2]),
        [partial(service.cast_vote, person, issued.code, posts[n % 3]) for n, person in enumerate(people)]
        + [partial(service.cast_vote, people[1], issued.code, posts[1])])  # a repeat in the same group
    assert counts[0] == 1, 'her earlier vote, a repeat: still one'
    assert sorted(counts[1:6]) == [1, 2, 2, 2, 3] and counts[6] in (1, 2)
    assert sum(s.startswith('INSERT INTO vote ') for s in statements) == 1, 'the new votes in one insert'
    assert sum(s.startswith('SELECT') for s in statements) <= 5, \
        'the session, the voters, the posts with counts, their earlier votes (and on SQLite the version)'
    assert {p.id: p.votes for p in service.state(issued.code).rooms[0].posts} == {posts[0]: 2, posts[1]: 2,
                                                                                   posts[2]: 3}


def test_a_group_of_poll_answers_reads_and_writes_at_once_and_a_second_answer_replaces_the_first(
        world: World, held_vote: dict[str, threading.Event]) -> None:
    issued, mod, rooms = with_rooms(world)
    service, amina = world.service, member(world, issued, rooms[0])
    post = service.add_post(amina, issued.code, rooms[0], text='Safety by default')
    poll = service.add_poll(mod, issued.code, question='Most pressing risk?', options=['Grooming', 'Scams', 'Bullying'])
    service.open_poll(mod, issued.code, poll)
    people = [member(world, issued, rooms[0], f'Voter {n}', 'academia') for n in range(3)]
    service.answer_poll(people[2], issued.code, poll, choices=[1])

    def answer(n: int, choice: int) -> Callable[[], None]:
        return partial(service.answer_poll, people[n], issued.code, poll, choices=[choice])

    _results, statements = one_group(world, issued.code, held_vote, lambda: service.cast_vote(amina, issued.code, post),
                                     [answer(0, 0), answer(1, 0), answer(2, 1), answer(2, 2)])
    assert sum(s.startswith('INSERT INTO poll_answer ') for s in statements) == 1, 'the new answers in one insert'
    assert sum(s.startswith('SELECT') for s in statements) <= 5, \
        'the session, the people, the polls, their earlier answers (and on SQLite the version)'
    with Session(service.engine) as db:
        stored = {str(a.participant_id): a.choices for a in db.exec(select(PollAnswer))}
    assert stored[str(people[0].participant_id)] == [0] and stored[str(people[1].participant_id)] == [0]
    assert stored[str(people[2].participant_id)] in ([1], [2]) and len(stored) == 3, 'one answer each: the last'
