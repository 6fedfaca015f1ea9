"""The moderator's alerts say why the flood guard turned pre-moderation on, and one click turns it off."""

from nicegui.testing import User

from facilitator.flood_guard import FLOOD_POSTS
from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService
from tests.factories import json_state

from .support import NAVIGATION, eventually, open_moderator


def _flood(service: FacilitatorService, issued: IssuedKeys) -> None:
    mod = service.authenticate(issued.code, issued.moderator_key)
    service.open_rooms(mod, issued.code, 20)
    room_id = json_state(service, issued.code)['rooms'][0]['id']
    for i in range(FLOOD_POSTS // 2 + 1):
        joined = service.join(issued.code, name=f'Fresh {i}', group='youth')
        actor = service.authenticate(issued.code, joined.token)
        service.join_room(actor, issued.code, room_id)
        for n in range(2):
            service.add_post(actor, issued.code, room_id, text=f'Flood {n} from {i}')


async def test_the_console_says_why_pre_moderation_came_on_and_turns_it_off_in_one_click(
        user: User, issued: IssuedKeys, service: FacilitatorService) -> None:
    await open_moderator(user, issued)
    _flood(service, issued)
    await user.should_see(marker='flood-guard')
    await user.should_see('Pre-moderation was turned on automatically')
    user.find(marker='flood-guard-off').click()
    await eventually(lambda: not json_state(service, issued.code)['pre_moderation'],
                     what='pre-moderation turned off')
    await user.should_not_see(marker='flood-guard', retries=NAVIGATION)
