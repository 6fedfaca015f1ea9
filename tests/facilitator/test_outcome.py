"""Publishing the outcome: staff only, frozen as published, anonymised (groups, no names or organisations, small
groups merged), withdrawn to 404, kept by the retention purge, mailed once to each registrant."""

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from db.enums import MailKind
from db.outcome_models import PublishedOutcome
from db.series_models import OutboxMessage
from facilitator.errors import Forbidden, NotFound
from facilitator.events import ChangeKind
from facilitator.outcome_view import posts_of
from tests.factories import World, json_state

from .outcome_helpers import COMMON, HIDDEN, NAMES, ORGANISATIONS, SOLUTION, SUMMARY, YOUTH_POST, finished_session
from .test_privacy import created


def test_an_unpublished_outcome_is_not_found(world: World) -> None:
    done = finished_session(world)
    with pytest.raises(NotFound) as refused:
        world.service.outcome(done.code)
    assert refused.value.code == 'outcome_not_published'
    assert json_state(world.service, done.code)['outcome_url'] is None


def test_a_moderator_publishes_and_the_snapshot_links_the_outcome_page(world: World) -> None:
    done = finished_session(world)
    before = len(world.events)
    status = world.service.publish_outcome(done.mod, done.code, True)
    assert status.published and status.url == f'http://testserver/s/{done.code}/outcome'
    assert [e.kind for e in world.events[before:]] == [ChangeKind.SETUP]
    assert json_state(world.service, done.code)['outcome_url'] == status.url
    outcome = world.service.outcome(done.code)
    assert outcome.title == json_state(world.service, done.code)['title'] and outcome.url == status.url


def test_a_rapporteur_may_publish_and_withdraw(world: World) -> None:
    done = finished_session(world)
    world.service.publish_outcome(done.rapporteur, done.code, True)
    status = world.service.publish_outcome(done.rapporteur, done.code, False)
    assert not status.published
    with pytest.raises(NotFound):
        world.service.outcome(done.code)
    assert json_state(world.service, done.code)['outcome_url'] is None


def test_a_participant_may_not_publish_and_nothing_changes(world: World) -> None:
    done = finished_session(world)
    before = len(world.events)
    with pytest.raises(Forbidden):
        world.service.publish_outcome(done.people['Ingrid Industry'], done.code, True)
    assert len(world.events) == before
    with pytest.raises(NotFound):
        world.service.outcome(done.code)


def test_withdrawing_what_is_not_published_changes_nothing(world: World) -> None:
    done = finished_session(world)
    before = len(world.events)
    assert not world.service.publish_outcome(done.mod, done.code, False).published
    assert len(world.events) == before


def test_the_outcome_holds_the_summary_top_posts_solutions_and_shown_polls(world: World) -> None:
    done = finished_session(world)
    world.service.publish_outcome(done.mod, done.code, True)
    outcome = world.service.outcome(done.code)
    first, second = outcome.rooms[0], outcome.rooms[1]
    assert first.summary == SUMMARY and second.summary == ''  # a draft summary stays out
    assert [p.text for p in first.top][:2] == [COMMON, SOLUTION]
    assert first.common_ground_counted and [p.text for p in first.top if p.common_ground] == [COMMON]  # one group: no
    assert [s.text for s in outcome.solutions] == [SOLUTION] and outcome.solutions[0].room == first.topic
    assert [p.question for p in outcome.polls] == ['Who should act first?']
    assert [(c.label, c.count) for c in outcome.polls[0].counts] == [('Platforms', 3), ('Regulators', 0)]
    assert HIDDEN not in {p.text for p in posts_of(outcome)}


def test_the_outcome_names_groups_never_people_or_organisations(world: World) -> None:
    done = finished_session(world)
    world.service.publish_outcome(done.mod, done.code, True)
    raw = world.service.outcome(done.code).model_dump_json()
    assert not [word for word in NAMES | ORGANISATIONS if word in raw]
    outcome = world.service.outcome(done.code)
    assert {p.group for p in outcome.rooms[0].top} == {'industry', 'government', None}  # None: posted anonymously


