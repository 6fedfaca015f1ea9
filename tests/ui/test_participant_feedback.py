"""Nothing happens silently on the participant page: held posts, hidden posts, renames and the end of the
session reach the person they concern, without a reload."""

from collections.abc import Callable

from nicegui.testing import User

from facilitator.actors import Actor
from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService

from .support import NAVIGATION, join
from .test_participant import browser_id


def actor_of(service: FacilitatorService, issued: IssuedKeys, user: User) -> Actor:
    profile = service.participant_for_browser(issued.code, browser_id(user))
    assert profile is not None
    return service.actor_for_participant(issued.code, profile.id)


def moderator(service: FacilitatorService, issued: IssuedKeys) -> Actor:
    return service.authenticate(issued.code, issued.moderator_key)


async def test_a_pre_moderated_question_shows_awaiting_review_to_its_author_only(
        create_user: Callable[[], User], issued: IssuedKeys, service: FacilitatorService) -> None:
    amina, lea = create_user(), create_user()
    await join(amina, issued, name='Amina', group='Civil society')
    await join(lea, issued, name='Lea', group='Youth')
    service.set_pre_moderation(moderator(service, issued), issued.code, True)
    amina.find(marker='question-text').type('Who audits the filters?')
    amina.find(marker='question-submit').click()
    await amina.should_see('awaiting review', retries=NAVIGATION)
    assert any('It is awaiting review' in m for m in amina.notify.messages), 'not just "Your question is in."'
    await amina.should_see('Who audits the filters?')
    await lea.should_not_see('Who audits the filters?')
    await lea.should_not_see('awaiting review')


async def test_hiding_a_post_notifies_its_author_with_the_reason(
        create_user: Callable[[], User], issued: IssuedKeys, service: FacilitatorService) -> None:
    amina = create_user()
    await join(amina, issued, name='Amina', group='Civil society')
    asked = service.add_question(actor_of(service, issued, amina), issued.code, text='A rude question')
    service.moderate_post(moderator(service, issued), issued.code, asked, 'hide', reason='Off topic')
    await amina.should_see('A moderator hid one of your posts. Reason: Off topic', retries=NAVIGATION)


async def test_a_rename_shows_without_a_reload(
        create_user: Callable[[], User], issued: IssuedKeys, service: FacilitatorService) -> None:
    amina = create_user()
    await join(amina, issued, name='Amina', group='Civil society')
    person = actor_of(service, issued, amina).participant_id
    service.moderate_participant(moderator(service, issued), issued.code, person, 'rename', name='A. Okafor')
    await amina.should_see('You are A. Okafor · Civil society', retries=NAVIGATION)


async def test_the_page_says_the_session_has_ended_and_the_forms_go(
        create_user: Callable[[], User], issued: IssuedKeys, service: FacilitatorService) -> None:
    amina = create_user()
    await join(amina, issued, name='Amina', group='Civil society')
    await amina.should_not_see('This session has ended.')
    service.end_session(moderator(service, issued), issued.code)
    await amina.should_see('This session has ended.', retries=NAVIGATION)


async def test_a_hand_lowered_by_a_segment_change_tells_its_owner(
        create_user: Callable[[], User], issued: IssuedKeys, service: FacilitatorService) -> None:
    amina = create_user()
    await join(amina, issued, name='Amina', group='Civil society')
    mod = moderator(service, issued)
    service.start_segment(mod, issued.code)
    service.set_hands(mod, issued.code, True)
    service.raise_hand(actor_of(service, issued, amina), issued.code)
    service.next_segment(mod, issued.code)
    await amina.should_see('Your hand was lowered because the segment changed.', retries=NAVIGATION)
