"""The wrong role is refused and changes nothing: rapporteurs, participants, the public, other sessions' staff."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from facilitator.actors import ANONYMOUS, Actor
from facilitator.errors import Forbidden, Unauthorized
from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService
from tests.factories import World, json_state

from .helpers import refused

Call = Callable[[FacilitatorService, Actor, str, dict[str, str]], object]
Prepare = Callable[[FacilitatorService, Actor, str], object]


@dataclass(frozen=True)
class Command:
    call: Call
    prepare: tuple[str, ...] = ()
    """timer steps that make the command valid for the right moderator"""


def _ids(service: FacilitatorService, code: str) -> dict[str, str]:
    state = json_state(service, code)
    return {'seg1': state['segments'][1]['id'], 'seg2': state['segments'][2]['id'], 'room0': state['rooms'][0]['id']}


STEPS: dict[str, Prepare] = {
    'start': lambda s, a, c: s.start_segment(a, c),
    'pause': lambda s, a, c: s.pause_segment(a, c),
    'next': lambda s, a, c: s.next_segment(a, c),
    'end': lambda s, a, c: s.end_session(a, c),
}

MODERATOR_COMMANDS: dict[str, Command] = {
    'start_segment': Command(lambda s, a, c, i: s.start_segment(a, c)),
    'pause_segment': Command(lambda s, a, c, i: s.pause_segment(a, c), ('start',)),
    'resume_segment': Command(lambda s, a, c, i: s.resume_segment(a, c), ('start', 'pause')),
    'next_segment': Command(lambda s, a, c, i: s.next_segment(a, c), ('start',)),
    'previous_segment': Command(lambda s, a, c, i: s.previous_segment(a, c), ('start', 'next')),
    'extend_segment': Command(lambda s, a, c, i: s.extend_segment(a, c, 60), ('start',)),
    'undo_timer': Command(lambda s, a, c, i: s.undo_timer(a, c), ('start',)),
    'end_session': Command(lambda s, a, c, i: s.end_session(a, c), ('start',)),
    'reset_session': Command(lambda s, a, c, i: s.reset_session(a, c), ('start', 'end')),
    'reset_session_clear_input': Command(lambda s, a, c, i: s.reset_session(a, c, clear_input=True), ('start',)),
    'show_join_slide': Command(lambda s, a, c, i: s.show_join_slide(a, c, True)),
    'update_session': Command(lambda s, a, c, i: s.update_session(a, c, title='Hijacked',
                                                                  call_url='https://evil.example.org')),
    'add_segment': Command(lambda s, a, c, i: s.add_segment(a, c, title='Extra', planned_seconds=300)),
    'update_segment': Command(lambda s, a, c, i: s.update_segment(a, c, i['seg1'], title='X', planned_seconds=60)),
    'remove_segment': Command(lambda s, a, c, i: s.remove_segment(a, c, i['seg2'])),
    'move_segment': Command(lambda s, a, c, i: s.move_segment(a, c, i['seg2'], 1)),
    'add_topic': Command(lambda s, a, c, i: s.add_topic(a, c, topic='Injected')),
    'update_topic': Command(lambda s, a, c, i: s.update_topic(a, c, i['room0'], topic='Renamed')),
    'remove_topic': Command(lambda s, a, c, i: s.remove_topic(a, c, i['room0'])),
}

WRONG_ACTORS: dict[str, Callable[[World, IssuedKeys, IssuedKeys], Actor]] = {
    'rapporteur': lambda w, mine, other: w.rapporteur(mine),
    'participant': lambda w, mine, other: w.participant(mine),
    'public': lambda w, mine, other: ANONYMOUS,
    'moderator of another session': lambda w, mine, other: w.moderator(other),
    'rapporteur of another session': lambda w, mine, other: w.rapporteur(other),
    'participant of another session': lambda w, mine, other: w.participant(other),
}


def _prepared(world: World, command: Command) -> tuple[IssuedKeys, IssuedKeys, dict[str, str]]:
    issued, other = world.new_session(), world.new_session(template='custom')
    mod = world.moderator(issued)
    for step in command.prepare:
        STEPS[step](world.service, mod, issued.code)
    return issued, other, _ids(world.service, issued.code)


@pytest.mark.parametrize('who', list(WRONG_ACTORS))
@pytest.mark.parametrize('name', list(MODERATOR_COMMANDS))
def test_moderator_command_refuses_the_wrong_actor(world: World, name: str, who: str) -> None:
    command = MODERATOR_COMMANDS[name]
    issued, other, ids = _prepared(world, command)
    actor = WRONG_ACTORS[who](world, issued, other)
    other_before = json_state(world.service, other.code)
    refused(world, issued, Forbidden, lambda: command.call(world.service, actor, issued.code, ids))
    assert json_state(world.service, other.code)['version'] == other_before['version']
    # the refusal was about the actor: the session's own moderator may do it
    before = json_state(world.service, issued.code)['version']
    command.call(world.service, world.moderator(issued), issued.code, ids)
    assert json_state(world.service, issued.code)['version'] > before  # on PostgreSQL others' changes draw too


@pytest.mark.parametrize('name', list(MODERATOR_COMMANDS))
def test_the_organizer_may_act_as_moderator_of_any_session(world: World, name: str) -> None:
    command = MODERATOR_COMMANDS[name]
    issued, _other, ids = _prepared(world, command)
    before = json_state(world.service, issued.code)['version']
    command.call(world.service, world.organizer, issued.code, ids)
    assert json_state(world.service, issued.code)['version'] > before


ORGANIZER_ONLY: dict[str, Callable[[World, IssuedKeys, Actor], object]] = {
    'create_session': lambda w, i, a: w.service.create_session(a, template='custom'),
    'regenerate_keys': lambda w, i, a: w.service.regenerate_keys(a, i.code),
    'list_sessions': lambda w, i, a: w.service.list_sessions(a),
}


@pytest.mark.parametrize('who', ['moderator', 'rapporteur', 'participant', 'public'])
@pytest.mark.parametrize('name', list(ORGANIZER_ONLY))
def test_organizer_commands_refuse_everyone_else(world: World, name: str, who: str) -> None:
    issued = world.new_session()
    actor = {'moderator': world.moderator, 'rapporteur': world.rapporteur, 'participant': world.participant,
             'public': lambda _i: ANONYMOUS}[who](issued)
    sessions = len(world.service.list_sessions(world.organizer))
    refused(world, issued, Forbidden, lambda: ORGANIZER_ONLY[name](world, issued, actor))
    assert len(world.service.list_sessions(world.organizer)) == sessions
    assert world.moderator(issued).session_id is not None, 'the keys still work'


def test_a_moderator_key_does_not_open_another_session(world: World) -> None:
    mine, other = world.new_session(), world.new_session()
    with pytest.raises(Unauthorized):
        world.service.authenticate(other.code, mine.moderator_key)
