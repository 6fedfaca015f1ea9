"""The speaker queue through the service, with a fake clock: presenters, the line and the speaker timer."""

from collections.abc import Callable
from typing import Any

import pytest

from facilitator.actors import ANONYMOUS, Actor
from facilitator.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService
from tests.factories import World, json_state

from .helpers import now_ms

SHOWCASE_S = 2700
"""The template's showcase segment: 45 minutes."""


# helpers ------------------------------------------------------------------------------------------------------------

def staff_view(world: World, code: str) -> dict[str, Any]:
    state = json_state(world.service, code, staff=True)
    state.pop('server_time_ms')
    return state


def refused(world: World, issued: IssuedKeys, error: type[DomainError], call: Callable[[], object], *,
            code: str | None = None, message: str | None = None) -> DomainError:
    """Expect `error`; the staff state (names included) and the published events must not move."""
    before, events = staff_view(world, issued.code), len(world.events)
    with pytest.raises(error) as caught:
        call()
    if code is not None:
        assert caught.value.code == code
    if message is not None:
        assert caught.value.message == message
    assert staff_view(world, issued.code) == before
    assert len(world.events) == events, 'a refused command must publish nothing'
    return caught.value


def speakers(world: World, code: str) -> list[dict[str, Any]]:
    return list(json_state(world.service, code, staff=True)['speakers'])


def waiting(world: World, code: str) -> list[str]:
    return [s['name'] for s in speakers(world, code) if s['state'] == 'waiting']


def one(world: World, code: str, speaker_id: str) -> dict[str, Any]:
    return next(s for s in speakers(world, code) if s['id'] == speaker_id)


def current(world: World, code: str) -> dict[str, Any] | None:
    return json_state(world.service, code, staff=True)['current_speaker']


def add(world: World, issued: IssuedKeys, *names: str, planned: int | None = 600) -> list[str]:
    mod = world.moderator(issued)
    return [world.service.add_speaker(mod, issued.code, name=n, planned_seconds=planned) for n in names]


def to_segment(world: World, issued: IssuedKeys, index: int) -> Actor:
    """Start the agenda and move on to segment `index` (1 is the showcase, 2 the dialogue)."""
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    for _ in range(index):
        world.service.next_segment(mod, issued.code)
    return mod


def wrong_roles(world: World, issued: IssuedKeys) -> list[Actor]:
    """A participant, the rapporteur and the moderator of another session."""
    other = world.new_session()
    return [world.participant(issued), world.rapporteur(issued), world.moderator(other)]


# presenters ---------------------------------------------------------------------------------------------------------

