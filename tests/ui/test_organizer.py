"""The organiser signs in, creates a session, edits its agenda and regenerates the staff links."""

import contextlib
from collections.abc import Callable

from nicegui import ui
from nicegui.testing import User

from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService
from tests.factories import ADMIN_TOKEN, json_state

from .support import NAVIGATION, button_labelled, eventually, only, open_moderator, path_of


async def sign_in(user: User) -> None:
    await user.open('/organize')
    await user.should_see('Sign in with the organizer token')
    user.find(marker='organizer-token').type(ADMIN_TOKEN)
    user.find(marker='organizer-sign-in').click()
    await user.should_see('Create a session', retries=NAVIGATION)


async def open_editor(user: User, code: str) -> None:
    await sign_in(user)
    await user.open(f'/organize/{code}')
    await user.should_see(marker='segment-title-0')


def titles(service: FacilitatorService, code: str) -> list[str]:
    return [segment['title'] for segment in json_state(service, code)['segments']]


def value_of(user: User, marker: str) -> object:
    element = only(user, marker)
    assert isinstance(element, ui.input | ui.number)
    return element.value


async def test_wrong_token_is_refused(user: User) -> None:
    await user.open('/organize')
    user.find(marker='organizer-token').type('not-the-token')
    user.find(marker='organizer-sign-in').click()
    await user.should_see('That token is not valid.')
    await user.should_not_see(marker='create')
    await user.open('/organize')
    await user.should_see('Sign in with the organizer token')


async def test_editor_needs_sign_in(user: User, issued: IssuedKeys) -> None:
    await user.open(f'/organize/{issued.code}')
    await user.should_see('Sign in with the organizer token')
    await user.should_not_see(marker='segment-title-0')
    await user.should_not_see(marker='regenerate')


async def test_create_session_shows_staff_links_once(create_user: Callable[[], User],
                                                     service: FacilitatorService) -> None:
    organiser, moderator = create_user(), create_user()
    await sign_in(organiser)
    await organiser.should_see('No sessions yet.')
    organiser.find(marker='template').click()
    organiser.find('Custom session').click()
    organiser.find(marker='create').click()

    await organiser.should_see('Copy the moderator and rapporteur links now')
    moderator_url = str(value_of(organiser, 'moderator-url'))
    rapporteur_url = str(value_of(organiser, 'rapporteur-url'))
    assert '/moderate?key=' in moderator_url
    assert '/rapporteur?key=' in rapporteur_url
    sessions = service.list_sessions(service.authenticate(None, ADMIN_TOKEN))
    assert len(sessions) == 1
    code = sessions[0]['code']
    assert sessions[0]['title'] == 'New dialogue session'
    assert f'/s/{code}/moderate?key=' in moderator_url
    assert str(value_of(organiser, 'issued-participant-url')).endswith(f'/s/{code}')

    organiser.find(marker='links-saved').click()
    await organiser.should_see(marker='segment-title-0', retries=NAVIGATION)  # the editor of the new session
    await organiser.should_not_see(marker='moderator-url')
    await organiser.should_not_see(marker='rapporteur-url')
    await organiser.should_see(marker='participant-url')
    await organiser.should_not_see('key=')

    await organiser.open('/organize')
    await organiser.should_see(marker='session-item')
    await organiser.should_see(code)
    await organiser.should_not_see(marker='moderator-url')

    await moderator.open(path_of(moderator_url))  # the link shown once really is a moderator link
    await moderator.should_see('What is your name?')


async def test_token_in_address_signs_in_and_is_removed(user: User) -> None:
    response = await user.http_client.get(f'/organize?token={ADMIN_TOKEN}')
    assert response.status_code == 303
    assert response.headers['location'] == '/organize'
    await user.open('/organize')
    await user.should_see('Create a session')


async def test_rename_and_change_minutes(user: User, issued: IssuedKeys, service: FacilitatorService) -> None:
    await open_editor(user, issued.code)
    user.find(marker='segment-title-0').clear().type('Welcome and scene-setting')
    user.find(marker='segment-minutes-0').clear().type('20')
    button_labelled(user, 'Save Opening & scene-setting').click()
    await eventually(lambda: titles(service, issued.code)[0] == 'Welcome and scene-setting', what='rename saved')
    assert json_state(service, issued.code)['segments'][0]['planned_seconds'] == 20 * 60
    await eventually(lambda: button_labelled(user, 'Save Welcome and scene-setting'),
                     what='the rebuilt row carries the new name')
    assert value_of(user, 'segment-title-0') == 'Welcome and scene-setting'
    assert value_of(user, 'segment-minutes-0') == 20


