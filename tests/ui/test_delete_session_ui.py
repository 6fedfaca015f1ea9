"""The organiser deletes a session from its editor page, after typing its join code."""

import pytest
from nicegui import ui
from nicegui.testing import User

from facilitator.errors import NotFound
from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService
from tests.factories import json_state

from .support import eventually, only
from .test_organizer import open_editor


async def test_a_session_is_deleted_only_after_its_code_is_typed(user: User, issued: IssuedKeys,
                                                                service: FacilitatorService) -> None:
    service.join(issued.code, name='Amina Diallo', group='youth')
    await open_editor(user, issued.code)
    user.find(marker='delete-session').click()
    await user.should_see(f'Type the join code {issued.code} to confirm.')
    confirm = only(user, 'delete-confirm')
    assert isinstance(confirm, ui.button) and not confirm.enabled
    user.find(marker='delete-confirm-code').type('WRONG')
    assert not confirm.enabled
    user.find(marker='delete-confirm').click()
    assert json_state(service, issued.code)['participant_count'] == 1

    user.find(marker='delete-confirm-code').clear().type(issued.code.lower())
    await eventually(lambda: confirm.enabled, what='the typed code enables the button')
    user.find(marker='delete-confirm').click()
    await eventually(lambda: service.find_code(issued.code) is None, what='the session is deleted')
    with pytest.raises(NotFound):
        service.state(issued.code)
    await user.should_see('Sessions')


async def test_cancel_keeps_the_session(user: User, issued: IssuedKeys, service: FacilitatorService) -> None:
    await open_editor(user, issued.code)
    user.find(marker='delete-session').click()
    user.find(marker='delete-confirm-code').type(issued.code)
    user.find(marker='delete-cancel').click()
    assert service.find_code(issued.code) == issued.code
