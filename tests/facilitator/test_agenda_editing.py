"""Editing the agenda and the topics: segments added, updated, removed and moved; topics added, updated, removed."""

import uuid

import pytest

from facilitator.errors import Conflict, InvalidInput, NotFound
from facilitator.topics import MAX_TOPICS
from facilitator.validation import MAX_SEGMENTS
from tests.factories import World, json_state

from .helpers import PLANNED, refused, segment


def titles(world: World, code: str) -> list[str]:
    return [s['title'] for s in json_state(world.service, code)['segments']]


def seg_ids(world: World, code: str) -> list[str]:
    return [s['id'] for s in json_state(world.service, code)['segments']]


# add -----------------------------------------------------------------------------------------------------------------

def test_add_segment_appends_it_pending(world: World) -> None:
    issued = world.new_session()
    before = json_state(world.service, issued.code)
    world.service.add_segment(world.moderator(issued), issued.code, title='  Wrap-up ', planned_seconds=600,
                              kind='dialogue')
    state = json_state(world.service, issued.code)
    added = state['segments'][3]
    assert (added['index'], added['title'], added['kind'], added['state']) == (3, 'Wrap-up', 'dialogue', 'pending')
    assert (added['planned_seconds'], added['remaining_seconds']) == (600, 600)
    assert state['ends_at_scheduled_ms'] == before['ends_at_scheduled_ms'] + 600_000
    assert state['agenda_version'] == before['agenda_version'] + 1


def test_add_segment_defaults_to_custom_kind(world: World) -> None:
    issued = world.new_session()
    world.service.add_segment(world.moderator(issued), issued.code, title='Break', planned_seconds=300)
    assert segment(world, issued.code, 3)['kind'] == 'custom'


