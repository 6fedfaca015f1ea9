"""Memory: when the last page of a session leaves, the hubs and the feed keep nothing of it, and a page never holds
its own copy of a board."""

from nicegui import Client, app
from nicegui.testing import User

from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService
from ui.components.post_list import PostList

from .support import join


def pages_of(code: str) -> list[Client]:
    return [client for client in Client.instances.values()
            if client._request is not None and client.request.url.path.startswith(f'/s/{code}')]


async def test_a_session_whose_last_page_left_is_released(user: User, issued: IssuedKeys,
                                                          service: FacilitatorService) -> None:
    await join(user, issued, name='Amina', group='Industry')
    live, inputs = app.state.live, app.state.inputs
    assert issued.code in live.sessions() and issued.code in inputs.sessions()
    assert issued.code in live.feed.listened()
    pages = pages_of(issued.code)
    assert pages
    for page in pages[1:]:
        page.delete()
    assert issued.code in live.sessions(), 'one page is still open'
    pages[0].delete()
    assert issued.code not in live.sessions() and issued.code not in inputs.sessions()
    assert issued.code not in live.feed.listened()
    assert service.snapshots.peek(issued.code, online=service.presence.online(issued.code)) is None


async def test_a_participant_board_is_fetched_by_the_browser_not_held_by_the_page(
        user: User, issued: IssuedKeys, service: FacilitatorService) -> None:
    await join(user, issued, name='Amina', group='Industry')
    boards = [element for element in user.find(marker='post-list').elements if isinstance(element, PostList)]
    assert boards
    for board in boards:
        assert board.props['snapshot'] == '' and board.props['source'].startswith(f'/s/{issued.code}/boards/')
        response = await user.http_client.get(board.props['source'])
        assert response.status_code == 200 and response.json()['seq'] == board.seq
