"""`flash` and `clear_flash`: a full-screen message on the stage, moderators only."""

import pytest

from api.control import run_control
from facilitator.errors import Forbidden, InvalidInput
from tests.factories import World


def test_flash_shows_and_clear_flash_removes_the_message(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    state = run_control(world.service, mod, issued.code, {'action': 'flash', 'message': '  Five minutes  left '})
    assert state.flash == 'Five minutes left'
    assert run_control(world.service, mod, issued.code, {'action': 'clear_flash'}).flash is None


def test_flash_refuses_an_empty_or_long_message_and_keeps_the_state(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.flash(mod, issued.code, 'Welcome')
    for bad in ('', '   ', 'x' * 141, 42):
        with pytest.raises(InvalidInput):
            world.service.flash(mod, issued.code, bad)
    assert world.service.state(issued.code).flash == 'Welcome'


def test_only_moderators_flash(world: World) -> None:
    issued = world.new_session()
    for actor in (world.participant(issued), world.rapporteur(issued)):
        with pytest.raises(Forbidden):
            world.service.flash(actor, issued.code, 'Hello')
        with pytest.raises(Forbidden):
            world.service.clear_flash(actor, issued.code)
    assert world.service.state(issued.code).flash is None


def test_a_reset_takes_the_flash_down(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.flash(mod, issued.code, 'Rehearsal')
    world.service.reset_session(mod, issued.code)
    assert world.service.state(issued.code).flash is None
