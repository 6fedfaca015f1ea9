"""Restore instead of undo: a removed presenter comes back at their place, once."""

from facilitator.errors import Conflict
from tests.factories import World, json_state

from .helpers import refused
from .test_speakers import add, waiting


def test_a_removed_presenter_is_restored_at_their_place(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    ids = add(world, issued, 'Ana', 'Bo', 'Chen')
    removed = world.service.remove_speaker(mod, issued.code, ids[1])
    assert waiting(world, issued.code) == ['Ana', 'Chen']
    world.service.add_speaker(mod, issued.code, name='Dara')
    assert world.service.reinsert_speaker(mod, issued.code, removed) == ids[1]
    assert waiting(world, issued.code) == ['Ana', 'Bo', 'Chen', 'Dara']
    refused(world, issued, Conflict, lambda: world.service.reinsert_speaker(mod, issued.code, removed),
            code='already_restored')


def test_a_restored_presenter_keeps_their_place_after_the_line_was_reordered(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    ids = add(world, issued, 'Ana', 'Bo', 'Chen')
    removed = world.service.remove_speaker(mod, issued.code, ids[0])
    world.service.move_speaker(mod, issued.code, ids[2], 0)  # renumbers the waiting line from 0
    world.service.reinsert_speaker(mod, issued.code, removed)
    assert waiting(world, issued.code) == ['Ana', 'Chen', 'Bo']


def test_the_staff_state_names_the_timer_action_undo_would_take_back(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    assert json_state(world.service, issued.code, staff=True)['undo_action'] is None
    assert 'undo_action' not in world.service.state(issued.code), 'staff only'
    world.service.start_segment(mod, issued.code)
    world.service.next_segment(mod, issued.code)
    assert json_state(world.service, issued.code, staff=True)['undo_action'] == 'next'
    world.service.undo_timer(mod, issued.code)
    assert json_state(world.service, issued.code, staff=True)['undo_action'] == 'start'
