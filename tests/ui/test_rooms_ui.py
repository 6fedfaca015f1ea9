"""Breakout rooms across simulated browsers: posts and votes reach the room live, never the other room, and the
moderator's 'close all' brings everyone back to the plenary."""

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from nicegui import app, ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from facilitator.actors import Actor
from facilitator.live import LiveFeed
from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService
from tests.factories import World, json_state
from ui.components.post_list import PostList
from ui.input_hub import BoardDiff, InputHub

from .support import NAVIGATION, eventually, join, only, open_moderator, view

XSS = '<img src=x onerror=alert(1)><script>alert(2)</script>'


# helpers ------------------------------------------------------------------------------------------------------------

def moderator_of(service: FacilitatorService, issued: IssuedKeys) -> Actor:
    return service.authenticate(issued.code, issued.moderator_key)


def room_ids(service: FacilitatorService, issued: IssuedKeys) -> list[str]:
    return [room['id'] for room in json_state(service, issued.code)['rooms']]


@dataclass(frozen=True)
class Card:
    """A post as a page shows it: the post (what its board element last sent the browser) and that board."""

    post: dict[str, Any]
    board: PostList

    @property
    def can_vote(self) -> bool:
        return bool(self.board.props['can_vote'])

    @property
    def voted(self) -> bool:
        return self.post['id'] in self.board.props['voted']


def shown_board(board: PostList) -> list[dict[str, Any]]:
    """The posts a board's browser holds. A staff board: its inline snapshot. A public board: the shared board
    its browser fetches (`source`), as of the latest patch, which the page has also been sent by then."""
    if not board.props['source']:
        return json.loads(board.props['snapshot'] or '{"posts": []}')['posts']
    code, name = board.props['source'].removeprefix('/s/').split('/boards/')
    found = app.state.inputs.board_json(code, name)  # what GET {source} answers
    if found is None or found[0] != board.seq:
        return []
    return json.loads(found[1])['posts']


def cards(user: User) -> list[Card]:
    """Every post on the user's page (room board and questions board)."""
    boards = [element for element in user.find(marker='post-list').elements if isinstance(element, PostList)]
    return [Card(post, board) for board in boards for post in shown_board(board)]


def card_with(user: User, text: str) -> Card | None:
    return next((card for card in cards(user) if card.post['text'] == text), None)


def shown_counts(user: User, text: str) -> tuple[int, dict[str, int]] | None:
    """(votes, by group) as the page shows them: the post's own, or the newer ones the page's vote-count element
    carries (it holds the counts of the latest push that moved them)."""
    card = card_with(user, text)
    if card is None:
        return None
    post_id = card.post['id']
    for element in user.find(marker='vote-counts').elements:
        if post_id in element.shown:  # type: ignore[attr-defined]
            votes, groups = element.shown[post_id]  # type: ignore[attr-defined]
            return int(votes), dict(groups)
    return int(card.post['votes']), dict(card.post['votes_by_group'])


def press(user: User, card: Card, action: str, args: dict[str, Any] | None = None) -> None:
    """What a post's button does in the browser: the board's one `action` event, naming the post."""
    UserInteraction(user, {card.board}, None).trigger('action', {'id': card.post['id'], 'action': action,
                                                                 'args': args})


def votes_on(user: User, text: str) -> int | None:
    shown = shown_counts(user, text)
    return None if shown is None else shown[0]


def shown_tab(user: User) -> str:
    """The name of the participant's open tab ('Questions' or 'Breakout room')."""
    panels = next(iter(user.find(kind=ui.tab_panels).elements))
    value: Any = panels.value
    return str(value.props['name'] if isinstance(value, ui.tab) else value)


