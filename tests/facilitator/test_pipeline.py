"""The command pipeline: every command of the service and every control action goes through it, so a refused
call (wrong role, stale version, invalid state) publishes nothing and changes no row; and a command cannot commit
without its event."""

import inspect
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from api.control import ACTIONS, run_control
from db.enums import SpeakerKind
from facilitator.actors import MODERATION, PARTICIPANT, Actor
from facilitator.errors import Conflict, Forbidden
from facilitator.events import ChangeKind
from facilitator.pipeline import UnpublishedCommand
from facilitator.restore import RemovedSpeaker
from facilitator.service import FacilitatorService
from tests.factories import World, json_state

from .helpers import Stage, dump, staged, without_trace

Call = Callable[[Stage], tuple[tuple[Any, ...], dict[str, Any]]]


def plain(stage: Stage) -> tuple[tuple[Any, ...], dict[str, Any]]:
    return (), {}


def args(*positional: Any, **keywords: Any) -> Call:
    """Arguments after (actor, code); a callable argument is given the stage."""
    def build(stage: Stage) -> tuple[tuple[Any, ...], dict[str, Any]]:
        def value(v: Any) -> Any:
            return v(stage) if callable(v) else v
        return tuple(value(v) for v in positional), {k: value(v) for k, v in keywords.items()}
    return build


def speaker(s: Stage) -> str:
    return s.speaker


def post(s: Stage) -> str:
    return s.post


def poll(s: Stage) -> str:
    return s.poll


def segment(s: Stage) -> str:
    return s.segment


def room(index: int) -> Callable[[Stage], str]:
    return lambda s: s.rooms[index]


def amina_id(s: Stage) -> Any:
    return s.amina.participant_id


def removed(s: Stage) -> RemovedSpeaker:
    return RemovedSpeaker(id=str(uuid.uuid4()), kind=SpeakerKind.SHOWCASE, name='Bo Chen', organization='',
                          title='', position=0, planned_seconds=None, raised_at=datetime(2026, 1, 1, tzinfo=UTC))


