"""Joining, identity across reloads, personal links, refused staff pages and unknown codes."""

from collections.abc import Callable

import pytest
from nicegui import ui
from nicegui.testing import User

from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService
from tests.factories import json_state

from .support import NAVIGATION, only, send_join_form, view


def browser_id(user: User) -> str:
    """NiceGUI's browser id of this simulated browser (from its signed session cookie)."""
    assert user.client is not None
    return str(user.client.request.session['id'])


async def test_youth_join_hides_name_by_default(user: User, issued: IssuedKeys, service: FacilitatorService) -> None:
    await user.open(f'/s/{issued.code}')
    show_name = only(user, 'join-show-name')
    assert isinstance(show_name, ui.checkbox)
    assert show_name.value is True
    user.find(marker='join-name').type('Kofi')
    user.find(marker='join-group').click()
    user.find('Youth').click()
    assert show_name.value is False, 'a youth participant starts with "show my name" off'
    user.find(marker='join-group').click()
    user.find('Academia').click()
    assert show_name.value is True
    user.find(marker='join-group').click()
    user.find('Youth').click()
    user.find(marker='join-submit').click()

    await user.should_see('You are Kofi · Youth', retries=NAVIGATION)
    await user.should_not_see(marker='join-name')
    assert view(user)['code'] == issued.code
    assert view(user)['participant_count'] == 1
    profile = service.participant_for_browser(issued.code, browser_id(user))
    assert profile is not None
    assert (profile.name, profile.group.value, profile.show_name) == ('Kofi', 'youth', False)


async def test_adult_join_keeps_name_public_and_organisation(user: User, issued: IssuedKeys,
                                                            service: FacilitatorService) -> None:
    await user.open(f'/s/{issued.code}')
    send_join_form(user, name='  Amina  ', group='Civil society', organization='Child Rights Network')
    await user.should_see('You are Amina · Civil society', retries=NAVIGATION)
    profile = service.participant_for_browser(issued.code, browser_id(user))
    assert profile is not None
    assert (profile.name, profile.organization, profile.show_name) == ('Amina', 'Child Rights Network', True)


async def test_reload_keeps_identity(create_user: Callable[[], User], issued: IssuedKeys,
                                     service: FacilitatorService) -> None:
    amina, stranger = create_user(), create_user()
    await amina.open(f'/s/{issued.code}')
    send_join_form(amina, name='Amina', group='Industry')
    await amina.should_see('You are Amina · Industry', retries=NAVIGATION)

    await amina.open(f'/s/{issued.code}')  # the same browser opens the page again
    await amina.should_see('You are Amina · Industry')
    await amina.should_not_see(marker='join-name')
    await amina.open(f'/s/{issued.code.lower()}')  # a hand-typed code in lower case
    await amina.should_see('You are Amina · Industry')

    await stranger.open(f'/s/{issued.code}')
    await stranger.should_see(marker='join-name')
    await stranger.should_not_see('You are Amina')
    assert json_state(service, issued.code)['participant_count'] == 1


async def test_personal_link_logs_browser_in(create_user: Callable[[], User], issued: IssuedKeys,
                                             service: FacilitatorService) -> None:
    joined = service.join(issued.code, name='Lena', group='academia')
    laptop = create_user()
    response = await laptop.http_client.get(f'/s/{issued.code}?t={joined.token}')
    assert response.status_code == 303
    assert response.headers['location'] == f'/s/{issued.code}', 'the token must leave the address bar'
    await laptop.open(f'/s/{issued.code}')
    await laptop.should_see('You are Lena · Academia')
    await laptop.should_not_see(marker='join-name')

    phone = create_user()
    await phone.open(f'/s/{issued.code}?t={joined.token}')
    await phone.should_see('You are Lena · Academia')
    assert json_state(service, issued.code)['participant_count'] == 1