async def enter_room(user: User, issued: IssuedKeys, *, name: str, group: str, room_index: int) -> None:
    """Join the session through the form, then press 'Join this room' on the chosen room's card."""
    await join(user, issued, name=name, group=group)
    buttons = sorted(user.find(marker='join-room').elements, key=lambda b: b.id)
    assert len(buttons) == 2, 'someone in no room sees a join button on every room'
    UserInteraction(user, {buttons[room_index]}, None).click()
    await user.should_see('You are in this room', retries=100)
    await user.should_see(marker='room-post-text', retries=100)


def post_from_page(user: User, text: str) -> None:
    user.find(marker='room-post-text').type(text)
    user.find(marker='room-post-submit').click()


async def room_of(service: FacilitatorService, issued: IssuedKeys, name: str) -> str | None:
    people = json_state(service, issued.code, staff=True)['people']
    return next(p['room_id'] for p in people if p['name'] == name)


# live posts and votes -----------------------------------------------------------------------------------------------

async def test_people_in_one_room_see_each_others_posts_and_votes_live_and_the_other_room_does_not(
        create_user: Callable[[], User], issued: IssuedKeys, service: FacilitatorService) -> None:
    service.open_rooms(moderator_of(service, issued), issued.code, 20)
    rooms = room_ids(service, issued)
    amina, kofi, lea = create_user(), create_user(), create_user()
    await enter_room(amina, issued, name='Amina', group='Civil society', room_index=0)
    await enter_room(kofi, issued, name='Kofi', group='Academia', room_index=0)
    await enter_room(lea, issued, name='Lea', group='Youth', room_index=1)
    assert [await room_of(service, issued, n) for n in ('Amina', 'Kofi', 'Lea')] == [rooms[0], rooms[0], rooms[1]]
    for user in (amina, kofi, lea):
        assert shown_tab(user) == 'Breakout room', 'open rooms show the room tab'

    post_from_page(amina, 'Age-appropriate design by default')
    await eventually(lambda: card_with(kofi, 'Age-appropriate design by default'), what="Amina's post on Kofi's board")
    await eventually(lambda: card_with(amina, 'Age-appropriate design by default'), what='her own post on her board')
    kofi_card = card_with(kofi, 'Age-appropriate design by default')
    assert kofi_card is not None
    assert (kofi_card.post['author'], kofi_card.post['votes'], kofi_card.can_vote) == (
        'Amina', 0, True)
    assert only(amina, 'room-post-text').value == '', 'the form clears after posting'

    post_from_page(kofi, XSS)
    await eventually(lambda: card_with(amina, XSS), what="Kofi's post on Amina's board, as plain text")

    press(kofi, kofi_card, 'vote')
    await eventually(lambda: kofi_card.voted is True, what="the vote on Kofi's card")
    await eventually(lambda: votes_on(amina, 'Age-appropriate design by default') == 1, what='the vote reaches Amina')
    await eventually(lambda: votes_on(kofi, 'Age-appropriate design by default') == 1, what="Kofi's own count")
    amina_card = card_with(amina, 'Age-appropriate design by default')
    assert amina_card is not None
    assert shown_counts(amina, 'Age-appropriate design by default') == (1, {'smaller_groups': 1}), 'a group of one'
    press(amina, amina_card, 'vote')
    await eventually(lambda: votes_on(kofi, 'Age-appropriate design by default') == 2, what='the second vote')

    post_from_page(lea, 'Only for room two')
    await eventually(lambda: card_with(lea, 'Only for room two'), what="Lea's own post")
    await eventually(lambda: votes_on(amina, 'Age-appropriate design by default') == 2, what='settled')
    assert card_with(lea, 'Age-appropriate design by default') is None, 'room two never gets room one posts'
    assert card_with(lea, XSS) is None
    assert card_with(amina, 'Only for room two') is None and card_with(kofi, 'Only for room two') is None
    assert [p['votes'] for p in json_state(service, issued.code)['rooms'][0]['posts']
            if p['text'] == 'Age-appropriate design by default'] == [2]


