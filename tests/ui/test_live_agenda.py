"""The moderator runs the agenda; participants and the stage screen follow it live."""

from collections.abc import Callable

from nicegui import ui
from nicegui.testing import User

from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService
from tests.factories import json_state

from .support import NAVIGATION, eventually, join, only, open_moderator, path_of, segment_states, view, wait_for_view


def toggle_text(user: User) -> str:
    toggle = only(user, 'timer-toggle')
    assert isinstance(toggle, ui.button)
    return toggle.text


async def test_staff_link_swaps_key_for_browser_grant_and_asks_name_once(
        create_user: Callable[[], User], issued: IssuedKeys) -> None:
    moderator = create_user()
    response = await moderator.http_client.get(path_of(issued.urls['moderator']))
    assert response.status_code == 303
    assert response.headers['location'] == f'/s/{issued.code}/moderate', 'the key must leave the address bar'

    await moderator.open(f'/s/{issued.code}/moderate')  # no key: the browser itself is now known
    await moderator.should_see('What is your name?')
    await moderator.should_not_see(marker='timer-toggle')
    moderator.find(marker='staff-name').type('Maya')
    moderator.find(marker='staff-name-save').click()
    await moderator.should_see('Signed in as Maya', retries=NAVIGATION)
    await moderator.should_see(marker='timer-toggle')

    await moderator.open(f'/s/{issued.code}/moderate')
    await moderator.should_see('Signed in as Maya')
    await moderator.should_not_see('What is your name?')


async def test_empty_staff_name_is_refused(create_user: Callable[[], User], issued: IssuedKeys) -> None:
    moderator = create_user()
    await moderator.open(path_of(issued.urls['moderator']))
    moderator.find(marker='staff-name-save').click()
    await moderator.should_see('Your name must not be empty.')
    await moderator.should_see('What is your name?')
    await moderator.should_not_see(marker='timer-toggle')


async def test_moderator_runs_agenda_and_everyone_follows(create_user: Callable[[], User], issued: IssuedKeys,
                                                          service: FacilitatorService) -> None:
    moderator, amina, kofi, stage = create_user(), create_user(), create_user(), create_user()
    await open_moderator(moderator, issued)
    await join(amina, issued, name='Amina', group='Civil society', organization='Child Rights Network')
    await join(kofi, issued, name='Kofi', group='Youth')
    await stage.open(f'/s/{issued.code}/stage')
    followers = (amina, kofi, stage)
    for follower in followers:
        assert view(follower)['status'] == 'scheduled'
        assert segment_states(follower) == ['pending', 'pending', 'pending']
    assert only(stage, 'live-status').props['mode'] == 'stage'
    assert toggle_text(moderator) == 'Start'
    assert not only(moderator, 'timer-previous').enabled

    moderator.find(marker='timer-toggle').click()
    for follower in (moderator, *followers):
        await wait_for_view(follower, current=0, states=['running', 'pending', 'pending'])
    await eventually(lambda: toggle_text(moderator) == 'Pause', what='toggle reads Pause')

    moderator.find(marker='timer-next').click()
    for follower in (moderator, *followers):
        shown = await wait_for_view(follower, current=1, states=['done', 'running', 'pending'])
        assert shown['segments'][1]['title'] == 'Industry showcases'
    assert only(moderator, 'timer-previous').enabled

    moderator.find(marker='timer-toggle').click()
    for follower in (moderator, *followers):
        await wait_for_view(follower, current=1, states=['done', 'paused', 'pending'])
    await eventually(lambda: toggle_text(moderator) == 'Resume', what='toggle reads Resume')

    moderator.find(marker='timer-toggle').click()
    for follower in followers:
        await wait_for_view(follower, current=1, states=['done', 'running', 'pending'])

    moderator.find(marker='timer-next').click()
    for follower in followers:
        await wait_for_view(follower, current=2, states=['done', 'done', 'running'])
    await eventually(lambda: not only(moderator, 'timer-next').enabled, what='Next disabled on the last segment')
    assert json_state(service, issued.code)['current_segment'] == 2


async def test_double_click_on_next_advances_one_segment(create_user: Callable[[], User], issued: IssuedKeys,
                                                         service: FacilitatorService) -> None:
    moderator, amina = create_user(), create_user()
    await open_moderator(moderator, issued)
    await join(amina, issued, name='Amina', group='Academia')
    moderator.find(marker='timer-toggle').click()
    await wait_for_view(amina, current=0, states=['running', 'pending', 'pending'])

    seen = view(amina)['agenda_version']  # what the moderator's browser shows when the key bounces
    next_button = moderator.find(marker='timer-next')
    next_button.trigger('click', seen)  # a browser sends the version it displays with every press
    next_button.trigger('click', seen)  # the bounce carries the same one: refused as stale
    # The commands run in the worker pool, so the notice comes a moment later. Wait on the moderator first: the
    # user simulation sends `ui.notify` to whichever simulated user the test touched last.
    await moderator.should_see('Someone else changed the agenda just now', retries=NAVIGATION)
    await wait_for_view(amina, current=1, states=['done', 'running', 'pending'])
    await moderator.should_see('Someone else changed the agenda just now')
    assert json_state(service, issued.code)['current_segment'] == 1


async def test_extend_and_undo_reach_participants(create_user: Callable[[], User], issued: IssuedKeys) -> None:
    moderator, amina = create_user(), create_user()
    await open_moderator(moderator, issued)
    await join(amina, issued, name='Amina', group='Industry')
    moderator.find(marker='timer-toggle').click()
    await wait_for_view(amina, current=0, states=['running', 'pending', 'pending'])
    planned_end = view(amina)['segments'][0]['ends_at_ms']

    moderator.find(marker='timer-plus').click()
    await eventually(lambda: view(amina)['segments'][0]['ends_at_ms'] == planned_end + 60_000,
                     what='one more minute on the participant page')

    moderator.find(marker='timer-undo').click()
    await moderator.should_see('Undone: extend')
    await eventually(lambda: view(amina)['segments'][0]['ends_at_ms'] == planned_end, what='extension undone')


async def test_participant_page_is_read_only(create_user: Callable[[], User], issued: IssuedKeys) -> None:
    amina = create_user()
    await join(amina, issued, name='Amina', group='Government, policymakers and regulators')
    await amina.should_see('You are Amina · Government, policymakers and regulators')
    for marker in ('timer-toggle', 'timer-next', 'timer-previous', 'end-session', 'join-name'):
        await amina.should_not_see(marker=marker)
