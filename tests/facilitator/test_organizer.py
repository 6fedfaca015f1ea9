"""The organiser: sessions from templates, join codes, keys and links, session settings."""

import json
import re
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from db.models import DialogueSession
from facilitator.errors import Forbidden, NotFound, Unauthorized
from facilitator.events import ChangeKind
from facilitator.security import CODE_ALPHABET, new_code
from facilitator.templates import TEMPLATES
from tests.factories import ADMIN_TOKEN, World, json_state

from .helpers import PLANNED, refused, utc

S2 = 'cop-industry-connect-2025-s2'
DATED = {
    'cop-industry-connect-2025-s1': utc(2025, 6, 5, 12),
    'cop-industry-connect-2025-s2': utc(2025, 7, 17, 12),
    'cop-industry-connect-2025-s3': utc(2025, 10, 30, 13),  # CET again after the last Sunday of October
    'cop-industry-connect-2025-s4': utc(2025, 12, 17, 13),
}
LOOK_ALIKES = set('0O1IL')


@pytest.mark.parametrize('template', [*DATED, 'custom'])
def test_every_template_gives_the_two_hour_format(world: World, template: str) -> None:
    issued = world.new_session(template=template)
    state = json_state(world.service, issued.code)
    assert [(s['kind'], s['planned_seconds']) for s in state['segments']] == [
        ('scene_setting', PLANNED[0]), ('showcase', PLANNED[1]), ('dialogue', PLANNED[2])]
    assert [s['index'] for s in state['segments']] == [0, 1, 2]
    assert all(s['state'] == 'pending' and s['remaining_seconds'] == s['planned_seconds'] for s in state['segments'])
    assert (state['status'], state['current_segment'], state['join_slide']) == ('scheduled', 0, False)
    assert (state['participant_count'], state['timezone']) == (0, 'Europe/Zurich')
    assert len(state['rooms']) == 2
    assert state['ends_at_scheduled_ms'] - state['starts_at_ms'] == 2 * 3600 * 1000
    assert [s['scheduled_start_ms'] - state['starts_at_ms'] for s in state['segments']] == [0, 900_000, 3_600_000]
    assert issued.title == state['title'] == TEMPLATES[template].title


@pytest.mark.parametrize(('template', 'start'), DATED.items())
def test_dated_templates_start_at_14_00_in_geneva(world: World, template: str, start: object) -> None:
    state = json_state(world.service, world.new_session(template=template).code)
    assert state['starts_at_ms'] == round(start.timestamp() * 1000)  # type: ignore[attr-defined]


def test_custom_template_starts_at_the_next_full_hour(world: World) -> None:
    world.clock.advance(17 * 60 + 3)  # 12:17:03 UTC
    state = json_state(world.service, world.new_session(template='custom').code)
    assert state['starts_at_ms'] == round(utc(2025, 7, 17, 13).timestamp() * 1000)


def test_session_two_carries_the_brief(world: World) -> None:
    state = json_state(world.service, world.new_session(template=S2).code)
    assert state['title'] == 'Social Media & Child Protection: Addressing Risks, Responsibility, and Resilience'
    assert state['theme'].startswith('This session will explore how social media platforms can both pose risks')
    assert state['key_themes'] == [
        'Addressing exposure to harmful content, cyberbullying, and online grooming',
        'Leveraging social media as a channel for help-seeking and support',
        'Advancing rights-based and child-centered approaches to platform governance',
    ]
    assert [r['topic'] for r in state['rooms']] == [
        'Risks on Social Media — From Peer-to-Peer Violence to Harmful Interactions',
        'Opportunities for Support — Enabling Children’s Access to Protection through Social Media',
    ]
    assert (state['location'], state['hybrid']) == ('Online', False)


def test_session_three_is_hybrid_on_30_october_with_a_rescheduling_note(world: World) -> None:
    state = json_state(world.service, world.new_session(template='cop-industry-connect-2025-s3').code)
    assert state['hybrid'] is True
    assert 'in person' in state['location']
    assert 'Rescheduled' in state['note']
    assert '17 September' in state['note']
    assert '30 October' in state['note']
    assert state['starts_at'].startswith('2025-10-30T13:00')


def test_overrides_for_title_start_and_timezone(world: World) -> None:
    issued = world.new_session(template='custom', title='  Rehearsal   run ', starts_at='2025-08-01T16:30:00+02:00',
                               timezone='America/New_York')
    state = json_state(world.service, issued.code)
    assert issued.title == state['title'] == 'Rehearsal run'
    assert state['starts_at_ms'] == round(utc(2025, 8, 1, 14, 30).timestamp() * 1000)
    assert state['timezone'] == 'America/New_York'


def test_a_naive_start_is_read_as_utc(world: World) -> None:
    state = json_state(world.service, world.new_session(starts_at='2025-08-01T09:15:00').code)
    assert state['starts_at_ms'] == round(utc(2025, 8, 1, 9, 15).timestamp() * 1000)


def test_join_codes_are_short_with_no_look_alikes(world: World) -> None:
    codes = [world.new_session().code for _ in range(25)]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert re.fullmatch('[A-Z2-9]{6,8}', code), code
        assert not set(code) & LOOK_ALIKES, code
    drawn = {new_code() for _ in range(3000)}
    assert all(6 <= len(c) <= 8 for c in drawn)
    assert not set(''.join(drawn)) & LOOK_ALIKES
    assert set(''.join(drawn)) <= set(CODE_ALPHABET)