async def test_a_vote_burst_arrives_as_the_final_count(create_user: Callable[[], User], issued: IssuedKeys,
                                                        service: FacilitatorService) -> None:
    service.open_rooms(moderator_of(service, issued), issued.code, 20)
    rooms = room_ids(service, issued)
    amina = create_user()
    await enter_room(amina, issued, name='Amina', group='Industry', room_index=0)
    post_from_page(amina, 'Count me')
    await eventually(lambda: card_with(amina, 'Count me'), what='the post')
    post_id = card_with(amina, 'Count me').post['id']  # type: ignore[union-attr]
    for i in range(12):  # others vote through the service, as other browsers would
        voter = service.authenticate(issued.code, service.join(issued.code, name=f'V{i}', group='youth').token)
        service.join_room(voter, issued.code, rooms[0])
        service.cast_vote(voter, issued.code, post_id)
    await eventually(lambda: votes_on(amina, 'Count me') == 12, what='the final count after a burst')
    assert shown_counts(amina, 'Count me') == (12, {'youth': 12})


async def test_the_input_hub_pushes_a_vote_storm_as_a_few_small_diffs(world: World) -> None:
    issued = world.new_session()
    service = world.service
    service.open_rooms(world.moderator(issued), issued.code, 20)
    rooms = [r['id'] for r in json_state(service, issued.code)['rooms']]
    author = service.authenticate(issued.code, service.join(issued.code, name='Amina', group='industry').token)
    service.join_room(author, issued.code, rooms[0])
    busy = service.add_post(author, issued.code, rooms[0], text='Busy')
    quiet = service.add_post(author, issued.code, rooms[0], text='Quiet')
    voters = []
    for i in range(20):
        voter = service.authenticate(issued.code, service.join(issued.code, name=f'V{i}', group='youth').token)
        service.join_room(voter, issued.code, rooms[0])
        voters.append(voter)
    feed = LiveFeed(service)
    feed.start(asyncio.get_running_loop())
    hub = InputHub(feed)
    pushes: list[tuple[float, BoardDiff]] = []
    hub.subscribe(issued.code, service.state(issued.code), lambda diff: pushes.append((time.monotonic(), diff)))
    try:
        started = time.monotonic()
        for voter in voters:  # 20 votes over about 1.2 s
            service.cast_vote(voter, issued.code, busy)
            await asyncio.sleep(0.06)
        await eventually(lambda: pushes and pushes[-1][1].counts.get(busy, [None])[0] == 20,
                         what='the final count pushed')
        await asyncio.sleep(0.8)  # nothing else may trickle in
    finally:
        feed.close()
    elapsed = time.monotonic() - started
    times = [at for at, _diff in pushes]
    assert len(pushes) <= 2 * elapsed + 1, f'{len(pushes)} pushes in {elapsed:.1f} s'
    assert all(later - earlier >= 0.45 for earlier, later in pairwise(times)), times
    for _at, diff in pushes:
        assert set(diff.counts) == {busy}, 'only the count that moved travels'
        assert not diff.posts and quiet not in diff.counts and not diff.gone
        assert json.loads(diff.counts_json) == diff.counts
    assert [d.counts[busy][0] for _at, d in pushes] == sorted(d.counts[busy][0] for _a, d in pushes)