async def test_bad_personal_link_falls_back_to_join_form(user: User, issued: IssuedKeys) -> None:
    await user.open(f'/s/{issued.code}?t=not-a-real-token')
    await user.should_see('This personal link is no longer valid')
    await user.should_see(marker='join-name')
    await user.should_not_see(marker='me')


async def test_personal_link_of_another_session_is_refused(user: User, issued: IssuedKeys,
                                                           service: FacilitatorService) -> None:
    other = service.create_session(service.authenticate(None, 'test-organizer-token'), template='custom')
    joined = service.join(other.code, name='Lena', group='academia')
    await user.open(f'/s/{issued.code}?t={joined.token}')
    await user.should_see('This personal link is no longer valid')
    await user.should_not_see('You are Lena')


@pytest.mark.parametrize(('name', 'group', 'message'), [
    ('', 'Industry', 'Your name must not be empty.'),
    ('   ', 'Industry', 'Your name must not be empty.'),
    ('Amina', None, 'Choose your stakeholder group.'),
])
async def test_bad_join_input_is_refused(user: User, issued: IssuedKeys, service: FacilitatorService,
                                         *, name: str, group: str | None, message: str) -> None:
    await user.open(f'/s/{issued.code}')
    send_join_form(user, name=name, group=group)
    await user.should_see(message)
    await user.should_see(marker='join-name')
    await user.should_not_see(marker='me')
    assert json_state(service, issued.code)['participant_count'] == 0


async def test_join_with_enter_key(user: User, issued: IssuedKeys) -> None:
    await user.open(f'/s/{issued.code}')
    user.find(marker='join-group').click()
    user.find('Other').click()
    user.find(marker='join-name').type('Noor').trigger('keydown.enter')
    await user.should_see('You are Noor · Other', retries=NAVIGATION)


async def test_home_page_code_leads_to_session(user: User, issued: IssuedKeys) -> None:
    await user.open('/')
    user.find(marker='home-code').type('nosuch')
    user.find(kind=ui.button, content='Join').click()
    await user.should_see('There is no session with this code.')
    user.find(marker='home-code').clear().type(issued.code.lower())
    user.find(kind=ui.button, content='Join').click()
    await user.should_see(marker='join-name', retries=NAVIGATION)
    await user.should_see('Join the session')


@pytest.mark.parametrize('path', ['/s/ZZZZZZ', '/s/ZZZZZZ/moderate?key=abc', '/s/ZZZZZZ/rapporteur',
                                  '/s/ZZZZZZ/stage', '/s/' + 'Q' * 40])
async def test_unknown_code_gets_friendly_page(user: User, path: str) -> None:
    await user.open(path)
    await user.should_see('No such session')
    await user.should_see('There is no session with this code')
    await user.should_see('Enter another code')
    await user.should_not_see(marker='join-name')
    await user.should_not_see(marker='live-status')


@pytest.mark.parametrize('page', ['moderate', 'rapporteur'])
async def test_staff_page_without_key_shows_no_controls(create_user: Callable[[], User], issued: IssuedKeys,
                                                        page: str) -> None:
    outsider = create_user()
    await outsider.open(f'/s/{issued.code}/{page}')
    await outsider.should_see('This page needs a staff link')
    for marker in ('timer-toggle', 'timer-next', 'staff-name', 'live-status', 'end-session'):
        await outsider.should_not_see(marker=marker)

    await outsider.open(f'/s/{issued.code}/{page}?key=guessed-key')
    await outsider.should_see('This page needs a staff link')
    await outsider.should_not_see(marker='staff-name')


async def test_rapporteur_key_does_not_open_moderator_console(create_user: Callable[[], User],
                                                              issued: IssuedKeys) -> None:
    rapporteur = create_user()
    await rapporteur.open(f'/s/{issued.code}/moderate?key={issued.rapporteur_key}')
    await rapporteur.should_see('This page needs a staff link')
    await rapporteur.should_not_see(marker='timer-toggle')
    await rapporteur.open(f'/s/{issued.code}/rapporteur?key={issued.rapporteur_key}')
    await rapporteur.should_see('What is your name?')
