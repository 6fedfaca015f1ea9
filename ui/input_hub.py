"""Fans post and vote changes out to boards: at most two pushes a second per session, as diffs.

The diff is computed once per push and shared by every page, so a vote storm costs each page only the
count props that changed, never a rebuilt list.
"""

import asyncio
import json
import math
import time
from dataclasses import dataclass, field
from typing import Any

from nicegui import Event

from facilitator.events import ChangeKind
from facilitator.live import LiveFeed

RANKING_EVERY_S = 10.0
"""A room's common-ground ranking reaches the browsers with its posts, and otherwise at most this often."""

INPUT_KINDS = frozenset({ChangeKind.INPUT, ChangeKind.NEW_INPUT, ChangeKind.AGENDA, ChangeKind.QUEUE,
                         ChangeKind.PEOPLE})


@dataclass(frozen=True)
class BoardPatch:
    """One board's change in one push: new or changed posts, and posts gone. `json` is built once for all pages;
    `seq` numbers the board's patches, so a page that missed one (a brief disconnect) asks for the whole board."""

    seq: int
    posts: list[dict[str, Any]]
    gone: list[str]
    json: str


@dataclass
class BoardDiff:
    """What changed since the previous push. `posts` maps id to the post (with its `board` key)."""

    posts: dict[str, dict[str, Any]] = field(default_factory=dict)
    """posts that are new or changed in more than their vote counts"""
    counts: dict[str, list[Any]] = field(default_factory=dict)
    counts_json: str = ''
    """post id → [votes, votes by group] for posts whose counts alone changed, as JSON built once for all pages"""
    gone: set[str] = field(default_factory=set)
    rankings: dict[str, dict[str, Any]] = field(default_factory=dict)
    """every room's latest ranking (for the page's own copy; the browsers get them in patches)"""
    patches: dict[str, BoardPatch] = field(default_factory=dict)
    """board id → its patch, for boards with new, changed or gone posts, or a ranking due"""
    rooms: dict[str, Any] = field(default_factory=dict)


