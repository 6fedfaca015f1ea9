"""The console's Polls tab in NiceGUI's simulated browser: draft a poll, open it, see the answers and show results."""

from nicegui.testing import User

from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService

from .support import eventually, open_moderator


async def test_a_moderator_drafts_opens_and_shows_a_poll(user: User, service: FacilitatorService,
                                                         issued: IssuedKeys) -> None:
    await open_moderator(user, issued)
    user.find(marker='tab-polls').click()
    user.find(marker='poll-question').type('Most pressing risk?')
    user.find(marker='poll-options').type('Grooming\nScams')
    user.find(marker='poll-add').click()
    await user.should_see('Draft')
    polls = await eventually(lambda: service.state(issued.code).polls, what='the poll drafted')
    assert (polls[0].question, polls[0].options) == ('Most pressing risk?', ['Grooming', 'Scams'])
    user.find(marker='poll-open').click()
    await eventually(lambda: service.state(issued.code).polls[0].state == 'open', what='the poll opened')
    joined = service.join(issued.code, name='Amina', group='industry')
    service.answer_poll(service.authenticate(issued.code, joined.token), issued.code, polls[0].id, choices=[1])
    await user.should_see('1 answers', retries=30)
    user.find(marker='poll-results-toggle').click()
    await eventually(lambda: service.state(issued.code).polls[0].results_visible, what='results shown')
