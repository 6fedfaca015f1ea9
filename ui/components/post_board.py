"""A board of posts: one breakout room's, or the plenary questions. Applies the InputHub's shared patches.

The browser renders and sorts the board (post_list.js); this side keeps the page's copy of the board, so that
actions can be checked, an edit can show the text, and a page that missed a patch can be sent the whole board.
"""

import json
from collections.abc import Callable
from typing import Any

from nicegui.events import GenericEventArguments

from facilitator.actors import Actor
from facilitator.service import FacilitatorService

from ..input_hub import BoardDiff
from ..shell import attempt
from .post_dialogs import edit_post_dialog
from .post_list import PostList

ACTIONS = frozenset({'vote', 'unvote', 'delete', 'edit', 'moderate'})


class PostBoard:
    """`board` is a room id or 'questions'. `mode` is 'participant' (vote) or 'staff' (moderate). `seq` is the
    number of the InputHub's latest patch for this board when the page's state was read."""

    def __init__(self, service: FacilitatorService, code: str, board: str, posts: list[dict[str, Any]],
                 ranking: dict[str, Any] | None, *, mode: str, actor: Actor | None, can_vote: bool,
                 voted: set[str], mine: set[str], seq: int = 0,
                 on_moderate: Callable[[str, dict[str, Any]], None] | None = None) -> None:
        self.service, self.code, self.board, self.mode, self.actor = service, code, board, mode, actor
        self.on_moderate = on_moderate
        self.voted = set(voted)
        self.my_posts = set(mine)
        self.list = PostList(posts, ranking, seq=seq, mode=mode, sortable=board != 'questions',
                             voted=sorted(self.voted), mine=sorted(self.my_posts), can_vote=can_vote) \
            .mark('post-list', f'board-{board}')
        self.list.on('action', self._on_action)
        self.list.on('resync', lambda: self.list.show_all(None))  # (not the event's arguments)
        self.list.on('ranking', lambda: self.list.set('ranking', json.dumps(self.list.ranking or {})))

    def apply(self, diff: BoardDiff) -> None:
        """A push from the InputHub: this board's patch, if it has one, is sent as it is (built once for all)."""
        if self.board in diff.rankings:
            self.list.ranking = diff.rankings[self.board]
        patch = diff.patches.get(self.board)
        if patch is not None:
            self.list.show_patch(patch.seq, patch.posts, patch.gone, patch.json)
        if diff.rooms:
            self.rooms_changed(diff.rooms)

    def shown(self) -> None:
        """Its tab is now shown. A list the browser mounts only now (keep-alive mounts a tab's content the first
        time it is shown) starts from the `snapshot` prop, which patches blank to save sending the whole board:
        send the whole board again, or the list would start empty (issue 11)."""
        if not self.list.props['snapshot']:
            self.list.show_all(None)

    def replace(self, posts: list[dict[str, Any]], ranking: dict[str, Any] | None) -> None:
        """The whole board anew (staff boards, redrawn from the staff snapshot); the reader's sort stays."""
        self.list.show_all(posts, ranking)

    def rooms_changed(self, rooms: dict[str, Any]) -> None:
        is_open = rooms['questions_open'] if self.board == 'questions' else rooms['open']
        self.list.set('can_vote', self.mode == 'participant' and bool(is_open))

    def add_mine(self, post_id: str) -> None:
        self.my_posts.add(post_id)
        self.list.set('mine', sorted(self.my_posts))

    def _on_action(self, event: GenericEventArguments) -> None:
        """A card's button: {id, action, args}. Anything else (a forged or stale message) is ignored."""
        detail = event.args if isinstance(event.args, dict) else {}
        post_id, action, args = detail.get('id'), detail.get('action'), detail.get('args')
        if not isinstance(post_id, str) or post_id not in self.list.posts or action not in ACTIONS:
            return
        if action in ('vote', 'unvote'):
            self._vote(post_id, action == 'vote')
        elif action == 'delete' and self.actor is not None:
            actor = self.actor
            attempt(lambda: self.service.delete_post(actor, self.code, post_id))
        elif action == 'edit' and self.actor is not None:
            edit_post_dialog(self.service, self.actor, self.code, post_id, self.list.posts[post_id]['text'])
        elif action == 'moderate' and self.on_moderate is not None and isinstance(args, dict):
            self.on_moderate(post_id, args)

    def _vote(self, post_id: str, up: bool) -> None:
        actor = self.actor
        if actor is None:
            return
        command = self.service.cast_vote if up else self.service.withdraw_vote
        done = attempt(lambda: command(actor, self.code, post_id)) is not None
        if done:
            (self.voted.add if up else self.voted.discard)(post_id)
            self.list.set('voted', sorted(self.voted))
        self.list.run_method('settle', post_id, done)
