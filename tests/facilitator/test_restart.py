"""Rebuilding state from the database: a restart loses nothing, and the downtime counts."""

from db.enums import Role
from tests.factories import World, json_state

from .helpers import PLANNED, now_ms, segment, view


def test_a_running_timer_keeps_its_end_across_a_restart(world: World) -> None:
    issued = world.new_session()
    world.service.start_segment(world.moderator(issued), issued.code)
    world.clock.advance(100)
    ends_at = segment(world, issued.code, 0)['ends_at_ms']
    world.clock.advance(45)  # the process is down for 45 seconds
    after = world.restart()
    first = segment(after, issued.code, 0)
    assert first['state'] == 'running'
    assert first['ends_at_ms'] == ends_at
    assert first['remaining_seconds'] == PLANNED[0] - 145, 'the downtime counts'
    after.service.pause_segment(after.moderator(issued), issued.code)
    assert segment(after, issued.code, 0)['remaining_seconds'] == PLANNED[0] - 145


def test_a_paused_timer_keeps_its_seconds_across_a_restart(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    world.clock.advance(100)
    world.service.next_segment(mod, issued.code)
    world.clock.advance(70.5)
    world.service.pause_segment(mod, issued.code)
    world.clock.advance(3600)
    after = world.restart()
    state = json_state(after.service, issued.code)
    assert (state['status'], state['current_segment']) == ('live', 1)
    second = state['segments'][1]
    assert (second['state'], second['remaining_seconds'], second['ends_at_ms']) == ('paused', PLANNED[1] - 70.5, None)
    after.service.resume_segment(after.moderator(issued), issued.code)
    assert segment(after, issued.code, 1)['ends_at_ms'] == now_ms(after) + (PLANNED[1] - 70.5) * 1000


def test_the_whole_public_state_survives_a_restart(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    world.service.extend_segment(mod, issued.code, 90)
    world.service.show_join_slide(mod, issued.code, True)
    world.service.add_topic(mod, issued.code, topic='Third topic')
    world.participant(issued)
    before = view(world, issued.code)
    assert view(world.restart(), issued.code) == before


def test_undo_history_survives_a_restart(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    world.service.next_segment(mod, issued.code)
    after = world.restart()
    assert after.service.undo_timer(after.moderator(issued), issued.code) == 'next'
    state = json_state(after.service, issued.code)
    assert state['current_segment'] == 0
    assert [s['state'] for s in state['segments']] == ['running', 'pending', 'pending']


def test_an_ended_session_stays_ended_after_a_restart(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    world.service.end_session(mod, issued.code)
    assert json_state(world.restart().service, issued.code)['status'] == 'ended'


def test_participants_keep_their_identity(world: World) -> None:
    issued = world.new_session()
    joined = world.service.join(issued.code, name='Amina', group='youth', browser_id='laptop')
    other = world.service.join(issued.code, name='Ben', group='industry')
    world.service.claim_personal_link(issued.code, other.token, 'phone')
    after = world.restart()
    actor = after.service.authenticate(issued.code, joined.token)
    assert (actor.role, str(actor.participant_id), actor.name) == (Role.PARTICIPANT, joined.participant_id, 'Amina')
    laptop = after.service.participant_for_browser(issued.code, 'laptop')
    phone = after.service.participant_for_browser(issued.code, 'phone')
    assert laptop is not None and (laptop.id, laptop.show_name) == (joined.participant_id, False)
    assert phone is not None and phone.id == other.participant_id
    assert after.service.claim_personal_link(issued.code, joined.token, 'tablet') is True


def test_staff_keys_and_grants_survive_a_restart(world: World) -> None:
    issued = world.new_session()
    world.service.grant_staff(issued.code, issued.moderator_key, 'console')
    world.service.organizer_login('test-organizer-token', 'admin-browser')
    after = world.restart()
    assert after.moderator(issued).role == Role.MODERATOR
    assert after.rapporteur(issued).role == Role.RAPPORTEUR
    assert after.service.staff_for_browser(issued.code, 'console', Role.MODERATOR) is not None
    assert after.service.organizer_for_browser('admin-browser') is not None
