"""Deleting a session and retention: no row of the session survives, in any table; other sessions stay whole."""

import uuid
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import Session, SQLModel

from db.models import DialogueSession
from facilitator.errors import Forbidden, NotFound, Unauthorized
from facilitator.retention import purge_expired_sessions
from tests.factories import World, json_state

from .test_report import PEOPLE, STAFF_NAMES, rich_session


def every_row(world: World) -> list[tuple[str, dict[str, Any]]]:
    """A full scan of every table in the schema."""
    rows: list[tuple[str, dict[str, Any]]] = []
    with Session(world.service.engine) as db:
        for table in SQLModel.metadata.sorted_tables:
            rows += [(table.name, dict(row._mapping)) for row in db.execute(select(table))]
    return rows


def mentions(row: dict[str, Any], needles: set[str]) -> bool:
    text = ' '.join(str(value) for value in row.values())
    return any(needle in text for needle in needles)


def fill_everything(world: World) -> tuple[Any, set[str]]:
    """A session with rows in every table: the report's rich session plus a help call, grants and moderation."""
    rich = rich_session(world)
    service, code = world.service, rich.code
    service.reset_session(rich.moderator, code)
    amina = rich.people['Amina Okafor']
    service.call_moderator(amina, code)
    service.grant_staff(code, rich.issued.moderator_key, 'browser-of-maya')
    service.set_staff_name(world.moderator(rich.issued), code, 'browser-of-maya', 'Maya Moderator')
    service.moderate_participant(rich.moderator, code, str(rich.people['Bruno Keller'].participant_id), 'rename',
                                 name='Bruno K.')
    service.broadcast(rich.moderator, code, 'Back in five minutes')
    service.start_segment(rich.moderator, code)
    names = {name for name, _g, _o, _s in PEOPLE} | {org for _n, _g, org, _s in PEOPLE if org} | set(STAFF_NAMES)
    return rich, names | {'Ana Costa', 'Meta', 'Bruno K.', 'Back in five minutes', code}


def test_deleting_a_session_leaves_no_row_with_its_id_or_names(world: World) -> None:
    rich, needles = fill_everything(world)
    other = world.new_session(title='Another dialogue')
    world.service.join(other.code, name='Olga Other', group='industry', organization='Keepers Ltd')
    session_id = rich.people['Amina Okafor'].session_id
    assert session_id is not None
    ids = {str(session_id), session_id.hex}
    before = every_row(world)
    filled = {name for name, row in before if mentions(row, ids | needles)}
    assert any(name == 'noterevision' for name, _row in before)  # note revisions point at notes, no session id
    assert {'participant', 'post', 'vote', 'note', 'speaker', 'moderationentry', 'broadcast',
            'helpcall', 'staffgrant', 'timersnapshot', 'segment', 'room', 'dialogue_session'} <= filled

    world.service.delete_session(world.organizer, rich.code)

    after = every_row(world)
    left = [(name, row) for name, row in after if mentions(row, ids | needles)]
    assert left == []
    assert not any(name == 'noterevision' for name, _row in after)  # the other session has no notes
    assert any(mentions(row, {'Olga Other', 'Keepers Ltd', other.code}) for _name, row in after)
    assert json_state(world.service, other.code)['participant_count'] == 1


def test_after_deletion_the_code_is_unknown_and_tokens_and_keys_are_refused(world: World) -> None:
    issued = world.new_session()
    joined = world.service.join(issued.code, name='Amina', group='youth')
    world.service.authenticate(issued.code, joined.token)  # cached now
    world.service.delete_session(world.organizer, issued.code)
    with pytest.raises(NotFound):
        world.service.state(issued.code)
    for secret in (joined.token, issued.moderator_key, issued.rapporteur_key):
        with pytest.raises((NotFound, Unauthorized)):
            world.service.authenticate(issued.code, secret)
    with pytest.raises(NotFound):
        world.service.delete_session(world.organizer, issued.code)


@pytest.mark.parametrize('who', ['moderator', 'rapporteur', 'participant'])
def test_only_the_organiser_may_delete_a_session(world: World, who: str) -> None:
    issued = world.new_session()
    actor = {'moderator': world.moderator, 'rapporteur': world.rapporteur,
             'participant': world.participant}[who](issued)
    before = world.service.state(issued.code)
    with pytest.raises(Forbidden):
        world.service.delete_session(actor, issued.code)
    assert world.service.state(issued.code) == before


