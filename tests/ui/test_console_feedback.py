"""The console says what it will do and offers a way back: the U key's label names the timer action undo would
take back, and removing a presenter offers Restore, which brings them back at their place."""

from nicegui.testing import User

from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService

from .support import button_labelled, eventually, only
from .test_live_agenda import open_moderator
from .test_speaker_ui import moderator_of


def waiting(service: FacilitatorService, issued: IssuedKeys) -> list[str]:
    return [s['name'] for s in service.state(issued.code)['speakers'] if s['state'] == 'waiting']


async def test_the_u_key_label_names_the_action_it_will_undo(user: User, issued: IssuedKeys,
                                                              service: FacilitatorService) -> None:
    await open_moderator(user, issued)
    await user.should_see('Undo')
    mod = moderator_of(service, issued)
    service.start_segment(mod, issued.code)
    service.next_segment(mod, issued.code)
    await user.should_see('Undo: next segment')
    await eventually(lambda: '<kbd>U</kbd> undo: next segment' in only(user, 'shortcut-help').content,
                     what='the shortcut help names the action')
    service.undo_timer(mod, issued.code)
    await user.should_see('Undo: start')


async def test_removing_a_presenter_then_restore_brings_it_back_at_its_place(
        user: User, issued: IssuedKeys, service: FacilitatorService) -> None:
    mod = moderator_of(service, issued)
    for name in ('Ana Costa', 'Bo Chen', 'Cleo Diaz'):
        service.add_speaker(mod, issued.code, name=name)
    await open_moderator(user, issued)
    await user.should_see('Bo Chen')
    button_labelled(user, 'Remove Bo Chen').click()
    await eventually(lambda: waiting(service, issued) == ['Ana Costa', 'Cleo Diaz'], what='Bo removed')
    await user.should_see('Bo Chen was removed from the line.')
    user.find(marker='restore-action').click()
    await eventually(lambda: waiting(service, issued) == ['Ana Costa', 'Bo Chen', 'Cleo Diaz'],
                     what='Bo back at his place')
    await user.should_not_see('Bo Chen was removed from the line.')