# name -> (arguments, outcome with the right role in the staged session: events published, or the refusal's code)
COMMANDS: dict[str, tuple[Call, int | str]] = {
    'start_segment': (plain, 1), 'pause_segment': (plain, 'not_running'), 'resume_segment': (plain, 'not_paused'),
    'next_segment': (plain, 1), 'previous_segment': (plain, 'first_segment'), 'extend_segment': (args(60), 1),
    'undo_timer': (plain, 'nothing_to_undo'), 'end_session': (plain, 1), 'reset_session': (plain, 1),
    'show_join_slide': (args(True), 1),
    'raise_hand': (plain, 'hands_closed'), 'lower_hand': (plain, 0), 'set_hands': (args(True), 1),
    'set_fair_order': (args(True), 1), 'set_hand_seconds': (args(90), 1), 'set_hands_carry_over': (args(True), 1),
    'add_speaker': (args(name='Bo Chen'), 1), 'add_speakers_from_text': (args('Bo Chen; Acme; Talk; 5'), 1),
    'update_speaker': (args(speaker, name='Ana R.'), 1), 'remove_speaker': (args(speaker), 1),
    'reinsert_speaker': (args(removed), 1),
    'apply_equal_split': (plain, 1), 'next_speaker': (plain, 1), 'call_speaker': (args(speaker), 1),
    'finish_speaker': (plain, 'nobody_speaking'), 'skip_speaker': (args(speaker), 1),
    'restore_speaker': (args(speaker), 'conflict'), 'move_speaker': (args(speaker, 0), 1),
    'extend_speaker': (args(60), 'nobody_speaking'),
    'open_rooms': (args(10), 1), 'extend_rooms': (args(60), 1), 'close_rooms': (plain, 1),
    'set_room_switching': (args(False), 1), 'join_room': (args(room(1)), 1),
    'move_participant': (args(amina_id, room(1)), 1), 'auto_balance': (plain, 1), 'report_back': (args(0), 1),
    'set_room_summary': (args(room(0), text='We agreed on shared data rooms.'), 1),
    'add_post': (args(room(0), text='A second idea'), 1), 'add_question': (args(text='Who decides?'), 1),
    'edit_post': (args(post, text='Shared data rooms, edited'), 1), 'delete_post': (args(post), 1),
    'cast_vote': (args(post), 1), 'withdraw_vote': (args(post), 0),
    'moderate_post': (args(post, 'pin'), 1), 'moderate_participant': (args(amina_id, 'rename', name='A.'), 1),
    'set_pre_moderation': (args(True), 1), 'set_questions_open': (args(False), 1), 'broadcast': (args('Hello'), 1),
    'clear_broadcast': (plain, 1), 'call_moderator': (plain, 0), 'resolve_help_call': (args(lambda s: s.call), 1),
    'save_note': (args(scope=lambda s: f'segment:{s.segment}', text='Notes'), 0),
    'regenerate_keys': (plain, 1), 'update_session': (args(title='Renamed'), 1),
    'add_segment': (args(title='Extra', planned_seconds=600), 1), 'update_segment': (args(segment, title='Later'), 1),
    'remove_segment': (args(segment), 1), 'move_segment': (args(segment, 1), 1),
    'add_topic': (args(topic='Skills'), 1), 'update_topic': (args(room(0), topic='Data'), 1),
    'remove_topic': (args(room(0)), 1), 'set_staff_name': (args('browser-1', 'Maya'), 0),
    'delete_session': (plain, 1), 'set_registration_required': (args(True), 1),
    'flash': (args('Coffee break'), 1), 'clear_flash': (plain, 1),
    'add_poll': (args(question='Ready?', kind='scale'), 1), 'update_poll': (args(poll, question='Which risk?'), 1),
    'remove_poll': (args(poll), 1), 'open_poll': (args(poll), 1), 'close_poll': (args(poll), 'poll_not_open'),
    'set_poll_results': (args(poll, True), 1), 'block_poll_word': (args(poll, 'rubbish'), 1),
    'answer_poll': (args(poll, choices=[0]), 'poll_not_open'),
    'cue_speaker': (args(speaker, 'Wrap up please'), 1),
    'publish_outcome': (args(True), 1),
    'adopt_solution': (args(post), 'not_in_series'), 'carry_solutions': (plain, 'not_in_series'),
    'clear_carried_solutions': (plain, 0),
    'set_queue_order': (args('least_time'), 1), 'add_floor_speaker': (args(name='Rui Costa', group='industry'), 1),
    'add_floor_speaker_again': (args(amina_id), 1), 'check_in': (plain, 1),
}
READS = {'export', 'my_notes', 'note_history', 'registrations', 'registrations_file', 'attendance',
         'hidden_posts', 'undoable', 'outcome_status', 'outcome_preview', 'adoptable_posts'}
PARTICIPANT_COMMANDS = {'raise_hand', 'lower_hand', 'join_room', 'add_post', 'add_question', 'edit_post',
                        'delete_post', 'cast_vote', 'withdraw_vote', 'call_moderator', 'answer_poll', 'check_in'}


def discovered() -> set[str]:
    """Every public method of the service that an actor calls on a session."""
    names = set()
    for name, method in inspect.getmembers(FacilitatorService, inspect.isfunction):
        params = list(inspect.signature(method).parameters)
        if not name.startswith('_') and params[1:3] == ['actor', 'code']:
            names.add(name)
    return names - READS


def right(world: World, stage: Stage, name: str) -> Actor:
    if name in PARTICIPANT_COMMANDS:
        return stage.amina
    return world.organizer if name in {'regenerate_keys', 'delete_session'} else stage.mod


def wrong(world: World, stage: Stage, name: str) -> Actor:
    return stage.mod if name in PARTICIPANT_COMMANDS else stage.amina