def test_codes_are_found_case_insensitively(world: World) -> None:
    issued = world.new_session()
    assert json_state(world.service, f' {issued.code.lower()} ')['code'] == issued.code
    assert world.service.find_code(issued.code.lower()) == issued.code
    assert world.service.find_code('ZZZZZZZ' if issued.code != 'ZZZZZZZ' else 'YYYYYYY') is None
    with pytest.raises(NotFound):
        json_state(world.service, 'NOPE99')


def test_create_returns_keys_and_links_and_stores_only_hashes(world: World) -> None:
    issued = world.new_session()
    assert issued.moderator_key != issued.rapporteur_key
    assert min(len(issued.moderator_key), len(issued.rapporteur_key)) >= 22  # >= 128 bits of url-safe base64
    assert issued.urls == {
        'participant': f'http://testserver/s/{issued.code}',
        'moderator': f'http://testserver/s/{issued.code}/moderate?key={issued.moderator_key}',
        'rapporteur': f'http://testserver/s/{issued.code}/rapporteur?key={issued.rapporteur_key}',
        'stage': f'http://testserver/s/{issued.code}/stage',
    }
    with Session(world.service.engine) as db:
        row = db.exec(select(DialogueSession).where(DialogueSession.code == issued.code)).one()
        stored = json.dumps(row.model_dump(mode='json'))
    assert issued.moderator_key not in stored
    assert issued.rapporteur_key not in stored
    public = json.dumps(json_state(world.service, issued.code))
    assert issued.moderator_key not in public
    assert issued.rapporteur_key not in public


def test_regenerate_keys_invalidates_the_old_keys_and_grants(world: World) -> None:
    issued = world.new_session()
    service = world.service
    assert service.grant_staff(issued.code, issued.moderator_key, 'mod-browser') == 'moderator'
    assert service.grant_staff(issued.code, issued.rapporteur_key, 'rap-browser') == 'rapporteur'
    assert service.grant_staff(issued.code, ADMIN_TOKEN, 'org-browser') == 'moderator'
    before = json_state(service, issued.code)
    world.events.clear()
    fresh = service.regenerate_keys(world.organizer, issued.code)
    after = json_state(service, issued.code)
    assert (after['version'], after['agenda_version']) == (before['version'] + 1, before['agenda_version'])
    assert [e.kind for e in world.events] == [ChangeKind.SETUP]
    assert fresh.code == issued.code
    assert {fresh.moderator_key, fresh.rapporteur_key}.isdisjoint({issued.moderator_key, issued.rapporteur_key})
    for old in (issued.moderator_key, issued.rapporteur_key):
        with pytest.raises(Unauthorized):
            service.authenticate(issued.code, old)
        assert service.grant_staff(issued.code, old, 'new-browser') is None
    assert service.staff_for_browser(issued.code, 'mod-browser', 'moderator') is None
    assert service.staff_for_browser(issued.code, 'rap-browser', 'rapporteur') is None
    assert service.staff_for_browser(issued.code, 'org-browser', 'moderator') is not None, 'organizer token held'
    assert service.authenticate(issued.code, fresh.moderator_key).role == 'moderator'
    assert service.authenticate(issued.code, fresh.rapporteur_key).role == 'rapporteur'
    assert service.grant_staff(issued.code, fresh.moderator_key, 'mod-browser') == 'moderator'
    assert service.staff_for_browser(issued.code, 'mod-browser', 'moderator') is not None
    assert fresh.urls['moderator'].endswith(f'key={fresh.moderator_key}')


def test_regenerate_keys_of_an_unknown_session_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        world.service.regenerate_keys(world.organizer, 'NOPE99')


def test_regenerate_keys_by_the_moderator_is_refused_and_keeps_the_keys(world: World) -> None:
    issued = world.new_session()
    refused(world, issued, Forbidden, lambda: world.service.regenerate_keys(world.moderator(issued), issued.code))
    assert world.service.authenticate(issued.code, issued.moderator_key).role == 'moderator'


def test_update_session_changes_the_settings(world: World) -> None:
    issued = world.new_session()
    before = json_state(world.service, issued.code)
    world.service.update_session(world.moderator(issued), issued.code, title='Dress rehearsal',
                                 starts_at=utc(2025, 7, 18, 8), timezone='Asia/Tokyo',
                                 call_url='https://zoom.example.org/j/1', theme='New theme')
    state = json_state(world.service, issued.code)
    assert (state['title'], state['timezone'], state['call_url'], state['theme']) == (
        'Dress rehearsal', 'Asia/Tokyo', 'https://zoom.example.org/j/1', 'New theme')
    assert state['starts_at_ms'] == round(utc(2025, 7, 18, 8).timestamp() * 1000)
    assert state['ends_at_scheduled_ms'] == state['starts_at_ms'] + round(timedelta(hours=2).total_seconds() * 1000)
    assert state['version'] == before['version'] + 1
    assert state['key_themes'] == before['key_themes']


def test_list_sessions_shows_every_session_newest_start_first(world: World) -> None:
    s1 = world.new_session(template='cop-industry-connect-2025-s1')
    s4 = world.new_session(template='cop-industry-connect-2025-s4')
    listed = world.service.list_sessions(world.organizer)
    assert [s['code'] for s in listed] == [s4.code, s1.code]
    assert listed[0]['status'] == 'scheduled'


def test_templates_are_listed_for_the_organiser(world: World) -> None:
    listed = {t['id']: t for t in world.service.templates()}
    assert set(listed) == {*DATED, 'custom'}
    assert listed['cop-industry-connect-2025-s3'] == {'id': 'cop-industry-connect-2025-s3',
                                                       'title': TEMPLATES['cop-industry-connect-2025-s3'].title,
                                                       'date': '2025-10-30', 'hybrid': True}
    assert listed['custom']['date'] is None
