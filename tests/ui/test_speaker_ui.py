"""The speaker queue across pages: the moderator's panel drives it, participants and the stage follow it live."""

from collections.abc import Callable
from typing import Any

from nicegui.testing import User

from facilitator.actors import Actor
from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService
from tests.factories import json_state

from .support import button_labelled, eventually, only, view
from .test_live_agenda import join, open_moderator


def moderator_of(service: FacilitatorService, issued: IssuedKeys) -> Actor:
    return service.authenticate(issued.code, issued.moderator_key)


def speaking(user: User) -> dict[str, Any] | None:
    return view(user)['current_speaker']


def waiting_in_view(user: User) -> list[str | None]:
    return [s['name'] for s in view(user)['speakers'] if s['state'] == 'waiting']


async def wait_for_speaker(user: User, name: str | None) -> dict[str, Any] | None:
    def shown() -> bool:
        current = speaking(user)
        return (current is None) if name is None else (current is not None and current['name'] == name)

    await eventually(shown, what=f'current speaker {name!r}')
    return speaking(user)


async def test_moderator_calls_the_next_presenter_and_everyone_sees_it(
        create_user: Callable[[], User], issued: IssuedKeys, service: FacilitatorService) -> None:
    mod = moderator_of(service, issued)
    service.add_speaker(mod, issued.code, name='Ana Costa', organization='Meta', title='Teen accounts',
                        planned_seconds=600)
    service.add_speaker(mod, issued.code, name='Ben Ode', planned_seconds=300)
    moderator, amina, kofi, stage = create_user(), create_user(), create_user(), create_user()
    await open_moderator(moderator, issued)
    await moderator.should_see('1. Ana Costa, Meta')
    await moderator.should_see('2. Ben Ode')
    await join(amina, issued, name='Amina', group='Civil society')
    await join(kofi, issued, name='Kofi', group='Youth')
    await stage.open(f'/s/{issued.code}/stage')
    followers = (amina, kofi, stage)
    for follower in followers:
        assert speaking(follower) is None
        assert waiting_in_view(follower) == ['Ana Costa', 'Ben Ode']

    moderator.find(marker='next-speaker').click()
    for follower in (moderator, *followers):
        shown = await wait_for_speaker(follower, 'Ana Costa')
        assert shown is not None
        assert (shown['organization'], shown['title'], shown['state']) == ('Meta', 'Teen accounts', 'speaking')
        assert shown['ends_at_ms'] is not None
        assert waiting_in_view(follower) == ['Ben Ode']
    await moderator.should_see('Waiting (1)')
    await moderator.should_not_see('2. Ben Ode')
    assert json_state(service, issued.code)['current_speaker']['name'] == 'Ana Costa'

    moderator.find(marker='next-speaker').click()
    for follower in followers:
        await wait_for_speaker(follower, 'Ben Ode')
    moderator.find(marker='finish-speaker').click()
    for follower in followers:
        await wait_for_speaker(follower, None)
    await moderator.should_see('Nobody is waiting.')
    moderator.find(marker='next-speaker').click()
    await moderator.should_see('No speaker is waiting.')
    assert [s['state'] for s in json_state(service, issued.code)['speakers']] == ['done', 'done']


async def test_raised_hand_reaches_the_moderator_who_calls_it(
        create_user: Callable[[], User], issued: IssuedKeys, service: FacilitatorService) -> None:
    moderator, kofi, amina = create_user(), create_user(), create_user()
    await open_moderator(moderator, issued)
    await join(kofi, issued, name='Kofi Mensah', group='Youth')
    await join(amina, issued, name='Amina', group='Civil society')
    assert view(kofi)['hands_open'] is False

    kofi.find(marker='live-status').trigger('hand', {'action': 'raise', 'type': 'question'})
    await kofi.should_see('Hands are closed right now.')
    assert json_state(service, issued.code)['speakers'] == []

    moderator.find(marker='hands-open').click()
    await eventually(lambda: view(kofi)['hands_open'] is True, what='hands open on the participant page')
    kofi.find(marker='live-status').trigger('hand', {'action': 'raise', 'type': 'point_of_order'})
    await kofi.should_see('Your hand is up.')

    await moderator.should_see('1. Kofi Mensah')  # staff see the name a youth participant keeps private
    await moderator.should_see('Point of order')
    await eventually(lambda: waiting_in_view(amina) == [None], what='the hand on the other participant page')
    assert 'Kofi Mensah' not in repr(view(amina))

    button_labelled(moderator, 'Call Kofi Mensah').click()
    me = only(kofi, 'live-status').props['me']
    for follower in (kofi, amina):
        shown = await eventually(lambda f=follower: speaking(f), what='a current speaker')
        assert shown['participant_id'] == me, 'this is what shows "You\'re up" on Kofi\'s page'
        assert shown['kind'] == 'hand'
    assert only(amina, 'live-status').props['me'] != me
    state = json_state(service, issued.code)
    assert state['current_speaker']['participant_id'] == me
    assert state['current_speaker']['name'] is None


async def test_participant_lowers_their_hand(create_user: Callable[[], User], issued: IssuedKeys,
                                             service: FacilitatorService) -> None:
    service.set_hands(moderator_of(service, issued), issued.code, True)
    moderator, amina = create_user(), create_user()
    await open_moderator(moderator, issued)
    await join(amina, issued, name='Amina', group='Industry')
    amina.find(marker='live-status').trigger('hand', {'action': 'raise', 'type': 'comment'})
    await moderator.should_see('1. Amina')
    assert waiting_in_view(amina) == ['Amina']
    amina.find(marker='live-status').trigger('hand', {'action': 'lower'})
    await eventually(lambda: waiting_in_view(amina) == [], what='the hand gone from the participant page')
    await moderator.should_see('Nobody is waiting.')
    assert json_state(service, issued.code)['speakers'] == []


async def test_move_buttons_and_drop_reorder_the_line_for_everyone(
        create_user: Callable[[], User], issued: IssuedKeys, service: FacilitatorService) -> None:
    mod = moderator_of(service, issued)
    for name in ('Ana', 'Ben', 'Cleo'):
        service.add_speaker(mod, issued.code, name=name, planned_seconds=300)
    moderator, stage = create_user(), create_user()
    await open_moderator(moderator, issued)
    await stage.open(f'/s/{issued.code}/stage')
    assert not button_labelled(moderator, 'Move up Ana').elements.pop().enabled
    assert not button_labelled(moderator, 'Move down Cleo').elements.pop().enabled

    button_labelled(moderator, 'Move up Cleo').click()
    await eventually(lambda: waiting_in_view(stage) == ['Ana', 'Cleo', 'Ben'], what='Cleo one place up')
    await moderator.should_see('2. Cleo')

    button_labelled(moderator, 'Move down Ana').click()
    await eventually(lambda: waiting_in_view(stage) == ['Cleo', 'Ana', 'Ben'], what='Ana one place down')

    moderator.find(marker='queue-row-2').trigger('dragstart')  # Ben, dropped onto the first row
    moderator.find(marker='queue-row-0').trigger('drop.prevent')
    await eventually(lambda: waiting_in_view(stage) == ['Ben', 'Cleo', 'Ana'], what='Ben dropped first')
    await moderator.should_see('1. Ben')
    assert [s['name'] for s in json_state(service, issued.code)['speakers']] == ['Ben', 'Cleo', 'Ana']
