"""The emptied question list: rooms closing on their timer switch every participant to the plenary questions,
and the list must show the questions the server has, not an empty board."""

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from nicegui.testing import User

from facilitator.clock import FakeClock
from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService
from ui.components.post_list import PostList

from .support import eventually
from .test_rooms_ui import enter_room, shown_board, shown_tab


def questions_list(user: User) -> PostList:
    lists = [e for e in user.find(kind=PostList).elements if isinstance(e, PostList)]
    return min(lists, key=lambda e: e.id)  # the questions tab comes first on the page


def mounted_now(board: PostList) -> set[str]:
    """What the browser's list shows when it is mounted now (keep-alive: the first time its tab is shown): a
    public board fetches the whole board from its `source`, as of the latest patch."""
    return {post['text'] for post in shown_board(board)}


async def test_the_question_list_survives_the_rooms_closing_on_their_timer(
        create_user: Callable[[], User], issued: IssuedKeys, service: FacilitatorService,
        monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock(datetime.now(UTC))
    monkeypatch.setattr(service, 'clock', clock)
    mod = service.authenticate(issued.code, issued.moderator_key)
    service.open_rooms(mod, issued.code, 10)
    amina = create_user()
    await enter_room(amina, issued, name='Amina', group='Civil society', room_index=0)  # built with rooms open
    assert shown_tab(amina) == 'Breakout room'
    kofi = service.join(issued.code, name='Kofi', group='academia')
    asker = service.actor_for_participant(issued.code, kofi.participant_id)
    for text in ('Who audits the filters?', 'What about age checks?'):
        service.add_question(asker, issued.code, text=text)
    await eventually(lambda: len(mounted_now(questions_list(amina))) == 2, what='both questions reached the page')

    clock.advance(10 * 60 + 61)  # the rooms' time and the grace period run out
    assert service.close_expired_rooms() == [issued.code]
    await eventually(lambda: shown_tab(amina) == 'Questions', what='back to the plenary questions')
    await eventually(lambda: mounted_now(questions_list(amina)) == {'Who audits the filters?',
                                                                     'What about age checks?'},
                     what='the questions in the list the browser shows now')
