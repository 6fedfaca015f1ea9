"""Version semantics (API.md): `agenda_version` moves only on what staff do to the run of show; relative actions
pressed in quick succession all count unless an absolute action came between; absolute ones keep the double-press
guard."""

from collections.abc import Callable
from typing import Any

import pytest

from api.control import run_control
from facilitator.errors import Conflict
from facilitator.events import ChangeKind
from tests.factories import World, json_state

from .helpers import PLANNED, Stage, segment, staged, without_trace


def versions(world: World, code: str) -> tuple[int, int]:
    state = json_state(world.service, code)
    return state['version'], state['agenda_version']


PARTICIPANT_ACTIONS: dict[str, Callable[[World, Stage], object]] = {
    'raise a hand': lambda w, s: w.service.raise_hand(s.amina, s.code, 'comment'),
    'lower a hand': lambda w, s: w.service.lower_hand(s.amina, s.code),
    'post': lambda w, s: w.service.add_post(s.amina, s.code, s.rooms[0], text='Another idea'),
    'vote': lambda w, s: w.service.cast_vote(s.amina, s.code, s.post),
    'withdraw a vote': lambda w, s: w.service.withdraw_vote(s.amina, s.code, s.post),
    'ask': lambda w, s: w.service.add_question(s.amina, s.code, text='And who decides?'),
    'join': lambda w, s: w.service.join(s.code, name='Bo', group='industry'),
    'join a room': lambda w, s: w.service.join_room(s.amina, s.code, s.rooms[1]),
    'call for help': lambda w, s: w.service.call_moderator(w.participant(s.issued, 'Cleo'), s.code),
    'edit a post': lambda w, s: w.service.edit_post(s.amina, s.code, s.question, text='Who pays, and when?'),
}


@pytest.mark.parametrize('action', list(PARTICIPANT_ACTIONS))
def test_what_a_participant_does_leaves_the_agenda_version_alone(world: World, action: str) -> None:
    stage = staged(world)
    world.service.set_hands(stage.mod, stage.code, True)
    if action in {'lower a hand'}:
        world.service.raise_hand(stage.amina, stage.code)
    if action == 'withdraw a vote':
        world.service.cast_vote(stage.amina, stage.code, stage.post)
    version, agenda = versions(world, stage.code)
    PARTICIPANT_ACTIONS[action](world, stage)
    assert versions(world, stage.code)[1] == agenda
    assert versions(world, stage.code)[0] > version, 'the change itself is still a new version'


def test_a_raised_hand_publishes_a_queue_change_at_once(world: World) -> None:
    stage = staged(world)
    world.service.set_hands(stage.mod, stage.code, True)
    world.service.raise_hand(stage.amina, stage.code)
    assert world.events[-1].kind == ChangeKind.QUEUE
    assert json_state(world.service, stage.code, staff=True)['speakers'][-1]['kind'] == 'hand'


def test_a_raised_hand_does_not_make_the_moderators_next_stale(world: World) -> None:
    stage = staged(world)
    world.service.start_segment(stage.mod, stage.code)
    world.service.set_hands(stage.mod, stage.code, True)
    on_screen = versions(world, stage.code)[1]
    world.service.raise_hand(stage.amina, stage.code, 'point_of_order')
    state = run_control(world.service, stage.mod, stage.code, {'action': 'next', 'expected_version': on_screen})
    assert state.current_segment == 1


@pytest.mark.parametrize('action', ['extend', 'extend_speaker', 'extend_rooms'])
def test_three_quick_extensions_with_the_same_version_all_count(world: World, action: str) -> None:
    stage = staged(world)
    run_control(world.service, stage.mod, stage.code, {'action': 'start'})
    world.service.next_speaker(stage.mod, stage.code)
    on_screen = versions(world, stage.code)[1]
    before = seconds_left(world, stage, action)
    for _press in range(3):
        run_control(world.service, stage.mod, stage.code, {'action': action, 'seconds': 60,
                                                             'expected_version': on_screen})
    assert seconds_left(world, stage, action) == before + 180
    assert versions(world, stage.code)[1] == on_screen + 3, 'each extension is still a change of the agenda'


def seconds_left(world: World, stage: Stage, action: str) -> float:
    state: dict[str, Any] = json_state(world.service, stage.code)
    if action == 'extend':
        return float(state['segments'][0]['remaining_seconds'])
    if action == 'extend_speaker':
        return float(state['current_speaker']['remaining_seconds'])
    return float(state['rooms'][0]['ends_at_ms']) / 1000


def test_two_nexts_with_the_same_version_apply_once(world: World) -> None:
    stage = staged(world)
    world.service.start_segment(stage.mod, stage.code)
    on_screen = versions(world, stage.code)[1]
    body = {'action': 'next', 'expected_version': on_screen}
    assert run_control(world.service, stage.mod, stage.code, body).current_segment == 1
    without_trace(world, Conflict, lambda: run_control(world.service, stage.mod, stage.code, body),
                  code='stale_version')
    assert json_state(world.service, stage.code)['current_segment'] == 1


def test_an_extension_after_a_next_with_the_version_before_it_is_refused(world: World) -> None:
    stage = staged(world)
    world.service.start_segment(stage.mod, stage.code)
    on_screen = versions(world, stage.code)[1]
    world.service.extend_segment(stage.mod, stage.code, 60, expected_version=on_screen)  # relative: still fine
    world.service.next_segment(stage.mod, stage.code, expected_version=on_screen + 1)
    without_trace(world, Conflict, lambda: world.service.extend_segment(stage.mod, stage.code, 60,
                                                                        expected_version=on_screen),
                  code='stale_version')
    assert segment(world, stage.code, 1)['remaining_seconds'] == PLANNED[1]


def test_an_extension_with_a_version_from_the_future_is_refused(world: World) -> None:
    stage = staged(world)
    world.service.start_segment(stage.mod, stage.code)
    ahead = versions(world, stage.code)[1] + 1
    without_trace(world, Conflict, lambda: world.service.extend_segment(stage.mod, stage.code, 60,
                                                                        expected_version=ahead),
                  code='stale_version')


def test_an_absolute_action_after_extensions_needs_the_newest_version(world: World) -> None:
    stage = staged(world)
    world.service.start_segment(stage.mod, stage.code)
    on_screen = versions(world, stage.code)[1]
    world.service.extend_segment(stage.mod, stage.code, 60, expected_version=on_screen)
    without_trace(world, Conflict, lambda: world.service.pause_segment(stage.mod, stage.code,
                                                                       expected_version=on_screen),
                  code='stale_version')
    world.service.pause_segment(stage.mod, stage.code, expected_version=on_screen + 1)


def test_rooms_closing_on_their_timer_make_an_older_extension_stale(world: World) -> None:
    stage = staged(world)
    on_screen = versions(world, stage.code)[1]
    world.clock.advance(21 * 60 + 60)
    assert world.service.close_expired_rooms() == [stage.code]
    world.service.open_rooms(stage.mod, stage.code, 10)
    without_trace(world, Conflict, lambda: world.service.extend_rooms(stage.mod, stage.code, 60,
                                                                      expected_version=on_screen),
                  code='stale_version')
