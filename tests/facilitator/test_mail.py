"""Email against a real local SMTP server (aiosmtpd in the test process): confirmation with the .ics, the
reschedule update, reminders under the fake clock, and retries when the server refuses or is down."""

import time
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage

import icalendar
import pytest
from sqlmodel import Session, select

from db.enums import MailKind, MailState
from db.series_models import OutboxMessage
from db.series_repository import claim_message
from tests.factories import World
from tests.smtp_server import Inbox, free_port, smtp_server

PERSON = {'name': 'Amina Diallo', 'email_address': 'amina@example.org', 'organization': 'Child Safe Network',
          'group': 'civil_society', 'country_code': 'SN', 'consent': True}
START = '2025-07-20T12:00:00Z'  # three days after the fake clock's 17 July 2025, 12:00 UTC


@pytest.fixture
def inbox(world: World) -> Iterator[Inbox]:
    with smtp_server() as (received, port):
        world.service.configure_mail(f'smtp://127.0.0.1:{port}', 'cop@itu.example')
        yield received


def outbox(world: World) -> list[OutboxMessage]:
    with Session(world.service.engine) as db:
        return list(db.exec(select(OutboxMessage).order_by(OutboxMessage.created_at)))  # type: ignore[arg-type]


def event_of(message: EmailMessage) -> icalendar.Event:
    parts = [p for p in message.walk() if p.get_content_type() == 'text/calendar']
    assert len(parts) == 1
    calendar = icalendar.Calendar.from_ical(parts[0].get_content())
    assert str(calendar['METHOD']) == 'REQUEST'
    events = calendar.walk('VEVENT')
    assert len(events) == 1
    return events[0]


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=('plain',))
    assert body is not None
    return str(body.get_content())


def test_a_registration_yields_one_message_with_the_personal_link_and_a_valid_ics(world: World, inbox: Inbox) -> None:
    issued = world.new_session(starts_at=START)
    done = world.service.register(issued.code, **PERSON)  # type: ignore[arg-type]
    assert world.service.deliver_due_mail() == 1
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message['To'] == 'amina@example.org' and message['From'] == 'cop@itu.example'
    assert done.url in text_of(message)
    html = message.get_body(preferencelist=('html',))
    assert html is not None and 'Cancel your registration' in str(html.get_content())
    event = event_of(message)
    assert int(event['SEQUENCE']) == 0 and str(event['SUMMARY']) == issued.title
    assert done.url in str(event['DESCRIPTION'])
    assert str(event['ATTENDEE']) == 'mailto:amina@example.org'
    assert world.service.deliver_due_mail() == 0  # sent once
    assert [r['mail'] for r in world.service.registrations(world.organizer, issued.code)] == ['sent']


def test_registering_again_sends_the_link_again_by_mail_only_and_keeps_the_details(
        world: World, inbox: Inbox) -> None:
    issued = world.new_session(starts_at=START)
    world.service.register(issued.code, **PERSON)  # type: ignore[arg-type]
    world.clock.advance(300)
    again = world.service.register(issued.code, **{**PERSON, 'name': 'Someone Else'})  # type: ignore[arg-type]
    assert again.url is None  # knowing an address does not reveal its personal link
    world.service.register(issued.code, **PERSON)  # type: ignore[arg-type]  # at most one re-send per 5 minutes
    assert world.service.deliver_due_mail() == 2
    assert text_of(inbox.messages[0]) == text_of(inbox.messages[1])
    assert [r['name'] for r in world.service.registrations(world.organizer, issued.code)] == ['Amina Diallo']


def test_changing_starts_at_sends_an_update_with_the_same_uid_and_a_higher_sequence(
        world: World, inbox: Inbox) -> None:
    issued = world.new_session(starts_at=START)
    world.service.register(issued.code, **PERSON)  # type: ignore[arg-type]
    world.service.deliver_due_mail()
    world.service.update_session(world.organizer, issued.code, starts_at='2025-10-30T13:00:00Z')
    assert world.service.deliver_due_mail() == 1
    first, update = (event_of(m) for m in inbox.messages)
    assert str(update['UID']) == str(first['UID'])
    assert int(update['SEQUENCE']) > int(first['SEQUENCE'])
    assert update.decoded('DTSTART').isoformat() == '2025-10-30T13:00:00+00:00'
    assert inbox.messages[1]['Subject'].startswith('New date:')


def test_reminders_go_out_24_hours_and_1_hour_before_the_start_under_the_fake_clock(
        world: World, inbox: Inbox) -> None:
    issued = world.new_session(starts_at=START)
    world.service.register(issued.code, **PERSON)  # type: ignore[arg-type]
    world.service.deliver_due_mail()

    def tick(seconds: float) -> list[str]:
        world.clock.advance(seconds)
        world.service.queue_reminders()
        world.service.deliver_due_mail()
        return [m['Subject'] for m in inbox.messages[1:]]

    assert tick(2 * 24 * 3600 - 60) == []  # 24 h and one minute before: nothing yet
    assert tick(60) == [f'Tomorrow: {issued.title}']
    assert tick(3600) == [f'Tomorrow: {issued.title}']  # once only
    assert tick(22 * 3600 - 1) == [f'Tomorrow: {issued.title}']
    assert tick(1) == [f'Tomorrow: {issued.title}', f'In one hour: {issued.title}']
    assert tick(1800) == [f'Tomorrow: {issued.title}', f'In one hour: {issued.title}']
    kinds = [m.kind for m in outbox(world)]
    assert kinds == [MailKind.CONFIRMATION, MailKind.REMINDER_24H, MailKind.REMINDER_1H]