def created(world: World, issued: Any, days_ago: float) -> None:
    """Pretend the session was set up `days_ago` (creation times come from the real clock, not the fake one)."""
    with Session(world.service.engine) as db:
        session = db.exec(select(DialogueSession).where(DialogueSession.code == issued.code)).one()[0]
        session.created_at = world.clock() - timedelta(days=days_ago)
        db.add(session)
        db.commit()


def test_retention_purges_a_session_past_its_age_and_keeps_a_younger_one(world: World) -> None:
    now = world.clock()
    old = world.new_session(title='Long ago', starts_at=now - timedelta(days=91))
    created(world, old, 120)
    world.service.join(old.code, name='Amina Old', group='youth')
    young = world.new_session(title='Recent', starts_at=now - timedelta(days=89))
    created(world, young, 120)
    world.service.join(young.code, name='Ben Young', group='industry')
    assert world.service.purge_expired(retention_days=90) == [old.code]
    with pytest.raises(NotFound):
        world.service.state(old.code)
    assert json_state(world.service, young.code)['participant_count'] == 1
    assert not any(mentions(row, {'Amina Old'}) for _name, row in every_row(world))
    world.clock.advance(timedelta(days=2).total_seconds())  # the young one's scheduled end passes the 90 days
    assert world.service.purge_expired(retention_days=90) == [young.code]


def test_retention_counts_from_the_scheduled_end_not_the_start(world: World) -> None:
    now = world.clock()
    agenda_s = sum(s['planned_seconds'] for s in json_state(world.service, world.new_session().code)['segments'])
    almost = world.new_session(starts_at=now - timedelta(days=90, seconds=agenda_s - 60))
    created(world, almost, 120)
    assert world.service.purge_expired(retention_days=90) == []
    world.clock.advance(61)
    assert world.service.purge_expired(retention_days=90) == [almost.code]


async def test_the_retention_job_purges_on_its_own(world: World) -> None:
    import asyncio

    old = world.new_session(starts_at=world.clock() - timedelta(days=400))
    created(world, old, 400)
    job = asyncio.create_task(purge_expired_sessions(world.service, retention_days=90, interval_s=0.01))
    try:
        async with asyncio.timeout(5):
            while world.service.find_code(old.code) is not None:
                await asyncio.sleep(0.01)
    finally:
        job.cancel()


def test_a_session_set_up_after_its_date_is_kept_for_the_retention_days_from_its_creation(world: World) -> None:
    late = world.new_session(starts_at=world.clock() - timedelta(days=400))
    created(world, late, 10)
    assert world.service.purge_expired(retention_days=90) == []
    world.clock.advance(timedelta(days=81).total_seconds())
    assert world.service.purge_expired(retention_days=90) == [late.code]


def test_deleting_an_unknown_code_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        world.service.delete_session(world.organizer, str(uuid.uuid4())[:7])


def test_after_remove_no_row_keeps_the_persons_name_or_organisation(world: World) -> None:
    issued = world.new_session()
    moderator = world.moderator(issued)
    joined = world.service.join(issued.code, name='Zebulon Quirk', group='industry', organization='Quirkworks')
    zeb = world.service.authenticate(issued.code, joined.token)
    room = json_state(world.service, issued.code)['rooms'][0]['id']
    world.service.open_rooms(moderator, issued.code, 10)
    world.service.join_room(zeb, issued.code, room)
    world.service.add_post(zeb, issued.code, room, text='An idea worth keeping')
    world.service.set_hands(moderator, issued.code, True)
    world.service.raise_hand(zeb, issued.code)
    world.service.next_speaker(moderator, issued.code)
    world.service.finish_speaker(moderator, issued.code)
    assert any(mentions(row, {'Zebulon Quirk'}) for name, row in every_row(world) if name == 'speaker')

    world.service.moderate_participant(moderator, issued.code, joined.participant_id, 'remove')

    left = [(name, row) for name, row in every_row(world) if mentions(row, {'Zebulon', 'Quirk'})]
    assert left == []
    speakers = json_state(world.service, issued.code, staff=True)['speakers']
    assert [s['name'] for s in speakers if s['kind'] == 'hand'] == ['Removed participant']
