"""The outcome controls: the moderator publishes from the console, a participant's end card links the outcome at
once, the rapporteur withdraws it and the link goes; staff preview what publishing would show."""

from collections.abc import Callable

from nicegui import ui
from nicegui.testing import User

from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService

from .support import NAVIGATION, join, open_moderator
from .test_rapporteur_ui import open_rapporteur


async def test_publishing_from_the_console_links_the_outcome_for_participants_and_withdrawing_unlinks_it(
        create_user: Callable[[], User], issued: IssuedKeys, service: FacilitatorService) -> None:
    maya, amina, rita = create_user(), create_user(), create_user()
    await join(amina, issued, name='Amina', group='Civil society')
    await amina.should_not_see(marker='outcome-link')
    await open_moderator(maya, issued)
    await maya.should_see('Not published.')
    maya.find(marker='outcome-publish').click()
    await maya.should_see('Published: anyone with the link can read it.', retries=NAVIGATION)
    await amina.should_see(marker='outcome-link', retries=NAVIGATION)  # live, without a reload
    assert service.outcome(issued.code).code == issued.code

    await open_rapporteur(rita, issued, 'Rita')
    await rita.should_see('Published: anyone with the link can read it.')
    rita.find(marker='outcome-withdraw').click()
    await amina.should_not_see(marker='outcome-link', retries=NAVIGATION)
    await maya.should_see('Not published.', retries=NAVIGATION)


async def test_staff_preview_what_would_be_published_and_others_get_404(
        create_user: Callable[[], User], issued: IssuedKeys) -> None:
    maya, stranger = create_user(), create_user()
    await open_moderator(maya, issued)
    await maya.open(f'/s/{issued.code}/outcome?preview=1')
    await maya.should_see('Preview: this is what publishing now would show.')
    await maya.should_see(kind=ui.button, content='Print or save as PDF')
    response = await stranger.http_client.get(f'/s/{issued.code}/outcome?preview=1')  # no staff grant: no preview
    assert response.status_code == 404