def test_a_refusing_smtp_server_leaves_the_request_fast_and_the_message_is_retried(
        world: World, inbox: Inbox) -> None:
    issued = world.new_session(starts_at=START)
    inbox.refuse = True
    began = time.perf_counter()
    world.service.register(issued.code, **PERSON)  # type: ignore[arg-type]
    assert time.perf_counter() - began < 0.5  # the request only queues the message
    assert world.service.deliver_due_mail() == 0
    [queued] = outbox(world)
    assert (queued.state, queued.attempts) == (MailState.PENDING, 1)
    assert '554' in queued.last_error
    assert world.service.deliver_due_mail() == 0  # not due again before its backoff
    inbox.refuse = False
    world.clock.advance(30)
    assert world.service.deliver_due_mail() == 1
    assert len(inbox.messages) == 1
    assert [(m.state, m.attempts) for m in outbox(world)] == [(MailState.SENT, 2)]


def test_an_smtp_server_that_is_down_leaves_the_message_queued_with_backoff_until_it_is_back(world: World) -> None:
    port = free_port()  # nothing listens here yet
    world.service.configure_mail(f'smtp://127.0.0.1:{port}', 'cop@itu.example')
    issued = world.new_session(starts_at=START)
    world.service.register(issued.code, **PERSON)  # type: ignore[arg-type]
    for wait in (0, 30, 60):
        world.clock.advance(wait)
        assert world.service.deliver_due_mail() == 0
    [queued] = outbox(world)
    assert queued.attempts == 3 and queued.state == MailState.PENDING
    assert (queued.next_attempt_at - world.clock()).total_seconds() == 120
    with smtp_server(port) as (received, _port):
        world.clock.advance(120)
        assert world.service.deliver_due_mail() == 1
        assert len(received.messages) == 1


def test_without_smtp_settings_nothing_is_queued(world: World) -> None:
    issued = world.new_session(starts_at=START)
    world.service.register(issued.code, **PERSON)  # type: ignore[arg-type]
    world.service.update_session(world.organizer, issued.code, starts_at='2025-10-30T13:00:00Z')
    assert not world.service.mail_enabled
    assert outbox(world) == [] and world.service.deliver_due_mail() == 0


def test_someone_who_registers_within_the_last_hour_gets_no_reminder_on_top_of_the_confirmation(
        world: World, inbox: Inbox) -> None:
    issued = world.new_session(starts_at=START)
    world.clock.advance(3 * 24 * 3600 - 1800)  # half an hour before the start
    world.service.register(issued.code, **PERSON)  # type: ignore[arg-type]
    world.service.queue_reminders()
    assert world.service.deliver_due_mail() == 1
    assert [m.kind for m in outbox(world)] == [MailKind.CONFIRMATION]


def test_cancellations_queued_before_a_session_is_deleted_carry_method_cancel_and_the_same_uid(
        world: World, inbox: Inbox) -> None:
    issued = world.new_session(starts_at=START)
    world.service.register(issued.code, **PERSON)  # type: ignore[arg-type]
    world.service.deliver_due_mail()
    with world.service._tx() as tx:  # what the privacy branch's delete does before erasing the session
        world.service.queue_cancellations(tx.db, world.service._load(tx.db, issued.code))
    assert world.service.deliver_due_mail() == 1
    parts = [p for p in inbox.messages[1].walk() if p.get_content_type() == 'text/calendar']
    calendar = icalendar.Calendar.from_ical(parts[0].get_content())
    assert str(calendar['METHOD']) == 'CANCEL'
    assert str(calendar.walk('VEVENT')[0]['UID']) == str(event_of(inbox.messages[0])['UID'])
    assert [m.session_id for m in outbox(world)][1] is None  # it outlives the session's erasure


def test_a_message_another_instance_has_claimed_is_not_sent_twice(world: World, inbox: Inbox) -> None:
    issued = world.new_session(starts_at=START)
    world.service.register(issued.code, **PERSON)  # type: ignore[arg-type]
    [queued] = outbox(world)
    with Session(world.service.engine) as db:  # another instance's sender takes it first
        assert claim_message(db=db, message_id=queued.id, seen=queued.next_attempt_at,
                             lease_until=world.clock() + timedelta(minutes=1))
        db.commit()
    assert world.service.deliver_due_mail() == 0
    assert inbox.messages == []


def test_the_mail_says_the_date_in_the_registrants_language() -> None:
    from datetime import UTC, datetime

    from facilitator.mail_content import MailFacts, when

    facts = MailFacts(name='Amina', title='Session 3', starts_at=datetime(2025, 10, 30, 13, 0, tzinfo=UTC),
                      timezone='Europe/Zurich', location='Geneva', personal_url='', cancel_url='', language='fr')
    assert when(facts).startswith('jeudi 30 octobre 2025, 14:00 (Europe/Zurich')
    assert 'Thursday' in when(MailFacts(**{**facts.__dict__, 'language': 'en'}))
