"""The console says what it will do and offers a way back: the U key's label names the timer action undo would
take back, and removing a presenter offers Restore, which brings them back at their place."""

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService
from tests.factories import json_state

from .support import button_labelled, eventually, only
from .test_live_agenda import open_moderator
from .test_speaker_ui import moderator_of


def waiting(service: FacilitatorService, issued: IssuedKeys) -> list[str]:
    return [s['name'] for s in json_state(service, issued.code)['speakers'] if s['state'] == 'waiting']


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


async def test_staff_see_hidden_posts_with_their_reason_and_unhide_them(
        user: User, issued: IssuedKeys, service: FacilitatorService) -> None:
    mod = moderator_of(service, issued)
    amina = service.join(issued.code, name='Amina', group='civil_society')
    actor = service.actor_for_participant(issued.code, amina.participant_id)
    asked = service.add_question(actor, issued.code, text='Who audits the filters?')
    service.moderate_post(mod, issued.code, asked, 'hide', reason='Duplicate')
    await open_moderator(user, issued)
    user.find(marker='tab-questions').click()  # the hidden posts sit under the questions board
    user.find('Hidden posts').click()
    await user.should_see('Who audits the filters?')
    await user.should_see('hidden: Duplicate')
    user.find(marker='unhide-post').click()
    await eventually(lambda: [q['id'] for q in json_state(service, issued.code)['questions']] == [asked],
                     what='the question visible again')
    await user.should_see('No post is hidden.')


async def test_a_rapporteur_marks_a_summary_ready_for_the_stage(
        user: User, issued: IssuedKeys, service: FacilitatorService) -> None:
    await user.open(f'/s/{issued.code}/rapporteur?key={issued.rapporteur_key}')
    await user.should_see('What is your name?')
    user.find(marker='staff-name').type('Rita')
    user.find(marker='staff-name-save').click()
    await user.should_see('Signed in as Rita', retries=50)
    room = json_state(service, issued.code)['rooms'][0]
    user.find(room['topic']).click()
    area = min((e for e in user.find(kind=ui.textarea).elements if e.props.get('label') == 'Short summary'),
               key=lambda e: e.id)
    area.set_value('Safety by design, audited yearly')
    buttons = sorted(user.find(marker='summary-ready').elements, key=lambda b: b.id)
    UserInteraction(user, {buttons[0]}, None).click()
    await eventually(lambda: json_state(service, issued.code)['rooms'][0]['summary']
                     == 'Safety by design, audited yearly', what='the summary on the stage')
    await user.should_see('On the stage: Safety by design, audited yearly')


async def test_a_pasted_two_row_tsv_is_previewed_then_becomes_two_presenters(
        user: User, issued: IssuedKeys, service: FacilitatorService) -> None:
    await open_moderator(user, issued)
    user.find('Add presenters').click()
    user.find(marker='presenter-list').type('Ana Lima\tMeta\tParental supervision tools\t5\n'
                                            'Bo Chen\tTikTok\tFamily pairing\t7')
    await user.should_see('Parental supervision tools')
    await user.should_see('Add 2 presenters')
    assert json_state(service, issued.code)['speakers'] == [], 'nothing is added before the moderator confirms'
    user.find(marker='add-presenter-list').click()
    await eventually(lambda: [(s['name'], s['organization'], s['planned_seconds'])
                              for s in json_state(service, issued.code)['speakers']]
                     == [('Ana Lima', 'Meta', 300), ('Bo Chen', 'TikTok', 420)], what='two presenters')


async def test_closing_the_rooms_offers_restore_which_reopens_them(
        user: User, issued: IssuedKeys, service: FacilitatorService) -> None:
    service.open_rooms(moderator_of(service, issued), issued.code, 20)
    await open_moderator(user, issued)
    user.find(marker='tab-rooms').click()
    user.find(marker='close-rooms').click()
    await user.should_see('Close all rooms?')
    user.find(marker='confirm-close-rooms').click()
    await eventually(lambda: not json_state(service, issued.code)['rooms_open'], what='the rooms closed')
    await user.should_see('The rooms are closed.')
    user.find(marker='restore-action').click()
    await eventually(lambda: json_state(service, issued.code)['rooms_open'], what='the rooms open again')
    state = json_state(service, issued.code)
    assert 18 * 60_000 < state['rooms_ends_at_ms'] - state['server_time_ms'] <= 20 * 60_000, 'with their time left'
