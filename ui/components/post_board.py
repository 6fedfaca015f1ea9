"""A board of posts: one breakout room's, or the plenary questions. Applies shared diffs from the InputHub."""

import time
from collections.abc import Callable
from typing import Any

from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _
from facilitator.service import FacilitatorService

from ..input_hub import BoardDiff
from ..shell import attempt
from .post_card import PostCard
from .post_dialogs import edit_post_dialog

RESORT_EVERY_S = 10.0
SORT_LABELS = {'top': 'Top', 'new': 'New', 'common_ground': 'Common ground'}


class PostBoard:
    """`board` is a room id or 'questions'. `mode` is 'participant' (vote) or 'staff' (moderate)."""

    def __init__(self, service: FacilitatorService, code: str, board: str, posts: list[dict[str, Any]],
                 ranking: dict[str, Any] | None, *, mode: str, actor: Actor | None, can_vote: bool,
                 voted: set[str], mine: set[str], on_moderate: Callable[[str, dict[str, Any]], None] | None = None
                 ) -> None:
        self.service, self.code, self.board, self.mode, self.actor = service, code, board, mode, actor
        self.ranking = ranking or {}
        self.on_moderate = on_moderate
        self.can_vote_now = can_vote
        self.my_posts = set(mine)
        self.sort = 'top'
        self.cards: dict[str, PostCard] = {}
        self.votes: dict[str, int] = {post['id']: post['votes'] for post in posts}
        self.last_sort = time.monotonic()
        self.order_dirty = False
        with ui.row().classes('items-center gap-2 w-full'):
            if board != 'questions':
                self.sorter = ui.toggle({k: _(v) for k, v in SORT_LABELS.items()}, value='top',
                                        on_change=lambda e: self.set_sort(e.value)).props('dense no-caps') \
                    .mark(f'sort-{board}')
            self.sort_note = ui.label('').classes('text-body2')
            self.resort_button = ui.button(_('Sort now'), on_click=self.resort).props('flat dense') \
                .mark(f'resort-{board}')
            self.resort_button.set_visibility(False)
        self.empty = ui.label(_('Nothing here yet.') if board != 'questions' else _('No questions yet.')) \
            .classes('text-body2')
        self.container = ui.column().classes('w-full gap-2').mark(f'board-{board}')
        with self.container:
            for post in posts:
                self._add_card(post, voted=post['id'] in voted, mine=post['id'] in mine)
        self._update_empty()
        self.resort()

    def apply(self, diff: BoardDiff) -> None:
        if self.board in diff.rankings:
            self.ranking = diff.rankings[self.board]
        for post_id in diff.gone & set(self.cards):
            self.cards.pop(post_id).delete()
            self.votes.pop(post_id, None)
        for post_id, entry in diff.counts.items():  # the page's VoteCounts element shows them; keep the order's data
            if post_id in self.votes:
                self.votes[post_id] = entry[0]
                self.order_dirty = True
        for post_id, post in diff.posts.items():
            if post['board'] != self.board:
                continue
            self.votes[post_id] = post['votes']
            card = self.cards.get(post_id)
            if card is None:
                with self.container:
                    self._add_card(post, voted=False, mine=post_id in self.my_posts)
                    self.cards[post_id].move(target_index=0)
            else:
                card.apply(post)
            self.order_dirty = True
        if diff.rooms:
            self.rooms_changed(diff.rooms)
        self._update_empty()
        if self.order_dirty and time.monotonic() - self.last_sort >= RESORT_EVERY_S:
            self.resort()
        self.resort_button.set_visibility(self.order_dirty)

    def rooms_changed(self, rooms: dict[str, Any]) -> None:
        is_open = rooms['questions_open'] if self.board == 'questions' else rooms['open']
        self.can_vote_now = self.mode == 'participant' and bool(is_open)
        for card in self.cards.values():
            card.set_can_vote(self.can_vote_now)

    def set_sort(self, sort: str) -> None:
        self.sort = sort
        self.resort()

    def resort(self) -> None:
        """Reorder the cards: on demand, or at most every few seconds, never per vote."""
        ids = self._order()
        for index, post_id in enumerate(ids):
            card = self.cards.get(post_id)
            if card is not None:
                card.move(target_index=index)
        self.last_sort = time.monotonic()
        self.order_dirty = False
        self.resort_button.set_visibility(False)
        note = ''
        if self.sort == 'common_ground' and self.ranking.get('common_ground_used') == 'top':
            note = _('Common ground needs votes from at least two stakeholder groups; showing Top instead.')
        self.sort_note.set_text(note)

    def _order(self) -> list[str]:
        if self.sort == 'new':
            return sorted(self.cards, key=lambda pid: -self.cards[pid].created_at_ms)
        if self.board == 'questions':
            return sorted(self.cards, key=lambda pid: (not self.cards[pid].props['post']['pinned'],
                                                       -self.votes.get(pid, 0), self.cards[pid].created_at_ms))
        ranked = [pid for pid in self.ranking.get(self.sort, []) if pid in self.cards]
        return ranked + [pid for pid in self.cards if pid not in set(ranked)]

    def _add_card(self, post: dict[str, Any], *, voted: bool, mine: bool) -> None:
        card = PostCard(post, mode=self.mode, voted=voted, can_vote=self.can_vote_now, mine=mine).mark('post-card')
        post_id = post['id']
        card.on('vote', lambda: self._vote(post_id, True))
        card.on('unvote', lambda: self._vote(post_id, False))
        card.on('moderate', lambda e: self.on_moderate(post_id, e.args) if self.on_moderate else None)
        card.on('delete', lambda: self._delete(post_id))
        card.on('edit', lambda: self._edit(post_id))
        self.cards[post_id] = card

    def _vote(self, post_id: str, up: bool) -> None:
        actor = self.actor
        if actor is None:
            return
        command = self.service.cast_vote if up else self.service.withdraw_vote
        done = attempt(lambda: command(actor, self.code, post_id)) is not None
        card = self.cards.get(post_id)
        if card is not None:
            card.set_voted(up if done else not up)
            card.run_method('reset')

    def _delete(self, post_id: str) -> None:
        if self.actor is not None:
            attempt(lambda: self.service.delete_post(self.actor, self.code, post_id))  # type: ignore[arg-type]

    def _edit(self, post_id: str) -> None:
        card = self.cards.get(post_id)
        if card is not None and self.actor is not None:
            edit_post_dialog(self.service, self.actor, self.code, post_id, card.props['post']['text'])

    def _update_empty(self) -> None:
        self.empty.set_visibility(not self.cards)
