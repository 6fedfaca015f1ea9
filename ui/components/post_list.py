"""A board of posts as one element per page, and the page's vote-count store: a post or a vote costs each page one
small prop update, never a rebuilt list."""

import json
from collections.abc import Sequence
from typing import Any

from nicegui import ui

from facilitator.snapshot import PostView, RankingView

from ..labels import post_labels
from ..live_status import mark_component_loaded, set_shared_prop
from ..page_language import labels_json


def install_post_labels() -> None:
    """The cards' translated labels, shared once per page instead of once per card (not user input)."""
    payload = labels_json(post_labels)  # built once per language
    ui.add_head_html(f'<script>window.FACILITATOR_POST_LABELS = {payload};</script>')


class PostList(ui.element, component='../static/post_list.js'):
    """One board's posts, rendered and sorted in the browser. A public board is fetched by the browser from
    `source` (shared by every page, so the page holds no copy of it) and then follows `patch`, the latest change: a
    JSON string shared by every page. A staff board, which may show pending posts, comes inline as `snapshot`.
    Buttons come back as one `action` event."""

    def __init__(self, *, source: str | None, posts: Sequence[PostView] = (), seq: int, mode: str, sortable: bool,
                 voted: list[str], mine: list[str], can_vote: bool) -> None:
        super().__init__()
        mark_component_loaded(self)
        self.seq = seq
        self.ranking: RankingView | None = None
        """the board's latest ranking (shared with every page), sent when the reader asks for it"""
        self._props['source'] = source or ''
        self._props['seq'] = seq
        self._props['snapshot'] = '' if source else self._snapshot(posts)
        self._props['patch'] = ''
        self._props['ranking'] = ''
        self._props['voted'] = voted
        self._props['mine'] = mine
        self._props['can_vote'] = can_vote
        self._props['sortable'] = sortable
        self._props['mode'] = mode

    def _snapshot(self, posts: Sequence[PostView]) -> str:
        return json.dumps({'seq': self.seq, 'posts': [post.model_dump(mode='json') for post in posts],
                           'ranking': self.ranking.model_dump(mode='json') if self.ranking else None},
                          separators=(',', ':'))

    def show_patch(self, seq: int, patch_json: str) -> None:
        """The board's latest change, as built once for every page; the snapshot is not sent again."""
        self.seq = seq
        dict.__setitem__(self._props, 'snapshot', '')
        set_shared_prop(self, 'patch', patch_json)

    def show_all(self, posts: Sequence[PostView], ranking: RankingView | None) -> None:
        """The whole board anew (staff boards, redrawn from the staff snapshot)."""
        self.ranking, self.seq = ranking, self.seq + 1
        snapshot = self._snapshot(posts)
        dict.__setitem__(self._props, 'patch', '')
        if snapshot != self._props['snapshot']:
            set_shared_prop(self, 'snapshot', snapshot)

    def send_ranking(self) -> None:
        self.set('ranking', self.ranking.model_dump_json() if self.ranking else '{}')

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