async def test_the_hub_numbers_each_boards_patches_and_holds_a_ranking_back_until_due(world: World) -> None:
    issued = world.new_session()
    service = world.service
    service.open_rooms(world.moderator(issued), issued.code, 20)
    rooms = [r['id'] for r in json_state(service, issued.code)['rooms']]
    people = []
    for i, group in enumerate(('industry', 'academia', 'youth')):
        person = service.authenticate(issued.code, service.join(issued.code, name=f'P{i}', group=group).token)
        service.join_room(person, issued.code, rooms[0])
        people.append(person)
    first = service.add_post(people[0], issued.code, rooms[0], text='First')
    feed = LiveFeed(service)
    feed.start(asyncio.get_running_loop())
    hub = InputHub(feed, ranking_every_s=2.0)
    pushes: list[BoardDiff] = []
    hub.subscribe(issued.code, service.state(issued.code), pushes.append)
    try:
        assert hub.seqs(issued.code) == {}, 'no patch yet: a page built now has seen nothing numbered'
        second = service.add_post(people[1], issued.code, rooms[0], text='Second')
        await eventually(lambda: any(rooms[0] in d.patches for d in pushes), what='the new post')
        patch = next(d.patches[rooms[0]] for d in pushes if rooms[0] in d.patches)
        assert (patch.seq, [p.id for p in patch.posts], patch.gone) == (1, [second], [])
        body = json.loads(patch.json)
        assert body['seq'] == 1 and body['posts'][0]['text'] == 'Second' and 'ranking' in body, \
            'a room whose posts changed gets its ranking too'
        assert rooms[1] not in patch.json and set(hub.seqs(issued.code)) == {rooms[0]}

        pushes.clear()
        service.cast_vote(people[2], issued.code, first)  # the ranking moves; the posts do not
        await eventually(lambda: any(d.counts for d in pushes), what='the count')
        assert not any(d.patches for d in pushes), 'a ranking that just went out waits, whatever the votes'
        await eventually(lambda: any(rooms[0] in d.patches for d in pushes), timeout=5.0, what='the ranking, when due')
        due = next(d.patches[rooms[0]] for d in pushes if rooms[0] in d.patches)
        assert due.seq == 2 and due.posts == [] and json.loads(due.json)['ranking']['top'][0] == first

        service.delete_post(people[1], issued.code, second)
        await eventually(lambda: any(d.patches.get(rooms[0]) and d.patches[rooms[0]].gone for d in pushes),
                         what='the deletion')
        gone = next(d.patches[rooms[0]] for d in pushes if d.patches.get(rooms[0]) and d.patches[rooms[0]].gone)
        assert (gone.seq, gone.gone) == (3, [second])
    finally:
        feed.close()


async def test_a_page_that_missed_a_patch_fetches_the_whole_shared_board(
        create_user: Callable[[], User], issued: IssuedKeys, service: FacilitatorService) -> None:
    service.open_rooms(moderator_of(service, issued), issued.code, 20)
    amina = create_user()
    await enter_room(amina, issued, name='Amina', group='Industry', room_index=0)
    post_from_page(amina, 'One')
    await eventually(lambda: card_with(amina, 'One'), what='the first post')
    post_from_page(amina, 'Two')
    await eventually(lambda: card_with(amina, 'Two'), what='the second post')
    board = card_with(amina, 'Two').board  # type: ignore[union-attr]
    assert board.props['snapshot'] == '' and json.loads(board.props['patch'])['seq'] == board.seq, \
        'the page holds no board: only patches travel through it'
    response = await amina.http_client.get(board.props['source'])  # what post_list.js fetches after a gap
    assert response.status_code == 200
    snapshot = response.json()
    assert snapshot['seq'] == board.seq
    assert sorted(p['text'] for p in snapshot['posts']) == ['One', 'Two']
    again = await amina.http_client.get(board.props['source'], headers={'If-None-Match': response.headers['ETag']})
    assert again.status_code == 304, 'the same board is not sent twice'

    press(amina, card_with(amina, 'Two'), 'vote', None)  # own posts can be upvoted too
    await eventually(lambda: card_with(amina, 'Two').voted, what='the vote on her own post')  # type: ignore[union-attr]
    UserInteraction(amina, {board}, None).trigger('action', {'id': 'not-a-post', 'action': 'vote'})
    UserInteraction(amina, {board}, None).trigger('action', ['garbage'])
    posts = json_state(service, issued.code)['rooms'][0]['posts']
    assert [p['votes'] for p in posts] == [1, 0], 'forged actions change nothing'


# the moderator opens and closes the rooms ---------------------------------------------------------------------------