def test_add_segment_stops_at_the_maximum(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    for n in range(MAX_SEGMENTS - len(PLANNED)):
        world.service.add_segment(mod, issued.code, title=f'Part {n}', planned_seconds=60)
    assert len(titles(world, issued.code)) == MAX_SEGMENTS
    refused(world, issued, Conflict, lambda: world.service.add_segment(mod, issued.code, title='One too many',
                                                                       planned_seconds=60))


def test_add_segment_while_live_can_be_reached_with_next(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    world.service.add_segment(mod, issued.code, title='Closing', planned_seconds=300)
    for _ in range(3):
        world.service.next_segment(mod, issued.code)
    state = json_state(world.service, issued.code)
    assert (state['current_segment'], state['segments'][3]['state']) == (3, 'running')


# update --------------------------------------------------------------------------------------------------------------

def test_update_segment_renames_and_changes_the_planned_time_of_a_pending_segment(world: World) -> None:
    issued = world.new_session()
    seg_id = segment(world, issued.code, 1)['id']
    world.service.update_segment(world.moderator(issued), issued.code, seg_id, title='Showcases', planned_seconds=1800)
    updated = segment(world, issued.code, 1)
    assert (updated['title'], updated['planned_seconds'], updated['remaining_seconds']) == ('Showcases', 1800, 1800)
    assert segment(world, issued.code, 2)['scheduled_start_ms'] - updated['scheduled_start_ms'] == 1_800_000


def test_update_segment_may_rename_a_started_segment(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    world.service.update_segment(mod, issued.code, segment(world, issued.code, 0)['id'], title='Welcome')
    first = segment(world, issued.code, 0)
    assert (first['title'], first['state']) == ('Welcome', 'running')


@pytest.mark.parametrize('steps', [('start',), ('start', 'pause'), ('start', 'next')])
def test_update_segment_refuses_a_new_duration_once_started(world: World, steps: tuple[str, ...]) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    for step in steps:
        {'start': world.service.start_segment, 'pause': world.service.pause_segment,
         'next': world.service.next_segment}[step](mod, issued.code)
    seg_id = segment(world, issued.code, 0)['id']
    refused(world, issued, Conflict,
            lambda: world.service.update_segment(mod, issued.code, seg_id, title='Renamed too', planned_seconds=60))


@pytest.mark.parametrize('seg_id', ['not-a-uuid', str(uuid.uuid4()), '', 'other-session'])
def test_segment_commands_refuse_unknown_segments(world: World, seg_id: str) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    if seg_id == 'other-session':
        seg_id = segment(world, world.new_session().code, 2)['id']
    refused(world, issued, NotFound, lambda: world.service.update_segment(mod, issued.code, seg_id, title='X'))
    refused(world, issued, NotFound, lambda: world.service.remove_segment(mod, issued.code, seg_id))
    refused(world, issued, NotFound, lambda: world.service.move_segment(mod, issued.code, seg_id, 0))


# remove --------------------------------------------------------------------------------------------------------------

def test_remove_segment_renumbers_the_rest(world: World) -> None:
    issued = world.new_session()
    ids = seg_ids(world, issued.code)
    world.service.remove_segment(world.moderator(issued), issued.code, ids[1])
    state = json_state(world.service, issued.code)
    assert [s['id'] for s in state['segments']] == [ids[0], ids[2]]
    assert [s['index'] for s in state['segments']] == [0, 1]
    assert state['ends_at_scheduled_ms'] - state['starts_at_ms'] == (PLANNED[0] + PLANNED[2]) * 1000


def test_remove_a_later_segment_while_live(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    ids = seg_ids(world, issued.code)
    world.service.remove_segment(mod, issued.code, ids[2])
    assert seg_ids(world, issued.code) == ids[:2]
    assert segment(world, issued.code, 0)['state'] == 'running'


@pytest.mark.parametrize(('steps', 'index'), [
    (('start',), 0),  # running
    (('start', 'pause'), 0),  # paused
    (('start', 'next'), 0),  # done
    (('start', 'next', 'end'), 1),  # done by end_session
])
def test_remove_segment_refuses_one_that_has_started(world: World, steps: tuple[str, ...], index: int) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    for step in steps:
        {'start': world.service.start_segment, 'pause': world.service.pause_segment,
         'next': world.service.next_segment, 'end': world.service.end_session}[step](mod, issued.code)
    seg_id = segment(world, issued.code, index)['id']
    refused(world, issued, Conflict, lambda: world.service.remove_segment(mod, issued.code, seg_id))


def test_remove_segment_keeps_at_least_one(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    ids = seg_ids(world, issued.code)
    world.service.remove_segment(mod, issued.code, ids[2])
    world.service.remove_segment(mod, issued.code, ids[1])
    refused(world, issued, Conflict, lambda: world.service.remove_segment(mod, issued.code, ids[0]))


# move ----------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(('source', 'target', 'order'), [(2, 0, [2, 0, 1]), (0, 2, [1, 2, 0]), (1, 1, [0, 1, 2])])
def test_move_segment_reorders_before_the_start(world: World, source: int, target: int, order: list[int]) -> None:
    issued = world.new_session()
    ids = seg_ids(world, issued.code)
    world.service.move_segment(world.moderator(issued), issued.code, ids[source], target)
    state = json_state(world.service, issued.code)
    assert [s['id'] for s in state['segments']] == [ids[i] for i in order]
    assert [s['index'] for s in state['segments']] == [0, 1, 2]


def test_move_segment_among_the_pending_ones_while_live(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    ids = seg_ids(world, issued.code)
    world.service.move_segment(mod, issued.code, ids[2], 1)
    assert seg_ids(world, issued.code) == [ids[0], ids[2], ids[1]]
    world.service.next_segment(mod, issued.code)
    assert segment(world, issued.code, 1)['id'] == ids[2]
    assert segment(world, issued.code, 1)['state'] == 'running'


def test_move_segment_refuses_to_move_a_started_one_or_onto_a_started_place(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    ids = seg_ids(world, issued.code)
    refused(world, issued, Conflict, lambda: world.service.move_segment(mod, issued.code, ids[0], 2))
    refused(world, issued, Conflict, lambda: world.service.move_segment(mod, issued.code, ids[2], 0))
    world.service.next_segment(mod, issued.code)
    refused(world, issued, Conflict, lambda: world.service.move_segment(mod, issued.code, ids[2], 1))
    refused(world, issued, Conflict, lambda: world.service.move_segment(mod, issued.code, ids[1], 2))


@pytest.mark.parametrize('position', [-1, 3, 99])
def test_move_segment_refuses_a_position_outside_the_agenda(world: World, position: int) -> None:
    issued = world.new_session()
    seg_id = segment(world, issued.code, 1)['id']
    refused(world, issued, InvalidInput,
            lambda: world.service.move_segment(world.moderator(issued), issued.code, seg_id, position))


@pytest.mark.parametrize('position', ['1', 1.0, None, True])
def test_move_segment_refuses_a_position_that_is_not_a_whole_number(world: World, position: object) -> None:
    issued = world.new_session()
    seg_id = segment(world, issued.code, 1)['id']
    refused(world, issued, InvalidInput,
            lambda: world.service.move_segment(world.moderator(issued), issued.code, seg_id, position))  # type: ignore[arg-type]


# topics --------------------------------------------------------------------------------------------------------------

def test_add_topic_appends_a_room(world: World) -> None:
    issued = world.new_session()
    before = json_state(world.service, issued.code)
    room_id = world.service.add_topic(world.moderator(issued), issued.code, topic=' Age assurance ',
                                      prompt='What works?')
    state = json_state(world.service, issued.code)
    added = state['rooms'][2]
    assert (added['id'], added['topic'], added['prompt'], added['state']) == (room_id, 'Age assurance', 'What works?',
                                                                              'closed')
    assert state['rooms'][:2] == before['rooms']
    assert state['agenda_version'] == before['agenda_version'] + 1


def test_add_topic_stops_at_the_maximum(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    for n in range(MAX_TOPICS - 2):
        world.service.add_topic(mod, issued.code, topic=f'Topic {n}')
    refused(world, issued, Conflict, lambda: world.service.add_topic(mod, issued.code, topic='One too many'))


def test_update_topic_changes_topic_and_prompt_separately(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    room = json_state(world.service, issued.code)['rooms'][1]
    world.service.update_topic(mod, issued.code, room['id'], topic='Support')
    assert json_state(world.service, issued.code)['rooms'][1]['prompt'] == room['prompt']
    world.service.update_topic(mod, issued.code, room['id'], prompt='')
    updated = json_state(world.service, issued.code)['rooms'][1]
    assert (updated['id'], updated['topic'], updated['prompt']) == (room['id'], 'Support', '')


def test_remove_topic_renumbers_the_rest(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    extra = world.service.add_topic(mod, issued.code, topic='Third')
    rooms = json_state(world.service, issued.code)['rooms']
    world.service.remove_topic(mod, issued.code, rooms[0]['id'])
    assert [r['id'] for r in json_state(world.service, issued.code)['rooms']] == [rooms[1]['id'], extra]
    world.service.add_topic(mod, issued.code, topic='Fourth')
    assert [r['topic'] for r in json_state(world.service, issued.code)['rooms']] == [
        rooms[1]['topic'], 'Third', 'Fourth']


@pytest.mark.parametrize('room_id', ['garbage', str(uuid.uuid4()), 'other-session'])
def test_topic_commands_refuse_unknown_rooms(world: World, room_id: str) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    if room_id == 'other-session':
        room_id = json_state(world.service, world.new_session().code)['rooms'][0]['id']
    error = refused(world, issued, NotFound, lambda: world.service.update_topic(mod, issued.code, room_id, topic='X'))
    assert error.code == 'room_not_found'
    refused(world, issued, NotFound, lambda: world.service.remove_topic(mod, issued.code, room_id))