def invoke(world: World, stage: Stage, name: str, actor: Actor, **extra: Any) -> object:
    positional, keywords = COMMANDS[name][0](stage)
    return getattr(world.service, name)(actor, stage.code, *positional, **keywords, **extra)


def test_the_walk_covers_every_command_of_the_service() -> None:
    assert set(COMMANDS) == discovered()


@pytest.mark.parametrize('name', sorted(COMMANDS))
def test_a_command_with_the_wrong_role_is_refused_without_a_trace(world: World, name: str) -> None:
    stage = staged(world)
    without_trace(world, Forbidden, lambda: invoke(world, stage, name, wrong(world, stage, name)))
    other = world.new_session()  # the right role, in another session
    stranger = world.participant(other) if name in PARTICIPANT_COMMANDS else world.moderator(other)
    if name != 'regenerate_keys':
        without_trace(world, Forbidden, lambda: invoke(world, stage, name, stranger))


@pytest.mark.parametrize('name', sorted(COMMANDS))
def test_a_command_with_the_right_role_publishes_one_event_or_refuses_without_a_trace(world: World,
                                                                                        name: str) -> None:
    stage = staged(world)
    outcome = COMMANDS[name][1]
    if isinstance(outcome, str):
        without_trace(world, Conflict, lambda: invoke(world, stage, name, right(world, stage, name)), code=outcome)
        return
    before = len(world.events)
    invoke(world, stage, name, right(world, stage, name))
    assert len(world.events) - before == outcome


@pytest.mark.parametrize('name', sorted(n for n in COMMANDS if 'expected_version' in
                                        inspect.signature(getattr(FacilitatorService, n)).parameters))
def test_a_command_with_a_stale_version_is_refused_without_a_trace(world: World, name: str) -> None:
    stage = staged(world)
    seen = json_state(world.service, stage.code)['agenda_version']
    world.service.set_hands(stage.mod, stage.code, True)  # an absolute action after the version on screen
    without_trace(world, Conflict, lambda: invoke(world, stage, name, right(world, stage, name),
                                                  expected_version=seen), code='stale_version')


# the control table --------------------------------------------------------------------------------------------------

BODIES: dict[str, Callable[[Stage], dict[str, Any]]] = {name: lambda s: {} for name in (
    'start', 'pause', 'resume', 'next', 'previous', 'undo', 'end_session', 'reset', 'show_join_slide',
    'hide_join_slide', 'next_speaker', 'finish_speaker', 'open_hands', 'close_hands', 'close_rooms', 'auto_balance',
    'clear_broadcast', 'open_questions', 'close_questions', 'clear_flash', 'carry_solutions',
    'clear_carried_solutions')}
BODIES.update({
    'extend': lambda s: {'seconds': 60}, 'extend_speaker': lambda s: {'seconds': 60},
    'extend_rooms': lambda s: {'seconds': 60}, 'skip_speaker': lambda s: {'speaker_id': s.speaker},
    'restore_speaker': lambda s: {'speaker_id': s.speaker}, 'call_speaker': lambda s: {'speaker_id': s.speaker},
    'move_speaker': lambda s: {'speaker_id': s.speaker, 'position': 0}, 'fair_order': lambda s: {'on': True},
    'hand_time': lambda s: {'seconds': 90}, 'hands_carry_over': lambda s: {'on': True},
    'open_rooms': lambda s: {'minutes': 10},
    'report_back': lambda s: {'room_index': 0}, 'room_switching': lambda s: {'on': False},
    'broadcast': lambda s: {'message': 'Hello'}, 'pre_moderation': lambda s: {'on': True},
    'flash': lambda s: {'message': 'Coffee break'},
    'open_poll': lambda s: {'poll_id': s.poll}, 'close_poll': lambda s: {'poll_id': s.poll},
    'show_poll_results': lambda s: {'poll_id': s.poll}, 'hide_poll_results': lambda s: {'poll_id': s.poll},
    'cue_speaker': lambda s: {'speaker_id': s.speaker, 'message': 'Louder'},
    'queue_order': lambda s: {'order': 'alternate_floor'},
})


