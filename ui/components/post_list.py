"""A board of posts as one element per page, and the page's vote-count store: a post or a vote costs each page one
small prop update, never a rebuilt list."""

import json
from typing import Any

from nicegui import ui

from ..labels import post_labels
from ..live_status import mark_component_loaded, set_shared_prop
from ..page_language import labels_json


def install_post_labels() -> None:
    """The cards' translated labels, shared once per page instead of once per card (not user input)."""
    payload = labels_json(post_labels)  # built once per language
    ui.add_head_html(f'<script>window.FACILITATOR_POST_LABELS = {payload};</script>')


class PostList(ui.element, component='../static/post_list.js'):
    """One board's posts, rendered and sorted in the browser. `snapshot` holds the whole board (at build and on a
    resync), `patch` the latest change: a JSON string shared by every page. Buttons come back as one `action` event.

    `posts` is the page's copy of what its browser holds, kept in step with every patch sent."""

    def __init__(self, posts: list[dict[str, Any]], ranking: dict[str, Any] | None, *, seq: int, mode: str,
                 sortable: bool, voted: list[str], mine: list[str], can_vote: bool) -> None:
        super().__init__()
        mark_component_loaded(self)
        self.posts: dict[str, dict[str, Any]] = {post['id']: post for post in posts}
        self.ranking, self.seq = ranking, seq
        self._props['snapshot'] = self.snapshot()
        self._props['patch'] = ''
        self._props['ranking'] = ''
        self._props['voted'] = voted
        self._props['mine'] = mine
        self._props['can_vote'] = can_vote
        self._props['sortable'] = sortable
        self._props['mode'] = mode

    def snapshot(self) -> str:
        return json.dumps({'seq': self.seq, 'posts': list(self.posts.values()), 'ranking': self.ranking},
                          separators=(',', ':'))

    def show_patch(self, seq: int, posts: list[dict[str, Any]], gone: list[str], patch_json: str) -> None:
        """The board's latest change, as built once for every page; the snapshot is not sent again."""
        for post_id in gone:
            self.posts.pop(post_id, None)
        for post in posts:
            self.posts[post['id']] = post
        self.seq = seq
        dict.__setitem__(self._props, 'snapshot', '')
        set_shared_prop(self, 'patch', patch_json)

    def show_all(self, posts: list[dict[str, Any]] | None = None, ranking: dict[str, Any] | None = None) -> None:
        """The whole board: again (a page that missed a patch asks), or anew (`posts`: staff boards)."""
        if posts is not None:
            self.posts, self.ranking, self.seq = {post['id']: post for post in posts}, ranking, self.seq + 1
        snapshot = self.snapshot()
        dict.__setitem__(self._props, 'patch', '')
        if snapshot != self._props['snapshot']:
            set_shared_prop(self, 'snapshot', snapshot)

    def set(self, key: str, value: Any) -> None:
        """A page's own prop (its votes, its posts, whether it can vote); sent only when it changes."""
        if self._props.get(key) != value:
            set_shared_prop(self, key, value)


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