def test_add_speaker_appends_presenters_in_order(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    first = world.service.add_speaker(mod, issued.code, name='Ana Costa', organization='Meta', title='Teen accounts',
                                      planned_seconds=600)
    world.service.add_speaker(mod, issued.code, name='Ben Ode', planned_seconds=SHOWCASE_S)  # the whole segment
    assert waiting(world, issued.code) == ['Ana Costa', 'Ben Ode']
    ana = one(world, issued.code, first)
    assert (ana['kind'], ana['state'], ana['organization'], ana['title']) == ('showcase', 'waiting', 'Meta',
                                                                              'Teen accounts')
    assert (ana['planned_seconds'], ana['planned_proposed'], ana['remaining_seconds']) == (600, False, 600.0)
    assert ana['ends_at_ms'] is ana['started_at_ms'] is ana['ended_at_ms'] is None
    assert json_state(world.service, issued.code)['speakers'][0]['name'] == 'Ana Costa', 'presenters are public'


@pytest.mark.parametrize(('field', 'value'), [
    ('name', ''), ('name', '   '), ('name', None), ('name', 42), ('name', 'x' * 81),
    ('planned_seconds', 0), ('planned_seconds', -60), ('planned_seconds', SHOWCASE_S + 1),
    ('planned_seconds', 90.5), ('planned_seconds', True), ('planned_seconds', '600'),
])
def test_add_speaker_refuses_bad_input(world: World, field: str, value: object) -> None:
    issued = world.new_session()
    add(world, issued, 'Ana')
    fields: dict[str, object] = {'name': 'Ben', 'planned_seconds': 600, field: value}
    error = refused(world, issued, InvalidInput, lambda: world.service.add_speaker(
        world.moderator(issued), issued.code, **fields))
    assert error.message.strip()


def test_paste_adds_every_line_in_order(world: World) -> None:
    issued = world.new_session()
    count = world.service.add_speakers_from_text(world.moderator(issued), issued.code,
                                                 'Ana; Meta; Teen accounts; 10\n\nBen; TikTok\nCleo;;;7,5\n')
    assert count == 3
    line = speakers(world, issued.code)
    assert [(s['name'], s['organization'], s['title']) for s in line] == [
        ('Ana', 'Meta', 'Teen accounts'), ('Ben', 'TikTok', ''), ('Cleo', '', '')]
    assert [s['planned_seconds'] for s in line] == [600, SHOWCASE_S - 600 - 450, 450]
    assert [s['planned_proposed'] for s in line] == [False, True, False]


@pytest.mark.parametrize(('bad', 'says'), [
    ('Cleo; X; Y; ten', 'minutes must be a number'),
    ('; Nobody; Y; 5', 'name must not be empty'),
    ('Cleo; X; Y; 0', 'more than zero'),
    ('Cleo; X; Y; -5', 'more than zero'),
    ('Cleo; X; Y; 46', 'longer than the showcase'),
    ('Cleo; X; Y; inf', 'minutes must be a number'),
    ('Cleo; X; Y; 1e400', 'minutes must be a number'),
])
def test_paste_with_one_bad_line_adds_nothing_and_names_the_line(world: World, bad: str, says: str) -> None:
    issued = world.new_session()
    text = f'Ana; Meta; Talk; 10\nBen; TikTok; Talk; 5\n{bad}\nDee; Snap; Talk; 5'
    error = refused(world, issued, InvalidInput, lambda: world.service.add_speakers_from_text(
        world.moderator(issued), issued.code, text))
    assert error.message.startswith('Line 3:'), error.message
    assert says in error.message


def test_paste_counts_blank_lines_when_naming_the_bad_line(world: World) -> None:
    issued = world.new_session()
    text = 'Ana; Meta; Talk; 10\n\nBen; TikTok; Talk; ten'  # the bad line is the third line of the text
    error = refused(world, issued, InvalidInput, lambda: world.service.add_speakers_from_text(
        world.moderator(issued), issued.code, text))
    assert error.message.startswith('Line 3:'), error.message


@pytest.mark.parametrize('text', ['', '  \n ', None])
def test_paste_of_nothing_is_refused(world: World, text: object) -> None:
    issued = world.new_session()
    refused(world, issued, InvalidInput, lambda: world.service.add_speakers_from_text(
        world.moderator(issued), issued.code, text))


def test_update_speaker_edits_a_waiting_presenter(world: World) -> None:
    issued = world.new_session()
    [ana] = add(world, issued, 'Ana')
    world.service.update_speaker(world.moderator(issued), issued.code, ana, name='Ana Costa', title='Teens',
                                 planned_seconds=300)
    edited = one(world, issued.code, ana)
    assert (edited['name'], edited['title'], edited['planned_seconds']) == ('Ana Costa', 'Teens', 300)


@pytest.mark.parametrize(('field', 'value'), [('name', ''), ('planned_seconds', 0), ('planned_seconds', -1),
                                              ('planned_seconds', SHOWCASE_S + 60)])
def test_update_speaker_refuses_bad_input(world: World, field: str, value: object) -> None:
    issued = world.new_session()
    [ana] = add(world, issued, 'Ana')
    refused(world, issued, InvalidInput, lambda: world.service.update_speaker(
        world.moderator(issued), issued.code, ana, **{field: value}))


def test_update_and_remove_refuse_someone_who_has_spoken(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    [ana] = add(world, issued, 'Ana')
    world.service.next_speaker(mod, issued.code)
    refused(world, issued, Conflict, lambda: world.service.update_speaker(mod, issued.code, ana, name='X'))
    refused(world, issued, Conflict, lambda: world.service.remove_speaker(mod, issued.code, ana))
    world.service.finish_speaker(mod, issued.code)
    refused(world, issued, Conflict, lambda: world.service.remove_speaker(mod, issued.code, ana))


def test_remove_speaker_takes_them_out_of_the_line(world: World) -> None:
    issued = world.new_session()
    _ana, ben = add(world, issued, 'Ana', 'Ben')
    world.service.remove_speaker(world.moderator(issued), issued.code, ben)
    assert waiting(world, issued.code) == ['Ana']


@pytest.mark.parametrize('speaker_id', ['not-a-uuid', '00000000-0000-0000-0000-000000000000', None])
def test_unknown_speaker_ids_are_not_found(world: World, speaker_id: object) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    add(world, issued, 'Ana')
    for command in (lambda: world.service.update_speaker(mod, issued.code, speaker_id, name='X'),
                    lambda: world.service.remove_speaker(mod, issued.code, speaker_id),
                    lambda: world.service.call_speaker(mod, issued.code, speaker_id),
                    lambda: world.service.skip_speaker(mod, issued.code, speaker_id),
                    lambda: world.service.restore_speaker(mod, issued.code, speaker_id),
                    lambda: world.service.move_speaker(mod, issued.code, speaker_id, 0)):
        refused(world, issued, NotFound, command, code='speaker_not_found')


def test_a_speaker_of_another_session_is_not_found(world: World) -> None:
    issued, other = world.new_session(), world.new_session()
    [foreign] = add(world, other, 'Ana')
    add(world, issued, 'Ben')
    refused(world, issued, NotFound, lambda: world.service.call_speaker(world.moderator(issued), issued.code,
                                                                        foreign))


# planned times: the inputs of the overrun projection ----------------------------------------------------------------

def test_presenters_without_planned_time_get_an_equal_share_of_the_showcase(world: World) -> None:
    issued = world.new_session()
    add(world, issued, 'Ana', planned=900)
    add(world, issued, 'Ben', 'Cleo', 'Dee', planned=None)
    line = speakers(world, issued.code)
    assert [s['planned_seconds'] for s in line] == [900, 600, 600, 600]  # (2700 - 900) / 3
    assert [s['planned_proposed'] for s in line] == [False, True, True, True]
    assert [s['remaining_seconds'] for s in line] == [900.0, 600.0, 600.0, 600.0]


def test_apply_equal_split_fixes_the_proposals(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    add(world, issued, 'Ana', planned=900)
    add(world, issued, 'Ben', 'Cleo', 'Dee', planned=None)
    world.service.apply_equal_split(mod, issued.code)
    line = speakers(world, issued.code)
    assert [s['planned_seconds'] for s in line] == [900, 600, 600, 600]
    assert not any(s['planned_proposed'] for s in line)
    add(world, issued, 'Eli', planned=None)  # the fixed shares no longer move when someone is added
    assert [s['planned_seconds'] for s in speakers(world, issued.code)][:4] == [900, 600, 600, 600]


# next, call, finish -------------------------------------------------------------------------------------------------

def test_next_speaker_on_an_empty_queue_is_refused(world: World) -> None:
    issued = world.new_session()
    refused(world, issued, Conflict, lambda: world.service.next_speaker(world.moderator(issued), issued.code),
            code='queue_empty', message='No speaker is waiting.')


def test_next_speaker_calls_the_first_and_records_planned_and_actual_times(world: World) -> None:
    issued = world.new_session()
    mod = to_segment(world, issued, 1)
    ana, ben = add(world, issued, 'Ana', 'Ben')
    world.service.next_speaker(mod, issued.code)
    started = now_ms(world)
    speaking = current(world, issued.code)
    assert speaking is not None and speaking['id'] == ana
    assert (speaking['state'], speaking['started_at_ms'], speaking['ended_at_ms']) == ('speaking', started, None)
    assert speaking['ends_at_ms'] == started + 600_000
    world.clock.advance(130)
    assert one(world, issued.code, ana)['remaining_seconds'] == 470

    world.service.next_speaker(mod, issued.code)
    done = one(world, issued.code, ana)
    assert (done['state'], done['planned_seconds']) == ('done', 600)
    assert (done['started_at_ms'], done['ended_at_ms']) == (started, started + 130_000)
    assert done['ends_at_ms'] is None and done['remaining_seconds'] == 470
    assert current(world, issued.code)['id'] == ben  # type: ignore[index]
    assert [s['name'] for s in speakers(world, issued.code)] == ['Ana', 'Ben'], 'finished first, then current'


def test_calling_a_presenter_with_a_proposed_time_records_that_time(world: World) -> None:
    issued = world.new_session()
    [ana] = add(world, issued, 'Ana', 'Ben', planned=None)[:1]
    world.service.next_speaker(world.moderator(issued), issued.code)
    called = one(world, issued.code, ana)
    assert (called['planned_seconds'], called['planned_proposed']) == (SHOWCASE_S // 2, False)


def test_next_speaker_skips_over_skipped_and_an_empty_line_after_them_is_refused(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    [ana] = add(world, issued, 'Ana')
    world.service.skip_speaker(mod, issued.code, ana)
    refused(world, issued, Conflict, lambda: world.service.next_speaker(mod, issued.code), code='queue_empty')


def test_next_speaker_with_a_stale_version_is_refused(world: World) -> None:
    issued = world.new_session()
    add(world, issued, 'Ana')
    stale = json_state(world.service, issued.code)['agenda_version'] - 1
    refused(world, issued, Conflict, lambda: world.service.next_speaker(
        world.moderator(issued), issued.code, expected_version=stale), code='stale_version')


def test_call_speaker_calls_out_of_turn_and_leaves_the_line(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    _ana, _ben, cleo = add(world, issued, 'Ana', 'Ben', 'Cleo')
    world.service.call_speaker(mod, issued.code, cleo)
    assert current(world, issued.code)['name'] == 'Cleo'  # type: ignore[index]
    assert waiting(world, issued.code) == ['Ana', 'Ben']
    refused(world, issued, Conflict, lambda: world.service.call_speaker(mod, issued.code, cleo))


def test_finish_speaker_ends_the_speech(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    [ana] = add(world, issued, 'Ana')
    world.service.next_speaker(mod, issued.code)
    world.clock.advance(700)
    world.service.finish_speaker(mod, issued.code)
    done = one(world, issued.code, ana)
    assert (done['state'], done['remaining_seconds'], done['ended_at_ms']) == ('done', -100, now_ms(world))
    assert current(world, issued.code) is None
    refused(world, issued, Conflict, lambda: world.service.finish_speaker(mod, issued.code), code='nobody_speaking')


# skip and put back --------------------------------------------------------------------------------------------------

def test_skip_and_restore_keep_the_old_place(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    ana, ben, _cleo = add(world, issued, 'Ana', 'Ben', 'Cleo')
    world.service.skip_speaker(mod, issued.code, ben)
    assert one(world, issued.code, ben)['state'] == 'skipped'
    assert waiting(world, issued.code) == ['Ana', 'Cleo']
    world.service.restore_speaker(mod, issued.code, ben)
    assert waiting(world, issued.code) == ['Ana', 'Ben', 'Cleo']

    world.service.skip_speaker(mod, issued.code, ana)
    world.service.next_speaker(mod, issued.code)  # Ben speaks while Ana is skipped
    world.service.restore_speaker(mod, issued.code, ana)
    assert waiting(world, issued.code) == ['Ana', 'Cleo'], 'Ana is back ahead of those who were behind her'


def test_skip_and_restore_refuse_the_wrong_state(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    ana, ben = add(world, issued, 'Ana', 'Ben')
    refused(world, issued, Conflict, lambda: world.service.restore_speaker(mod, issued.code, ben))
    world.service.next_speaker(mod, issued.code)
    refused(world, issued, Conflict, lambda: world.service.skip_speaker(mod, issued.code, ana))
    world.service.skip_speaker(mod, issued.code, ben)
    refused(world, issued, Conflict, lambda: world.service.skip_speaker(mod, issued.code, ben))


# reorder ------------------------------------------------------------------------------------------------------------

def test_move_speaker_reorders_the_waiting_line(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    ana, _ben, cleo = add(world, issued, 'Ana', 'Ben', 'Cleo')
    world.service.move_speaker(mod, issued.code, cleo, 0)
    assert waiting(world, issued.code) == ['Cleo', 'Ana', 'Ben']
    world.service.move_speaker(mod, issued.code, ana, 2)
    assert waiting(world, issued.code) == ['Cleo', 'Ben', 'Ana']
    add(world, issued, 'Dee')
    assert waiting(world, issued.code) == ['Cleo', 'Ben', 'Ana', 'Dee'], 'a new presenter joins at the end'
    world.service.next_speaker(mod, issued.code)
    assert current(world, issued.code)['name'] == 'Cleo'  # type: ignore[index]


@pytest.mark.parametrize('position', [3, -1, 99, True, '1', 1.0, None])
def test_move_speaker_to_a_position_that_does_not_exist_is_refused(world: World, position: object) -> None:
    issued = world.new_session()
    ana, _ben, _cleo = add(world, issued, 'Ana', 'Ben', 'Cleo')
    refused(world, issued, InvalidInput, lambda: world.service.move_speaker(
        world.moderator(issued), issued.code, ana, position), code='no_such_position')


def test_move_speaker_refuses_someone_not_waiting(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    ana, ben = add(world, issued, 'Ana', 'Ben')
    world.service.next_speaker(mod, issued.code)
    world.service.skip_speaker(mod, issued.code, ben)
    for speaker_id in (ana, ben):
        refused(world, issued, Conflict, lambda s=speaker_id: world.service.move_speaker(mod, issued.code, s, 0))


# the speaker timer --------------------------------------------------------------------------------------------------

def test_extend_speaker_moves_the_end_both_ways(world: World) -> None:
    issued = world.new_session()
    mod = to_segment(world, issued, 1)
    add(world, issued, 'Ana')
    world.service.next_speaker(mod, issued.code)
    ends = current(world, issued.code)['ends_at_ms']  # type: ignore[index]
    world.service.extend_speaker(mod, issued.code, 120)
    assert current(world, issued.code)['ends_at_ms'] == ends + 120_000  # type: ignore[index]
    world.service.extend_speaker(mod, issued.code, -300)
    assert current(world, issued.code)['remaining_seconds'] == 600 + 120 - 300  # type: ignore[index]


def test_extend_speaker_while_held_changes_the_seconds_left(world: World) -> None:
    issued = world.new_session()
    mod = to_segment(world, issued, 1)
    add(world, issued, 'Ana')
    world.service.next_speaker(mod, issued.code)
    world.service.pause_segment(mod, issued.code)
    world.service.extend_speaker(mod, issued.code, -60)
    speaking = current(world, issued.code)
    assert (speaking['ends_at_ms'], speaking['remaining_seconds']) == (None, 540)  # type: ignore[index]


@pytest.mark.parametrize('seconds', [0, 1.5, '60', None, True, 10 ** 6])
def test_extend_speaker_refuses_bad_amounts(world: World, seconds: object) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    add(world, issued, 'Ana')
    world.service.next_speaker(mod, issued.code)
    refused(world, issued, InvalidInput, lambda: world.service.extend_speaker(mod, issued.code, seconds))


def test_extend_speaker_with_nobody_speaking_is_refused(world: World) -> None:
    issued = world.new_session()
    add(world, issued, 'Ana')
    refused(world, issued, Conflict, lambda: world.service.extend_speaker(world.moderator(issued), issued.code, 60),
            code='nobody_speaking')


def test_speaker_timer_pauses_and_resumes_with_the_segment(world: World) -> None:
    issued = world.new_session()
    mod = to_segment(world, issued, 1)
    add(world, issued, 'Ana')
    world.service.next_speaker(mod, issued.code)
    world.clock.advance(100)
    world.service.pause_segment(mod, issued.code)
    held = current(world, issued.code)
    assert (held['ends_at_ms'], held['remaining_seconds']) == (None, 500)  # type: ignore[index]
    world.clock.advance(300)
    assert current(world, issued.code)['remaining_seconds'] == 500  # type: ignore[index]
    world.service.resume_segment(mod, issued.code)
    assert current(world, issued.code)['ends_at_ms'] == now_ms(world) + 500_000  # type: ignore[index]
    world.clock.advance(50)
    assert current(world, issued.code)['remaining_seconds'] == 450  # type: ignore[index]


def test_a_speaker_called_while_the_segment_is_paused_starts_held(world: World) -> None:
    issued = world.new_session()
    mod = to_segment(world, issued, 1)
    world.service.pause_segment(mod, issued.code)
    add(world, issued, 'Ana')
    world.service.next_speaker(mod, issued.code)
    world.clock.advance(90)
    held = current(world, issued.code)
    assert (held['ends_at_ms'], held['remaining_seconds']) == (None, 600)  # type: ignore[index]
    world.service.resume_segment(mod, issued.code)
    world.clock.advance(90)
    assert current(world, issued.code)['remaining_seconds'] == 510  # type: ignore[index]


# roles: every moderator command refuses everyone else ---------------------------------------------------------------

Command = Callable[[FacilitatorService, Actor, str, dict[str, str]], object]
MODERATOR_COMMANDS: dict[str, Command] = {
    'add_speaker': lambda s, a, c, ids: s.add_speaker(a, c, name='Eve'),
    'add_speakers_from_text': lambda s, a, c, ids: s.add_speakers_from_text(a, c, 'Eve; Org; Talk; 5'),
    'update_speaker': lambda s, a, c, ids: s.update_speaker(a, c, ids['Ben'], name='Benedict'),
    'remove_speaker': lambda s, a, c, ids: s.remove_speaker(a, c, ids['Ben']),
    'apply_equal_split': lambda s, a, c, ids: s.apply_equal_split(a, c),
    'next_speaker': lambda s, a, c, ids: s.next_speaker(a, c),
    'call_speaker': lambda s, a, c, ids: s.call_speaker(a, c, ids['Dee']),
    'finish_speaker': lambda s, a, c, ids: s.finish_speaker(a, c),
    'skip_speaker': lambda s, a, c, ids: s.skip_speaker(a, c, ids['Ben']),
    'restore_speaker': lambda s, a, c, ids: s.restore_speaker(a, c, ids['Cleo']),
    'move_speaker': lambda s, a, c, ids: s.move_speaker(a, c, ids['Dee'], 0),
    'extend_speaker': lambda s, a, c, ids: s.extend_speaker(a, c, 60),
    'set_hands': lambda s, a, c, ids: s.set_hands(a, c, True),
    'set_fair_order': lambda s, a, c, ids: s.set_fair_order(a, c, True),
    'set_hand_seconds': lambda s, a, c, ids: s.set_hand_seconds(a, c, 90),
}


def busy_line(world: World, issued: IssuedKeys) -> dict[str, str]:
    """Ana speaking, Ben waiting, Cleo skipped, Dee waiting without a planned time."""
    mod = world.moderator(issued)
    ids = dict(zip(('Ana', 'Ben', 'Cleo'), add(world, issued, 'Ana', 'Ben', 'Cleo'), strict=True))
    [ids['Dee']] = add(world, issued, 'Dee', planned=None)
    world.service.next_speaker(mod, issued.code)
    world.service.skip_speaker(mod, issued.code, ids['Cleo'])
    return ids


@pytest.mark.parametrize('command', sorted(MODERATOR_COMMANDS))
def test_moderator_commands_refuse_every_other_role(world: World, command: str) -> None:
    issued = world.new_session()
    ids = busy_line(world, issued)
    run = MODERATOR_COMMANDS[command]
    for actor in [*wrong_roles(world, issued), ANONYMOUS]:
        refused(world, issued, Forbidden, lambda a=actor: run(world.service, a, issued.code, ids))
    events = len(world.events)
    run(world.service, world.moderator(issued), issued.code, ids)  # the very same call is fine for the moderator
    assert len(world.events) == events + 1
