"""Series, registration and attendance in the domain: the seed's 2025 series, personal links, registration_required."""

import uuid
from datetime import UTC, datetime

import icalendar
import pytest

from facilitator.errors import Conflict, Forbidden, InvalidInput, NotFound
from facilitator.series import SeriesInput
from facilitator.series_seed import SLUG_2025, create_2025_series
from tests.factories import World, json_state

PERSON = {'name': 'Amina Diallo', 'email_address': 'amina@example.org', 'organization': 'Child Safe Network',
          'group': 'civil_society', 'country_code': 'SN', 'consent': True}


def register(world: World, code: str, **changes: object) -> str:
    return world.service.register(code, **{**PERSON, **changes}).url  # type: ignore[arg-type]


def token_of(url: str) -> str:
    return url.split('t=', 1)[1]


def test_the_2025_series_from_the_seed_lists_four_sessions_in_date_order_with_session_3_rescheduled(
        world: World) -> None:
    create_2025_series(world.service, world.organizer)
    series = world.service.series_public(SLUG_2025)
    assert len(series['objectives']) == 5 and series['timezone'] == 'Europe/Zurich'
    sessions = series['sessions']
    assert [s['starts_at'][:10] for s in sessions] == ['2025-06-05', '2025-07-17', '2025-10-30', '2025-12-17']
    third = sessions[2]
    assert third['rescheduled'] and third['rescheduled_from'] == '2025-09-17T12:00:00+00:00'
    assert third['hybrid'] and third['topics'][0].startswith('Risks in Virtual Playgrounds')
    assert [s['rescheduled'] for s in sessions] == [False, False, True, False]
    assert series['next_session'] == sessions[2]['code']  # the fake clock is at 17 July 2025, 12:00 UTC


def test_creating_the_2025_series_twice_is_refused(world: World) -> None:
    create_2025_series(world.service, world.organizer)
    with pytest.raises(Conflict):
        create_2025_series(world.service, world.organizer)


def test_an_organiser_edits_a_series_and_nobody_else_may(world: World) -> None:
    world.service.create_series(world.organizer, slug='cop-2026', title='COP 2026')
    edited = world.service.update_series(world.organizer, 'cop-2026', SeriesInput(
        description='About', objectives='• One\n• Two\n', timezone='America/New_York'))
    assert (edited['description'], edited['objectives'], edited['timezone']) == ('About', ['One', 'Two'],
                                                                                 'America/New_York')
    issued = world.new_session()
    with pytest.raises(Forbidden):
        world.service.update_series(world.moderator(issued), 'cop-2026', SeriesInput(title='Mine'))
    with pytest.raises(InvalidInput):
        world.service.create_series(world.organizer, slug='Not a slug!', title='x')
    with pytest.raises(InvalidInput):
        world.new_session(series='no-such-series')
    with pytest.raises(NotFound):
        world.service.series_public('no-such-series')
    assert world.service.series_public('cop-2026')['title'] == 'COP 2026'


@pytest.mark.parametrize(('change', 'code'), [
    ({'consent': False}, 'consent_required'), ({'email_address': 'not-an-address'}, 'invalid_email'),
    ({'country_code': 'XX'}, 'invalid_country'), ({'group': 'pirates'}, 'invalid_input'),
])
def test_a_registration_without_consent_or_with_a_bad_email_or_country_is_refused(
        world: World, change: dict[str, object], code: str) -> None:
    issued = world.new_session()
    with pytest.raises(InvalidInput) as refused:
        register(world, issued.code, **change)
    assert refused.value.code == code
    assert world.service.registrations(world.organizer, issued.code) == []


def test_registering_twice_with_the_same_email_keeps_one_registration_and_the_same_link(world: World) -> None:
    issued = world.new_session()
    first = world.service.register(issued.code, **PERSON)  # type: ignore[arg-type]
    again = world.service.register(issued.code, **{**PERSON, 'email_address': 'AMINA@example.org'})  # type: ignore[arg-type]
    assert (first.created, again.created) == (True, False)
    assert again.registration_id == first.registration_id and again.url == first.url
    assert len(world.service.registrations(world.organizer, issued.code)) == 1


