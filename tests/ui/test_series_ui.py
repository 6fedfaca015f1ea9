"""The organiser sets up the 2025 series in one click; a visitor registers through the form and their personal
link joins them under the registered name; a session that needs registration offers no open join form."""

from nicegui.testing import User

from facilitator.series_seed import SLUG_2025
from facilitator.service import FacilitatorService
from tests.factories import ADMIN_TOKEN, TEMPLATE

from .support import NAVIGATION, only
from .test_organizer import sign_in


async def test_the_organiser_creates_the_2025_series_in_one_click_and_is_told_that_mail_is_off(
        user: User, service: FacilitatorService) -> None:
    await sign_in(user)
    await user.should_see('Email is off')
    user.find(marker='series-seed').click()
    await user.should_see(marker='series-link', retries=NAVIGATION)
    sessions = service.series_public(SLUG_2025)['sessions']
    assert [s['rescheduled'] for s in sessions] == [False, False, True, False]
    await user.open(f'/series/{SLUG_2025}')
    await user.should_see('About the series')
    await user.should_see('Leverage ITU’s role as a neutral convener to promote inclusive, multi-stakeholder '
                          'collaboration.')


async def test_a_visitor_registers_and_the_personal_link_joins_them_by_name(
        user: User, service: FacilitatorService) -> None:
    organizer = service.authenticate(None, ADMIN_TOKEN)
    code = service.create_session(organizer, template=TEMPLATE, registration_required=True).code
    await user.open(f'/s/{code}')
    await user.should_see(marker='registration-required-notice')
    await user.should_not_see(marker='join-name')
    await user.open(f'/s/{code}/register')
    user.find(marker='reg-name').type('Amina Diallo')
    user.find(marker='reg-email').type('amina@example.org')
    user.find(marker='reg-group').click()
    user.find('Civil society').click()
    only(user, 'reg-country').set_value('SN')
    user.find(marker='reg-submit').click()
    await user.should_see('Please agree to the privacy notice to register.')
    user.find(marker='reg-consent').click()
    user.find(marker='reg-submit').click()
    await user.should_see('You are registered.', retries=NAVIGATION)
    link = only(user, 'reg-link')
    url = str(link.props['href'])
    await user.open(url.removeprefix('http://127.0.0.1:8080').removeprefix(service.public_url))
    await user.should_see('You are Amina Diallo · Civil society', retries=NAVIGATION)
    [row] = service.registrations(organizer, code)
    assert (row['country'], row['attended']) == ('SN', True)
