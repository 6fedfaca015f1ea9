"""A post or question card: one element per post, with its vote count as its own small prop."""

import json
from typing import Any

from nicegui import ui

from ..labels import post_labels
from ..live_status import mark_component_loaded, set_shared_prop


def install_post_labels() -> None:
    """The cards' translated labels, shared once per page instead of once per card (not user input)."""
    payload = json.dumps(post_labels()).replace('</', '<\\/')
    ui.add_head_html(f'<script>window.FACILITATOR_POST_LABELS = {payload};</script>')


class PostCard(ui.element, component='../static/post_card.js'):
    def __init__(self, post: dict[str, Any], *, mode: str, voted: bool = False, can_vote: bool = False,
                 mine: bool = False) -> None:
        super().__init__()
        mark_component_loaded(self)
        self.post_id = post['id']
        self._props['post'] = {**post, 'mine': mine}
        self._props['votes'] = post['votes']
        self._props['by_group'] = post['votes_by_group']
        self._props['voted'] = voted
        self._props['can_vote'] = can_vote
        self._props['mode'] = mode

    @property
    def created_at_ms(self) -> int:
        return int(self._props['post']['created_at_ms'])

    def apply(self, post: dict[str, Any]) -> None:
        """Update only what changed: a vote touches two small props, an edit or a tag the post itself."""
        old = self._props['post']
        if {k: v for k, v in old.items() if k not in {'votes', 'votes_by_group', 'mine'}} != {
                k: v for k, v in post.items() if k not in {'votes', 'votes_by_group', 'board'}}:
            dict.__setitem__(self._props, 'post', {**post, 'mine': old.get('mine', False)})
        dict.__setitem__(self._props, 'votes', post['votes'])
        set_shared_prop(self, 'by_group', post['votes_by_group'])  # the diff's dicts are shared, never mutated

    def set_voted(self, voted: bool) -> None:
        if self._props['voted'] != voted:
            self._props['voted'] = voted
            self.update()

    def set_can_vote(self, can_vote: bool) -> None:
        if self._props['can_vote'] != can_vote:
            self._props['can_vote'] = can_vote
            self.update()


class VoteCounts(ui.element, component='../static/vote_counts.js'):
    """One per page: the counts that changed, merged into the store the cards read (one update per push)."""

    def __init__(self) -> None:
        super().__init__()
        mark_component_loaded(self)
        self._props['counts'] = ''
        self.shown: dict[str, list[Any]] = {}
        """What the browser's store holds: every count pushed so far (for tests and staff tools)."""

    def show(self, counts_json: str, counts: dict[str, list[Any]]) -> None:
        self.shown.update(counts)
        set_shared_prop(self, 'counts', counts_json)