async def test_bad_duration_is_refused(user: User, issued: IssuedKeys, service: FacilitatorService) -> None:
    before = json_state(service, issued.code)['segments']
    await open_editor(user, issued.code)

    user.find(marker='segment-minutes-1').clear()
    button_labelled(user, 'Save Industry showcases').click()
    await user.should_see('Enter the duration in minutes.')

    user.find(marker='segment-minutes-1').type('0')
    button_labelled(user, 'Save Industry showcases').click()
    await user.should_see('The duration must be more than zero.')

    user.find(marker='segment-minutes-1').clear().type('600')
    button_labelled(user, 'Save Industry showcases').click()
    await user.should_see('The duration must be at most 8 hours.')

    assert json_state(service, issued.code)['segments'] == before


async def test_add_and_remove_segment(user: User, issued: IssuedKeys, service: FacilitatorService) -> None:
    await open_editor(user, issued.code)
    user.find(marker='add-segment').click()
    await user.should_see('The segment title must not be empty.')
    assert len(titles(service, issued.code)) == 3

    user.find(marker='new-segment-title').type('Wrap-up')
    user.find(marker='new-segment-minutes').clear().type('0')
    user.find(marker='add-segment').click()
    await user.should_see('The duration must be more than zero.')
    assert len(titles(service, issued.code)) == 3

    user.find(marker='new-segment-minutes').clear().type('5')
    user.find(marker='add-segment').click()
    await user.should_see(marker='segment-title-3', retries=NAVIGATION)
    assert titles(service, issued.code)[-1] == 'Wrap-up'
    assert json_state(service, issued.code)['segments'][-1]['planned_seconds'] == 300
    assert value_of(user, 'new-segment-title') in ('', None), 'the add row is empty again'

    button_labelled(user, 'Remove Industry showcases').click()
    await user.should_not_see(marker='segment-title-3', retries=NAVIGATION)
    assert titles(service, issued.code) == ['Opening & scene-setting', 'Interactive dialogue', 'Wrap-up']
    assert value_of(user, 'segment-title-1') == 'Interactive dialogue'


async def test_started_segment_cannot_be_removed(user: User, issued: IssuedKeys,
                                                 service: FacilitatorService) -> None:
    service.start_segment(service.authenticate(issued.code, issued.moderator_key), issued.code)
    await open_editor(user, issued.code)
    button_labelled(user, 'Remove Opening & scene-setting').click()
    await user.should_see('Only segments that have not started can be moved or removed.')
    assert len(titles(service, issued.code)) == 3


async def test_regenerate_staff_links_stops_old_link(create_user: Callable[[], User], issued: IssuedKeys) -> None:
    organiser, old_moderator, latecomer = create_user(), create_user(), create_user()
    await old_moderator.open(path_of(issued.urls['moderator']))
    await old_moderator.should_see('What is your name?')

    await open_editor(organiser, issued.code)
    organiser.find(marker='regenerate').click()
    await organiser.should_see('Copy the moderator and rapporteur links now')
    new_link = str(value_of(organiser, 'moderator-url'))
    assert new_link != issued.urls['moderator']

    await old_moderator.open(f'/s/{issued.code}/moderate')  # the browser that had the old link
    await old_moderator.should_see('This page needs a staff link')
    await old_moderator.should_not_see(marker='staff-name')
    await latecomer.open(path_of(issued.urls['moderator']))  # someone who only has the old link
    await latecomer.should_see('This page needs a staff link')
    await latecomer.open(path_of(issued.urls['rapporteur']))
    await latecomer.should_see('This page needs a staff link')

    await latecomer.open(path_of(new_link))
    await latecomer.should_see('What is your name?')


async def test_regenerated_links_stop_an_open_moderator_console(create_user: Callable[[], User],
                                                                issued: IssuedKeys,
                                                                service: FacilitatorService) -> None:
    old_moderator = create_user()
    await open_moderator(old_moderator, issued)
    service.regenerate_keys(service.authenticate(None, ADMIN_TOKEN), issued.code)

    with contextlib.suppress(AssertionError):  # a fix may also take the controls away
        old_moderator.find(marker='timer-toggle').click()  # the page was open before the links were regenerated
    assert json_state(service, issued.code)['segments'][0]['state'] == 'pending', 'the old moderator started the timer'
    assert json_state(service, issued.code)['status'] == 'scheduled'
    await old_moderator.should_see('Your staff link has been replaced')
