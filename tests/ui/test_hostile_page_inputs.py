"""A sample of hostile inputs through the page path: the join form refuses them and nothing is stored."""

import pytest
from nicegui.testing import User

from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService
from tests.factories import json_state

from .support import eventually

ZW = '\u200b\u200c\u200d'


@pytest.mark.parametrize('name', [ZW, '\u202e\u2066', 'x' * 200])
async def test_a_hostile_name_in_the_join_form_is_refused_and_nobody_joins(user: User, issued: IssuedKeys,
                                                                         service: FacilitatorService,
                                                                         name: str) -> None:
    before = json_state(service, issued.code)
    await user.open(f'/s/{issued.code}')
    user.find(marker='join-name').type(name)
    user.find(marker='join-group').click()
    user.find('Youth').click()
    user.find(marker='join-submit').click()
    await eventually(lambda: user.notify.messages, what='the refusal, said to the person')
    await user.should_not_see(marker='me')
    after = json_state(service, issued.code)
    assert after['participant_count'] == 0
    assert after['version'] == before['version']