def _fingerprint(post: dict[str, Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """(the counts, everything else shown on the card)"""
    return ((post['votes'], tuple(sorted(post['votes_by_group'].items()))),
            (post['pinned'], tuple(post['tags']), post.get('answered'), post.get('spotlight'), post['text'],
             post['author']))


def board_posts(state: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every visible post keyed by id, with `board` = its room id, or 'questions'."""
    posts = {}
    for room in state['rooms']:
        for post in room['posts']:
            posts[post['id']] = {**post, 'board': room['id']}
    for question in state['questions']:
        posts[question['id']] = {**question, 'board': 'questions'}
    return posts


def rooms_info(state: dict[str, Any]) -> dict[str, Any]:
    return {'open': state['rooms_open'], 'ends_at_ms': state['rooms_ends_at_ms'],
            'server_time_ms': state['server_time_ms'], 'switching': state['room_switching'],
            'questions_open': state['questions_open'],
            'counts': {room['id']: room['participant_count'] for room in state['rooms']}}


class InputHub:
    def __init__(self, feed: LiveFeed, *, interval_s: float = 0.5, ranking_every_s: float = RANKING_EVERY_S) -> None:
        self.feed = feed
        self.interval_s, self.ranking_every_s = interval_s, ranking_every_s
        self._events: dict[str, Event[[BoardDiff]]] = {}
        self._seen: dict[str, dict[str, tuple[tuple[Any, ...], tuple[Any, ...]]]] = {}
        self._latest: dict[str, dict[str, Any]] = {}
        self._state: dict[str, dict[str, Any]] = {}
        self._last_push: dict[str, float] = {}
        self._scheduled: set[str] = set()
        self._rooms: dict[str, dict[str, Any]] = {}
        self._boards: dict[str, dict[str, str]] = {}
        """post id → its board, per session (a gone post is no longer in the state)"""
        self._seq: dict[str, dict[str, int]] = {}
        self._ranking_sent: dict[str, dict[str, tuple[float, dict[str, Any] | None]]] = {}
        self._ranking_timers: set[str] = set()

    def seqs(self, code: str) -> dict[str, int]:
        """Board id → the number of its latest patch: what a page built now has seen."""
        return dict(self._seq.get(code, {}))

    def subscribe(self, code: str, state: dict[str, Any], handler: Any) -> None:
        """`handler(diff)` after changes; `state` is what the page was built from."""
        event = self._events.get(code)
        if event is None:
            event = Event[[BoardDiff]]()
            self._events[code] = event
            posts = board_posts(state)
            self._seen[code] = {pid: _fingerprint(p) for pid, p in posts.items()}
            self._boards[code] = {pid: p['board'] for pid, p in posts.items()}
            self._ranking_sent[code] = {room['id']: (time.monotonic(), room['ranking']) for room in state['rooms']}
            self._rooms[code] = rooms_info(state)
            self.feed.listen(code, lambda new_state, kinds: self._on_state(code, new_state, kinds))
        event.subscribe(handler)

    def _on_state(self, code: str, state: dict[str, Any], kinds: frozenset[ChangeKind]) -> None:
        if not kinds & INPUT_KINDS:
            return
        self._latest[code] = self._state[code] = state
        if code in self._scheduled:
            return
        self._scheduled.add(code)
        delay = max(0.0, self._last_push.get(code, 0.0) + self.interval_s - time.monotonic())
        asyncio.get_running_loop().call_later(delay, self._push, code)

    def _push(self, code: str) -> None:
        self._last_push[code] = time.monotonic()
        self.feed.flush_pending(code)  # votes still in the feed's window go out with this push, not the next one
        self._scheduled.discard(code)
        state = self._latest.pop(code, None)
        if state is None:
            return
        seen = self._seen.setdefault(code, {})
        posts = board_posts(state)
        diff = BoardDiff(rankings={room['id']: room['ranking'] for room in state['rooms']})
        counts: dict[str, list[Any]] = {}
        for pid, post in posts.items():
            fingerprint, old = _fingerprint(post), seen.get(pid)
            if old is None or old[1] != fingerprint[1]:
                diff.posts[pid] = post
                if old is not None:  # the page's count store must not keep an older count than the card
                    counts[pid] = [post['votes'], post['votes_by_group']]
            elif old[0] != fingerprint[0]:
                counts[pid] = [post['votes'], post['votes_by_group']]
            seen[pid] = fingerprint
        if counts:
            diff.counts, diff.counts_json = counts, json.dumps(counts, separators=(',', ':'))
        diff.gone = set(seen) - set(posts)
        for pid in diff.gone:
            del seen[pid]
        self._patch(code, diff)
        rooms = rooms_info(state)
        if {k: v for k, v in rooms.items() if k != 'server_time_ms'} != {
                k: v for k, v in self._rooms.get(code, {}).items() if k != 'server_time_ms'}:
            diff.rooms = rooms
            self._rooms[code] = rooms
        if diff.posts or diff.counts_json or diff.gone or diff.rooms or diff.patches:
            self._events[code].emit(diff)

    def _patch(self, code: str, diff: BoardDiff) -> None:
        """One patch per board that changed, and a room's ranking when its posts changed or one is due."""
        boards = self._boards.setdefault(code, {})
        changed: dict[str, list[dict[str, Any]]] = {}
        gone: dict[str, list[str]] = {}
        for pid, post in diff.posts.items():
            changed.setdefault(post['board'], []).append(post)
            boards[pid] = post['board']
        for pid in diff.gone:
            board = boards.pop(pid, None)
            if board is not None:
                gone.setdefault(board, []).append(pid)
        now, sent = time.monotonic(), self._ranking_sent.setdefault(code, {})
        rankings: dict[str, dict[str, Any]] = {}
        wait = math.inf
        for board, ranking in diff.rankings.items():
            last_at, last = sent.get(board, (-math.inf, None))
            if last == ranking:
                continue
            if board in changed or board in gone or now - last_at >= self.ranking_every_s:
                rankings[board] = ranking
                sent[board] = (now, ranking)
            else:
                wait = min(wait, last_at + self.ranking_every_s - now)
        if wait < math.inf and code not in self._ranking_timers:  # held back: send it when due, whatever happens
            self._ranking_timers.add(code)
            asyncio.get_running_loop().call_later(wait, self._ranking_due, code)
        seqs = self._seq.setdefault(code, {})
        for board in changed.keys() | gone.keys() | rankings.keys():
            seq = seqs[board] = seqs.get(board, 0) + 1
            body: dict[str, Any] = {'seq': seq, 'posts': changed.get(board, []), 'gone': gone.get(board, [])}
            if board in rankings:
                body['ranking'] = rankings[board]
            diff.patches[board] = BoardPatch(seq=seq, posts=body['posts'], gone=body['gone'],
                                             json=json.dumps(body, separators=(',', ':')))

    def _ranking_due(self, code: str) -> None:
        self._ranking_timers.discard(code)
        state = self._state.get(code)
        if state is not None and code not in self._scheduled:
            self._on_state(code, state, frozenset({ChangeKind.INPUT}))
