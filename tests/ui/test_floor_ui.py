"""The venue's check-in link and the floor manager's page, with NiceGUI's simulated browsers."""

from collections.abc import Callable

from nicegui.testing import User

from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService
from tests.factories import json_state

from .support import NAVIGATION, send_join_form


async def test_joining_from_the_check_in_link_counts_the_person_in_the_room(user: User, issued: IssuedKeys,
                                                                           service: FacilitatorService) -> None:
    await user.open(f'/s/{issued.code}?here=1')
    await user.should_see(marker='check-in')
    send_join_form(user, name='Lena', group='Academia')
    await user.should_see('You are Lena · Academia', retries=NAVIGATION)
    assert json_state(service, issued.code)['attendance'] == {'floor': 1, 'online': 0}


async def test_someone_who_joined_online_and_scans_the_check_in_code_moves_to_the_floor(
        user: User, issued: IssuedKeys, service: FacilitatorService) -> None:
    await user.open(f'/s/{issued.code}')
    send_join_form(user, name='Amina', group='Civil society')
    await user.should_see('You are Amina · Civil society', retries=NAVIGATION)
    assert json_state(service, issued.code)['attendance'] == {'floor': 0, 'online': 1}
    await user.open(f'/s/{issued.code}?here=1')
    await user.should_see('You are Amina · Civil society', retries=NAVIGATION)
    assert json_state(service, issued.code)['attendance'] == {'floor': 1, 'online': 0}


async def test_the_floor_page_needs_the_moderator_link(create_user: Callable[[], User], issued: IssuedKeys,
                                                       service: FacilitatorService) -> None:
    stranger, manager = create_user(), create_user()
    await stranger.open(f'/s/{issued.code}/floor')
    await stranger.should_see(marker='refused')
    await stranger.should_not_see(marker='floor-add')
    await manager.open(f'/s/{issued.code}/floor?key={issued.moderator_key}')
    await manager.should_see(marker='floor-add', retries=NAVIGATION)
    manager.find(marker='floor-name').type('Rui Costa')
    manager.find(marker='floor-group-industry').click()
    manager.find(marker='floor-add').click()
    await manager.should_see('Rui Costa is in the speaker line.', retries=NAVIGATION)
    hand = next(s for s in json_state(service, issued.code)['speakers'] if s['name'] == 'Rui Costa')
    assert (hand['on_floor'], hand['group'], hand['state']) == (True, 'industry', 'waiting')