def test_the_first_use_of_the_personal_link_creates_the_participant_from_the_registration(world: World) -> None:
    issued = world.new_session()
    url = register(world, issued.code)
    assert world.service.claim_personal_link(issued.code, token_of(url), 'browser-1')
    profile = world.service.participant_for_browser(issued.code, 'browser-1')
    assert profile is not None
    assert (profile.name, profile.organization, profile.group.value) == ('Amina Diallo', 'Child Safe Network',
                                                                         'civil_society')
    assert world.service.claim_personal_link(issued.code, token_of(url), 'browser-2')  # the same person again
    assert json_state(world.service, issued.code)['participant_count'] == 1
    rows = world.service.registrations(world.moderator(issued), issued.code)
    assert [r['attended'] for r in rows] == [True]


def test_with_registration_required_only_the_personal_link_lets_people_in_and_the_call_link_is_hidden(
        world: World) -> None:
    issued = world.new_session(registration_required=True)
    world.service.update_session(world.organizer, issued.code, call_url='https://meet.example.org/cop')
    with pytest.raises(Forbidden) as refused:
        world.service.join(issued.code, name='Gatecrasher', group='other')
    assert refused.value.code == 'registration_required'
    assert json_state(world.service, issued.code)['call_url'] is None
    assert json_state(world.service, issued.code, staff=True)['call_url'] == 'https://meet.example.org/cop'
    joined = world.service.join_registered(issued.code, token_of(register(world, issued.code)))
    assert world.service.authenticate(issued.code, joined.token).name == 'Amina Diallo'
    assert world.service.call_url_for(issued.code, joined=True) == 'https://meet.example.org/cop'
    assert world.service.call_url_for(issued.code, joined=False) is None


def test_a_cancelled_registration_no_longer_opens_the_session(world: World) -> None:
    issued = world.new_session(registration_required=True)
    done = world.service.register(issued.code, **PERSON)  # type: ignore[arg-type]
    assert not world.service.cancel_registration(done.registration_id, 'wrong-key')
    key = world.service.cancel_link(uuid.UUID(done.registration_id)).split('k=')[1]
    assert world.service.cancel_registration(done.registration_id, key)
    assert not world.service.claim_personal_link(issued.code, token_of(done.url), 'browser-1')
    assert world.service.attendance(world.organizer, issued.code) is None


def test_each_new_start_raises_the_calendar_sequence_under_the_same_uid(world: World) -> None:
    issued = world.new_session()
    first = icalendar.Calendar.from_ical(world.service.public_calendar(issued.code)).walk('VEVENT')[0]
    world.service.update_session(world.organizer, issued.code, starts_at='2025-10-30T13:00:00Z')
    world.service.update_session(world.organizer, issued.code, title='Same start, new title')
    moved = icalendar.Calendar.from_ical(world.service.public_calendar(issued.code)).walk('VEVENT')[0]
    assert str(moved['UID']) == str(first['UID'])
    assert (int(first['SEQUENCE']), int(moved['SEQUENCE'])) == (0, 1)
    assert moved.decoded('DTSTART') == datetime(2025, 10, 30, 13, tzinfo=UTC)


def test_attendance_counts_registered_and_attended_per_group_and_country_and_the_report_shows_it(
        world: World) -> None:
    issued = world.new_session()
    amina = register(world, issued.code)
    register(world, issued.code, name='Li Wei', email_address='li@example.cn', group='industry', country_code='CN')
    world.service.claim_personal_link(issued.code, token_of(amina), 'browser-1')
    summary = world.service.attendance(world.organizer, issued.code)
    assert summary is not None
    assert (summary['registered'], summary['attended']) == (2, 1)
    assert summary['by_group'] == {'civil_society': {'registered': 1, 'attended': 1},
                                   'industry': {'registered': 1, 'attended': 0}}
    assert summary['by_country']['CN'] == {'name': 'China', 'registered': 1, 'attended': 0}
    report = world.service.export(world.moderator(issued), issued.code, 'md').content.decode()
    assert '1 of 2 registered people attended.' in report


def test_the_registrant_list_is_a_formula_safe_csv_for_staff_only(world: World) -> None:
    issued = world.new_session()
    register(world, issued.code, name='=HYPERLINK("http://evil")', organization='+cmd')
    content = world.service.registrations_file(world.organizer, issued.code).decode('utf-8')
    assert content.startswith('\ufeffname,email,')
    assert "'=HYPERLINK" in content and "'+cmd" in content
    with pytest.raises(Forbidden):
        world.service.registrations_file(world.participant(issued), issued.code)
