"""Real Chromium: a board never re-sorts under the reader's pointer. While the pointer is on the list, votes and new
posts from others wait (and "Sort now" is offered); once the reader leaves, the slow cadence sorts it."""

import pytest
from playwright.sync_api import Browser, expect

from .conftest import CHROMIUM, Server
from .screens import Session
from .test_posts_in_chromium import card, enter_room, new_page, titles

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f'{CHROMIUM} is missing: install Debian chromium to run this'),
]


def test_the_board_waits_while_the_pointer_is_on_it(server: Server, browser: Browser) -> None:
    session = Session.create(server)
    session.control('open_rooms', minutes=20)
    room_id = session.state()['rooms'][0]['id']
    tokens = [session.join(name, group) for name, group in (('Ana', 'industry'), ('Ben', 'academia'))]
    for token in tokens:
        session.post(f'/rooms/{room_id}/join', token)
    posts = [session.post(f'/rooms/{room_id}/posts', token, text=text)['id']
             for token, text in zip(tokens, ('Oldest idea', 'Newest idea'), strict=True)]
    dialogs: list[str] = []
    page = new_page(browser, dialogs)
    page.add_init_script('window.FACILITATOR_RESORT_MS = 300')  # the slow cadence, made quick
    enter_room(page, server, session.code, 'Kofi', 'Academia')
    expect(page.locator('article.post-card')).to_have_count(2)
    assert titles(page) == ['Oldest idea', 'Newest idea']

    card(page, 'Oldest idea').hover()  # the reader is about to vote on the top post
    session.post(f'/posts/{posts[1]}/vote', tokens[0])
    session.post(f'/rooms/{room_id}/posts', tokens[1], text='Another idea')
    expect(card(page, 'Newest idea').locator('.pc-count')).to_have_text('1')
    expect(page.get_by_role('button', name='Sort now')).to_be_visible()
    page.wait_for_function(  # three cadence ticks pass under the pointer, and nothing may move
        "[...document.querySelectorAll('.post-list')].some(list => Number(list.dataset.deferred) >= 3)")
    assert titles(page) == ['Oldest idea', 'Newest idea']

    page.mouse.move(1, 1)  # the reader leaves the list: the cadence sorts it
    expect(page.locator('article.post-card .pc-text')).to_have_text(['Newest idea', 'Oldest idea', 'Another idea'])
    assert dialogs == []
