"""Series solutions in the pages: a status change shows on the public series page without a reload; a rapporteur
adopts a tagged post, sets its owner and status and carries the open ones into the session."""

from collections.abc import Callable

import pytest
from nicegui import ui
from nicegui.testing import User

from db.enums import SolutionStatus
from facilitator.actors import Actor
from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService
from facilitator.solution_inputs import SolutionPatch
from tests.factories import ADMIN_TOKEN, TEMPLATE

from .support import NAVIGATION, eventually, only, path_of

pytestmark = pytest.mark.timeout(90)
SLUG = 'cop-ui'


def tagged_session(service: FacilitatorService, text: str) -> tuple[IssuedKeys, str]:
    organizer = service.authenticate(None, ADMIN_TOKEN)
    service.create_series(organizer, slug=SLUG, title='COP UI series')
    issued = service.create_session(organizer, template=TEMPLATE, series=SLUG)
    moderator = service.authenticate(issued.code, issued.moderator_key)
    service.open_rooms(moderator, issued.code, 20)
    room_id = service.state(issued.code).rooms[0].id
    joined = service.join(issued.code, name='Nadia', group='industry')
    author = service.authenticate(issued.code, joined.token)
    service.join_room(author, issued.code, room_id)
    post_id = service.add_post(author, issued.code, room_id, text=text)
    service.moderate_post(moderator, issued.code, post_id, 'tag', tag='actionable_solution')
    return issued, post_id


async def open_rapporteur(user: User, issued: IssuedKeys, name: str) -> None:
    """The rapporteur link, and the display name a rapporteur gives once (the page with its panels may take a
    moment to build on a busy machine)."""
    await user.open(path_of(issued.urls['rapporteur']))
    await user.should_see('What is your name?')
    user.find(marker='staff-name').type(name)
    user.find(marker='staff-name-save').click()
    await user.should_see(f'Signed in as {name}', retries=NAVIGATION)


def organizer_of(service: FacilitatorService) -> Actor:
    return service.authenticate(None, ADMIN_TOKEN)


async def test_a_status_change_shows_on_the_series_page_without_a_reload(user: User,
                                                                         service: FacilitatorService) -> None:
    issued, post_id = tagged_session(service, 'Safety by design by default')
    rapporteur = service.authenticate(issued.code, issued.rapporteur_key)
    solution = service.adopt_solution(rapporteur, issued.code, post_id)
    await user.open(f'/series/{SLUG}')
    await user.should_see('Actionable solutions')
    await user.should_see('Safety by design by default')
    await user.should_see('Proposed')
    await user.should_see('No owner yet')
    service.update_solution(organizer_of(service), SLUG, solution.id,
                            SolutionPatch(owner='GSMA', status=SolutionStatus.IN_PROGRESS))
    await user.should_see('In progress', retries=NAVIGATION)
    await user.should_see('Owner: GSMA')
    await user.should_not_see('Proposed')


async def test_a_rapporteur_adopts_a_tagged_post_sets_owner_and_status_and_carries_it_over(
        create_user: Callable[[], User], service: FacilitatorService) -> None:
    issued, _post = tagged_session(service, 'Report buttons in every game')
    staff = create_user()
    await open_rapporteur(staff, issued, 'Ravi')
    await staff.should_see('Series solutions')
    await staff.should_see('Report buttons in every game')
    staff.find(marker='adopt-post').click()
    await staff.should_see(marker='solution-row', retries=NAVIGATION)
    [solution] = service.series_solutions(SLUG).solutions
    assert solution.text == 'Report buttons in every game' and solution.status == SolutionStatus.PROPOSED
    owner = only(staff, 'solution-owner')
    assert isinstance(owner, ui.input)
    owner.set_value('Industry Alliance')
    status = only(staff, 'solution-status-select')
    assert isinstance(status, ui.select)
    status.set_value('committed')
    staff.find(marker='solution-save').click()
    await eventually(lambda: service.series_solutions(SLUG).solutions[0].status == SolutionStatus.COMMITTED)
    assert service.series_solutions(SLUG).solutions[0].owner == 'Industry Alliance'
    note = only(staff, 'solution-note')
    assert isinstance(note, ui.input)
    note.set_value('Pilot in two countries')
    staff.find(marker='solution-note-add').click()
    await staff.should_see('Pilot in two countries', retries=NAVIGATION)
    staff.find(marker='carry-solutions').click()
    await eventually(lambda: [c.text for c in service.state(issued.code).where_we_are] ==
                     ['Report buttons in every game'])