async def test_open_and_close_all_move_everyone_between_room_and_plenary(
        create_user: Callable[[], User], issued: IssuedKeys, service: FacilitatorService) -> None:
    moderator, amina, lea = create_user(), create_user(), create_user()
    await join(amina, issued, name='Amina', group='Civil society')
    await join(lea, issued, name='Lea', group='Youth')
    for user, index in ((amina, 0), (lea, 1)):
        buttons = sorted(user.find(marker='join-room').elements, key=lambda b: b.id)
        UserInteraction(user, {buttons[index]}, None).click()
        await user.should_see('You are in this room', retries=100)
        assert shown_tab(user) == 'Questions', 'closed rooms: the plenary questions come first'

    await open_moderator(moderator, issued)
    moderator.find(marker='open-rooms').click()
    await eventually(lambda: json_state(service, issued.code)['rooms_open'], what='the rooms open')
    state = json_state(service, issued.code)
    assert 0 <= 20 * 60 * 1000 - (state['rooms_ends_at_ms'] - state['server_time_ms']) < 5000, 'the default 20 min'
    for user in (amina, lea):
        await eventually(lambda u=user: shown_tab(u) == 'Breakout room', what='the room tab after opening')
    post_from_page(amina, 'Posted while open')
    await eventually(lambda: card_with(amina, 'Posted while open'), what='the post')
    await eventually(lambda: card_with(amina, 'Posted while open').can_vote,  # type: ignore[union-attr]
                     what='voting enabled')

    moderator.find(marker='broadcast-text').type('Two minutes left')
    moderator.find(marker='broadcast-send').click()
    for user in (amina, lea):
        await eventually(lambda u=user: (view(u)['broadcast'] or {}).get('message') == 'Two minutes left',
                         what='the broadcast on every participant page')

    moderator.find(marker='close-rooms').click()
    await moderator.should_see('Close all rooms?')
    assert json_state(service, issued.code)['rooms_open'] is True, 'nothing closes before the confirmation'
    moderator.find(marker='confirm-close-rooms').click()
    await eventually(lambda: not json_state(service, issued.code)['rooms_open'], what='the rooms closed')
    for user in (amina, lea):
        await eventually(lambda u=user: shown_tab(u) == 'Questions', what='back to the plenary tab')
    await eventually(lambda: card_with(amina, 'Posted while open').can_vote is False,  # type: ignore[union-attr]
                     what='voting disabled on the cards')

    post_from_page(amina, 'Posted after the close')
    await amina.should_see('The rooms are closed, so posting is paused.')
    assert [p['text'] for p in json_state(service, issued.code)['rooms'][0]['posts']] == ['Posted while open']
    assert json_state(service, issued.code)['report_back_room'] is None, 'the report-back waits for the moderator'
    await moderator.should_see(marker='report-back-room', retries=NAVIGATION)  # the overview redraws throttled
    first = sorted(moderator.find(marker='report-back-room').elements, key=lambda b: b.id)[0]
    UserInteraction(moderator, {first}, None).click()
    await eventually(lambda: (view(amina)['report_back'] or {}).get('top') == [{'text': 'Posted while open',
                                                                                 'votes': 0}],
                     what='the report-back of room one')