def control(world: World, stage: Stage, name: str, actor: Actor, **extra: Any) -> object:
    return run_control(world.service, actor, stage.code, {'action': name, **BODIES[name](stage), **extra})


def test_the_control_walk_covers_every_action() -> None:
    assert set(BODIES) == set(ACTIONS)


def test_the_relative_actions_are_the_three_extensions() -> None:
    assert {name for name, c in ACTIONS.items() if c.relative} == {'extend', 'extend_speaker', 'extend_rooms'}


@pytest.mark.parametrize('name', sorted(ACTIONS))
def test_a_control_action_by_a_participant_is_refused_without_a_trace(world: World, name: str) -> None:
    stage = staged(world)
    without_trace(world, Forbidden, lambda: control(world, stage, name, stage.amina))
    without_trace(world, Forbidden, lambda: control(world, stage, name, stage.amina, seconds=10 ** 400, on=[]))


@pytest.mark.parametrize('name', sorted(ACTIONS))
def test_a_control_action_with_a_stale_version_is_refused_without_a_trace(world: World, name: str) -> None:
    stage = staged(world)
    seen = json_state(world.service, stage.code)['agenda_version']
    world.service.set_hands(stage.mod, stage.code, True)
    without_trace(world, Conflict, lambda: control(world, stage, name, stage.mod, expected_version=seen),
                  code='stale_version')


# the pipeline itself ------------------------------------------------------------------------------------------------

def test_a_command_that_forgets_its_event_commits_nothing(world: World) -> None:
    stage = staged(world)
    before, events = dump(world), len(world.events)
    with pytest.raises(UnpublishedCommand), world.service._command(stage.mod, stage.code, roles=MODERATION,
                                                                   kind=ChangeKind.AGENDA) as cmd:
        cmd.session.join_slide = True
    assert dump(world) == before
    assert len(world.events) == events


def test_a_command_that_says_unchanged_but_writes_commits_nothing(world: World) -> None:
    stage = staged(world)
    before = dump(world)
    with pytest.raises(UnpublishedCommand), world.service._command(stage.amina, stage.code, roles=PARTICIPANT,
                                                                   kind=ChangeKind.INPUT) as cmd:
        cmd.participant.name = 'Someone else'
        cmd.unchanged()
    assert dump(world) == before


def test_the_role_check_cannot_be_skipped(world: World) -> None:
    stage = staged(world)
    with pytest.raises(Forbidden), world.service._command(stage.amina, stage.code, roles=MODERATION,
                                                           kind=ChangeKind.AGENDA) as cmd:
        cmd.changed()  # never reached


def test_a_command_publishes_one_event_however_often_it_records_its_change(world: World) -> None:
    stage = staged(world)
    version, events = json_state(world.service, stage.code)['version'], len(world.events)
    with world.service._command(stage.mod, stage.code, roles=MODERATION, kind=ChangeKind.AGENDA) as cmd:
        cmd.changed()
        cmd.changed()
    assert json_state(world.service, stage.code)['version'] == version + 1
    assert len(world.events) == events + 1


def test_only_the_pipeline_opens_a_transaction_in_the_command_mixins() -> None:
    """Commands go through `_command`; the few `_tx` left are not commands of an actor on a session."""
    allowed = {'base.py': 2, 'organizer.py': 1, 'people.py': 1, 'rooms.py': 1, 'privacy.py': 1,  # _command and
               'series.py': 2, 'registration.py': 3, 'mail.py': 3, 'solutions.py': 3}  # _input's group;
    # create_session; organizer_login; the rooms sweeper; the retention purge; series (no session); registrations
    # (public, before anyone joined); the mail jobs; a series' solutions (no session: organisers and any session's
    # staff edit them)
    folder = Path(__file__).parents[2] / 'facilitator'
    found = {path.name: len(re.findall(r'self\._tx\(\)', path.read_text())) for path in folder.glob('*.py')}
    assert {name: n for name, n in found.items() if n} == allowed
