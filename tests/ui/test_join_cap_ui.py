"""The page's join form counts against the same cap per address as the API."""

from nicegui import app
from nicegui.testing import User

from facilitator.join_limit import JoinLimiter
from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService
from tests.factories import json_state


async def test_past_the_cap_the_join_form_says_so_and_nobody_joins(user: User, issued: IssuedKeys,
                                                                   service: FacilitatorService) -> None:
    assert isinstance(app.state.join_limiter, JoinLimiter)
    app.state.join_limiter = JoinLimiter(0)  # the cap is reached already
    await user.open(f'/s/{issued.code}')
    user.find(marker='join-name').type('Kofi')
    user.find(marker='join-group').click()
    user.find('Youth').click()
    user.find(marker='join-submit').click()
    await user.should_see('Too many people joined from this address just now')
    assert json_state(service, issued.code)['participant_count'] == 0