async def test_the_moderators_room_view_pins_and_hides_through_the_board(
        create_user: Callable[[], User], issued: IssuedKeys, service: FacilitatorService) -> None:
    moderator_actor = moderator_of(service, issued)
    service.open_rooms(moderator_actor, issued.code, 20)
    rooms = room_ids(service, issued)
    amina = create_user()
    await enter_room(amina, issued, name='Amina', group='Industry', room_index=0)
    post_from_page(amina, 'Keep this one')
    await eventually(lambda: card_with(amina, 'Keep this one'), what='the first post')  # the form clears after it
    post_from_page(amina, 'Offensive text')
    await eventually(lambda: card_with(amina, 'Offensive text'), what='both posts')

    moderator = create_user()
    await open_moderator(moderator, issued)
    await moderator.open(f'/s/{issued.code}/moderate/room/{rooms[0]}')
    await eventually(lambda: card_with(moderator, 'Keep this one'), what='the room as staff see it')
    keep = card_with(moderator, 'Keep this one')
    assert keep is not None and keep.post['author_name'] == 'Amina', 'staff see the author'
    press(moderator, keep, 'moderate', {'action': 'pin'})
    await eventually(lambda: [p['pinned'] for p in json_state(service, issued.code)['rooms'][0]['posts']
                              if p['text'] == 'Keep this one'] == [True], what='the pin stored')
    await eventually(lambda: card_with(moderator, 'Keep this one').post['pinned'],  # type: ignore[union-attr]
                     what='the pin on the staff board')
    assert [p.pinned for p in service.state(issued.code).rooms[0].posts if p.text == 'Keep this one'] == [True]
    await eventually(lambda: card_with(amina, 'Keep this one').post['pinned'],  # type: ignore[union-attr]
                     what="the pin on Amina's board")

    press(moderator, card_with(moderator, 'Offensive text'), 'moderate', {'action': 'hide'})  # type: ignore[arg-type]
    await moderator.should_see('Hide this post?')
    moderator.find(marker='hide-reason').type('Insulting')
    moderator.find(marker='hide-confirm').click()
    await eventually(lambda: card_with(amina, 'Offensive text') is None, what='the post gone from Amina')
    await eventually(lambda: card_with(moderator, 'Offensive text') is None, what='and from the staff board')
    press(moderator, keep, 'moderate', 'not a dict')  # type: ignore[arg-type]
    assert [p['text'] for p in json_state(service, issued.code)['rooms'][0]['posts']] == ['Keep this one']


async def test_an_author_edits_and_deletes_their_post_from_the_board_until_it_has_votes(
        create_user: Callable[[], User], issued: IssuedKeys, service: FacilitatorService) -> None:
    service.open_rooms(moderator_of(service, issued), issued.code, 20)
    amina, kofi = create_user(), create_user()
    await enter_room(amina, issued, name='Amina', group='Industry', room_index=0)
    await enter_room(kofi, issued, name='Kofi', group='Academia', room_index=0)
    post_from_page(amina, 'Frist draft')
    await eventually(lambda: card_with(kofi, 'Frist draft'), what='the post on Kofi’s page')
    mine = card_with(amina, 'Frist draft')
    assert mine is not None and mine.post['id'] in mine.board.props['mine'], 'her page knows the post is hers'

    press(amina, mine, 'edit')
    await amina.should_see('Edit your post')
    amina.find(marker='edit-text').clear()
    amina.find(marker='edit-save').click()
    await amina.should_see('Write something first')
    assert card_with(kofi, 'Frist draft') is not None, 'an empty edit changes nothing'
    amina.find(marker='edit-text').type('First draft')
    amina.find(marker='edit-save').click()
    await eventually(lambda: card_with(kofi, 'First draft'), what='the edit on Kofi’s page')
    assert card_with(kofi, 'Frist draft') is None

    press(kofi, card_with(kofi, 'First draft'), 'vote')  # type: ignore[arg-type]
    await eventually(lambda: card_with(kofi, 'First draft').voted, what="Kofi's vote")  # type: ignore[union-attr]
    press(amina, card_with(amina, 'First draft'), 'delete')  # type: ignore[arg-type]
    await amina.should_see('This post already has votes')
    assert card_with(kofi, 'First draft') is not None

    post_from_page(amina, 'Second thought')
    await eventually(lambda: card_with(kofi, 'Second thought'), what='her second post')
    press(amina, card_with(amina, 'Second thought'), 'delete')  # type: ignore[arg-type]
    await eventually(lambda: card_with(kofi, 'Second thought') is None, what='the deletion on Kofi’s page')