def test_a_group_of_fewer_than_three_is_merged(world: World) -> None:
    done = finished_session(world)
    world.service.publish_outcome(done.mod, done.code, True)
    outcome = world.service.outcome(done.code)
    youth = next(p for p in outcome.rooms[1].top if p.text == YOUTH_POST)
    assert youth.group == 'smaller_groups'
    assert 'youth' not in outcome.rooms[1].members_by_group and 'youth' not in outcome.participants_by_group
    assert outcome.rooms[1].members_by_group == {'civil_society': 3, 'smaller_groups': 1}


def test_the_page_shows_what_was_published_until_published_again(world: World) -> None:
    done = finished_session(world)
    world.service.publish_outcome(done.mod, done.code, True)
    world.clock.advance(60)
    world.service.set_room_summary(done.rapporteur, done.code, done.rooms[0], text='A later, better summary.')
    assert world.service.outcome(done.code).rooms[0].summary == SUMMARY
    world.service.publish_outcome(done.mod, done.code, True)
    again = world.service.outcome(done.code)
    assert again.rooms[0].summary == 'A later, better summary.'
    assert again.published_at_ms == int(world.clock().timestamp() * 1000)


def test_the_retention_purge_keeps_the_published_outcome(world: World) -> None:
    now = world.clock()
    done = finished_session(world, starts_at=now - timedelta(days=100))
    created(world, done.issued, 120)
    world.service.publish_outcome(done.mod, done.code, True)
    published = world.service.outcome(done.code)
    assert world.service.purge_expired(retention_days=90) == [done.code]
    with pytest.raises(NotFound):
        world.service.state(done.code)
    assert world.service.outcome(done.code) == published


def test_deleting_the_session_on_purpose_deletes_its_outcome(world: World) -> None:
    done = finished_session(world)
    world.service.publish_outcome(done.mod, done.code, True)
    world.service.delete_session(world.organizer, done.code)
    with pytest.raises(NotFound):
        world.service.outcome(done.code)
    with Session(world.service.engine) as db:
        assert db.exec(select(PublishedOutcome)).all() == []


def test_each_registrant_is_mailed_once_in_their_language(world: World) -> None:
    world.service.configure_mail('smtp://127.0.0.1:1', 'cop@itu.example')  # queued only: nothing is delivered
    issued = world.new_session(starts_at=world.clock() + timedelta(days=3))
    for email, language in (('ana@example.org', 'es'), ('li@example.org', 'zh'), ('gone@example.org', 'en')):
        world.service.register(issued.code, name='Reg', email_address=email, group='industry', country_code='CH',
                               consent=True, language=language)
    world.service.cancel_registration(*_cancel_args(world, issued.code, 'gone@example.org'))
    mod = world.moderator(issued)
    world.service.publish_outcome(mod, issued.code, True)
    world.service.publish_outcome(mod, issued.code, True)  # a refresh mails nobody again
    world.service.publish_outcome(mod, issued.code, False)
    world.service.publish_outcome(mod, issued.code, True)
    with Session(world.service.engine) as db:
        mails = db.exec(select(OutboxMessage).where(OutboxMessage.kind == MailKind.OUTCOME)).all()
    assert sorted(m.to_addr for m in mails) == ['ana@example.org', 'li@example.org']
    by_addr = {m.to_addr: m for m in mails}
    assert by_addr['ana@example.org'].subject.startswith('Se publicaron los resultados')
    assert f'/s/{issued.code}/outcome' in by_addr['li@example.org'].text_body
    assert '成果' in by_addr['li@example.org'].subject
    assert all(m.ics is None for m in mails)


def _cancel_args(world: World, code: str, email: str) -> tuple[str, str]:
    from db.series_models import Registration
    with Session(world.service.engine) as db:
        registration = db.exec(select(Registration).where(Registration.email == email)).one()
    return str(registration.id), world.service.registration_token(registration.id, 'cancel')
