"""Post edits are limited per participant: a flood of edits from one token is refused with a Retry-After."""

from facilitator.edit_limit import EDIT_LIMIT, EDIT_WINDOW_S
from facilitator.errors import RateLimited
from tests.factories import World

from .test_rooms import member, refused, with_rooms


def test_editing_past_the_limit_is_refused_with_a_retry_after_and_changes_nothing(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0], 'Amina')
    post_id = world.service.add_post(amina, issued.code, rooms[0], text='First words')
    for n in range(EDIT_LIMIT):
        world.service.edit_post(amina, issued.code, post_id, text=f'Edit {n}')
    error = refused(world, issued, RateLimited,
                    lambda: world.service.edit_post(amina, issued.code, post_id, text='One too many'))
    assert 1 <= error.retry_after <= EDIT_WINDOW_S


def test_another_participant_still_edits_and_the_limit_lifts_after_the_window(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0], 'Amina')
    kofi = member(world, issued, rooms[0], 'Kofi', 'youth')
    mine = world.service.add_post(amina, issued.code, rooms[0], text='Amina says')
    his = world.service.add_post(kofi, issued.code, rooms[0], text='Kofi says')
    for n in range(EDIT_LIMIT):
        world.service.edit_post(amina, issued.code, mine, text=f'Edit {n}')
    world.service.edit_post(kofi, issued.code, his, text='Kofi is not limited by Amina')
    world.clock.advance(EDIT_WINDOW_S)
    world.service.edit_post(amina, issued.code, mine, text='Back after a minute')
