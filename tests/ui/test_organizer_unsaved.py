"""The organiser editor never drops unsaved edits silently, and its date and time follow their own format label."""

from nicegui.testing import User

from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService
from tests.factories import json_state

from .support import button_labelled, eventually, only
from .test_organizer import open_editor, titles, value_of


async def test_an_unsaved_segment_edit_is_saved_before_a_move_redraws_the_agenda(
        user: User, issued: IssuedKeys, service: FacilitatorService) -> None:
    await open_editor(user, issued.code)
    _first, second, third = titles(service, issued.code)[:3]
    user.find(marker='segment-title-0').clear().type('Opening, edited')
    await user.should_see('1 unsaved changes. Save them before you leave.')
    button_labelled(user, f'Move up {third}').click()
    await eventually(lambda: titles(service, issued.code)[:3] == ['Opening, edited', third, second],
                     what='the edit saved, then the move made')
    await user.should_not_see('unsaved changes')


async def test_save_all_stores_every_pending_edit(user: User, issued: IssuedKeys,
                                                  service: FacilitatorService) -> None:
    await open_editor(user, issued.code)
    user.find(marker='segment-title-0').clear().type('First, edited')
    user.find(marker='segment-title-1').clear().type('Second, edited')
    await user.should_see('2 unsaved changes. Save them before you leave.')
    user.find(marker='save-all').click()
    await eventually(lambda: titles(service, issued.code)[:2] == ['First, edited', 'Second, edited'],
                     what='both edits saved')


async def test_the_date_and_time_follow_their_format_label_in_24_hour_time(
        user: User, issued: IssuedKeys, service: FacilitatorService) -> None:
    await open_editor(user, issued.code)
    await user.should_see('Start time (HH:MM, 24-hour)')
    assert only(user, 'edit-time').props.get('type') == 'text', "not a native time input (the browser's clock)"
    assert only(user, 'edit-date').props.get('mask') == '####-##-##'
    user.find(marker='edit-time').clear().type('15:30')
    user.find(marker='save-details').click()
    await eventually(lambda: value_of(user, 'edit-time') == '15:30', what='the time shown as typed')
    await eventually(lambda: json_state(service, issued.code)['starts_at'].endswith(':30:00+00:00'),
                     what='the time saved (the save runs off the event loop)')
