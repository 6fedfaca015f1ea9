"""No hot row (issue 17, part 3): votes share the session row, so many participants' votes commit side by side,
while `version` still moves on every change, only grows, and names a snapshot that holds every change up to it.

Runs on SQLite, and on PostgreSQL with FACILITATOR_TEST_DATABASE_URL (the test of overlapping commits only there:
SQLite runs one writer at a time)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import Session, select

from db.models import DialogueSession, InputVersion, Vote
from facilitator.actors import PARTICIPANT
from facilitator.events import ChangeKind
from facilitator.pipeline import SessionLock, SharedLockBreach
from tests.factories import POSTGRES_URL, World, json_state

from .test_rooms import member, rows, with_rooms

VOTERS = 24
POSTS = 3


def counts(world: World, code: str) -> dict[str, int]:
    state = json_state(world.service, code)
    return {p['id']: p['votes'] for r in state['rooms'] for p in r['posts']}


def test_votes_from_many_participants_at_once_all_commit_with_exact_counts_and_unique_versions(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    people = [member(world, issued, rooms[0], f'Voter {i}', 'industry') for i in range(VOTERS)]
    posts = [world.service.add_post(people[i], issued.code, rooms[0], text=f'Idea {i}') for i in range(POSTS)]
    before = json_state(world.service, issued.code)
    first_event = len(world.events)
    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(lambda pair: world.service.cast_vote(pair[0], issued.code, pair[1]),
                                [(person, post) for person in people for post in posts]))
    assert all(1 <= n <= VOTERS for n in answers)
    assert counts(world, issued.code) == dict.fromkeys(posts, VOTERS)
    assert len(rows(world, Vote)) == VOTERS * POSTS
    events = world.events[first_event:]
    assert {e.kind for e in events} == {ChangeKind.INPUT}
    assert 1 <= len(events) < VOTERS * POSTS, 'votes that came together were committed together, one event a group'
    versions = [e.version for e in events]
    assert len(set(versions)) == len(versions), 'every group has a version of its own'
    assert min(versions) > before['version']
    after = json_state(world.service, issued.code)
    assert after['version'] == max(versions), 'the newest version names the snapshot with every vote'
    assert after['agenda_version'] == before['agenda_version']


def test_a_vote_moves_the_version_and_leaves_the_agenda_version_and_the_session_row_alone(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    post = world.service.add_post(amina, issued.code, rooms[0], text='Safety by default')
    before = json_state(world.service, issued.code)
    row_before = rows(world, DialogueSession)[0]
    world.service.cast_vote(amina, issued.code, post)
    after = json_state(world.service, issued.code)
    assert after['version'] > before['version']
    assert after['agenda_version'] == before['agenda_version']
    assert rows(world, DialogueSession)[0] == row_before, 'the vote never wrote the session row'
    assert world.events[-1].version == after['version']


def test_the_etag_changes_after_a_vote(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    post = world.service.add_post(amina, issued.code, rooms[0], text='Safety by default')
    public, staff = world.service.snapshot(issued.code), world.service.snapshot(issued.code, staff=True)
    assert world.service.snapshot(issued.code) is public, 'cached while nothing changes'
    world.service.cast_vote(amina, issued.code, post)
    voted, voted_staff = world.service.snapshot(issued.code), world.service.snapshot(issued.code, staff=True)
    assert voted.etag != public.etag and voted_staff.state.version > staff.state.version
    assert counts(world, issued.code) == {post: 1}
    world.service.withdraw_vote(amina, issued.code, post)
    assert world.service.snapshot(issued.code).etag not in {public.etag, voted.etag}
    assert counts(world, issued.code) == {post: 0}


def test_an_agenda_change_after_votes_takes_a_higher_version_and_drops_the_input_versions(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    post = world.service.add_post(amina, issued.code, rooms[0], text='Safety by default')
    world.service.cast_vote(amina, issued.code, post)
    voted = json_state(world.service, issued.code)
    assert len(rows(world, InputVersion)) == 1
    world.service.extend_rooms(mod, issued.code, 60, expected_version=voted['agenda_version'])
    extended = json_state(world.service, issued.code)
    assert extended['version'] > voted['version']
    assert extended['agenda_version'] == voted['agenda_version'] + 1, 'the vote did not make the console stale'
    assert rows(world, InputVersion) == [], 'the row version says as much now'


def test_votes_and_versions_survive_a_restart(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina, kofi = member(world, issued, rooms[0]), member(world, issued, rooms[0], 'Kofi', 'academia')
    post = world.service.add_post(amina, issued.code, rooms[0], text='Safety by default')
    world.service.cast_vote(amina, issued.code, post)
    world.service.cast_vote(kofi, issued.code, post)
    before = json_state(world.service, issued.code)
    restarted = world.restart()
    try:
        after = json_state(restarted.service, issued.code)
        assert (after['version'], after['agenda_version']) == (before['version'], before['agenda_version'])
        assert counts(restarted, issued.code) == {post: 2}
        restarted.service.withdraw_vote(kofi, issued.code, post)
        assert json_state(restarted.service, issued.code)['version'] > before['version']
    finally:
        restarted.service.engine.dispose()


def test_a_command_that_shares_the_session_row_cannot_change_it(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0])
    before = json_state(world.service, issued.code)
    with pytest.raises(SharedLockBreach), world.service._command(
            amina, issued.code, roles=PARTICIPANT, kind=ChangeKind.INPUT, lock=SessionLock.SHARED) as cmd:
        cmd.session.questions_open = False
        cmd.changed()
    assert json_state(world.service, issued.code) == before


@pytest.mark.skipif(not POSTGRES_URL, reason='PostgreSQL only: SQLite runs one writer at a time')
def test_a_second_vote_commits_while_the_first_is_still_open(world: World, held_vote: dict[str, threading.Event]
                                                             ) -> None:
    """With the session row locked by every vote, Kofi's vote (through another instance) waited for Amina's
    transaction (and gave up after the 4 s lock wait). Now it commits first; Amina's vote, overtaken, then takes a
    fresh, higher version, so the snapshot built in between (without her vote) is replaced. (In one instance the
    two would be committed as one group: tests/facilitator/test_group_commit.py.)"""
    issued, _mod, rooms = with_rooms(world)
    amina, kofi = member(world, issued, rooms[0]), member(world, issued, rooms[0], 'Kofi', 'academia')
    post = world.service.add_post(amina, issued.code, rooms[0], text='Safety by default')
    other = world.restart()
    try:
        result: list[int] = []
        holder = threading.Thread(target=lambda: result.append(world.service.cast_vote(amina, issued.code, post)),
                                  name='holder')
        holder.start()
        assert held_vote['voted'].wait(10)
        with ThreadPoolExecutor(max_workers=1) as pool:
            assert pool.submit(other.service.cast_vote, kofi, issued.code, post).result(timeout=2) == 1
        assert holder.is_alive(), "Amina's transaction is still open"
        between = world.service.snapshot(issued.code)
        assert counts(world, issued.code) == {post: 1}
        held_vote['release'].set()
        holder.join(10)
        assert result == [1], "the count as her vote was stored, before Kofi's commit"
        kofi_event, amina_event = other.events[-1], world.events[-1]
        assert amina_event.version > kofi_event.version, 'the later commit announces the higher version'
        after = world.service.snapshot(issued.code)
        assert after.state.version == amina_event.version > between.state.version and after.etag != between.etag
        assert counts(world, issued.code) == {post: 2}
        with Session(world.service.engine) as db:
            assert len(db.exec(select(Vote)).all()) == 2
    finally:
        other.service.engine.dispose()
