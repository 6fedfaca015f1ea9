"""Fans post and vote changes out to boards: at most two pushes a second per session, as diffs.

The diff is computed once per push and shared by every page, so a vote storm costs each page only the
count props that changed, never a rebuilt list.
"""

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

from nicegui import Event

from facilitator.events import ChangeKind
from facilitator.live import LiveFeed

INPUT_KINDS = frozenset({ChangeKind.INPUT, ChangeKind.NEW_INPUT, ChangeKind.AGENDA, ChangeKind.PEOPLE})


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
    def __init__(self, feed: LiveFeed, *, interval_s: float = 0.5) -> None:
        self.feed = feed
        self.interval_s = interval_s
        self._events: dict[str, Event[[BoardDiff]]] = {}
        self._seen: dict[str, dict[str, tuple[tuple[Any, ...], tuple[Any, ...]]]] = {}
        self._latest: dict[str, dict[str, Any]] = {}
        self._last_push: dict[str, float] = {}
        self._scheduled: set[str] = set()
        self._rooms: dict[str, dict[str, Any]] = {}

    def subscribe(self, code: str, state: dict[str, Any], handler: Any) -> None:
        """`handler(diff)` after changes; `state` is what the page was built from."""
        event = self._events.get(code)
        if event is None:
            event = Event[[BoardDiff]]()
            self._events[code] = event
            self._seen[code] = {pid: _fingerprint(p) for pid, p in board_posts(state).items()}
            self._rooms[code] = rooms_info(state)
            self.feed.listen(code, lambda new_state, kinds: self._on_state(code, new_state, kinds))
        event.subscribe(handler)

    def _on_state(self, code: str, state: dict[str, Any], kinds: frozenset[ChangeKind]) -> None:
        if not kinds & INPUT_KINDS:
            return
        self._latest[code] = state
        if code in self._scheduled:
            return
        self._scheduled.add(code)
        delay = max(0.0, self._last_push.get(code, 0.0) + self.interval_s - time.monotonic())
        asyncio.get_running_loop().call_later(delay, self._push, code)

    def _push(self, code: str) -> None:
        self._scheduled.discard(code)
        state = self._latest.pop(code, None)
        if state is None:
            return
        self._last_push[code] = time.monotonic()
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
        rooms = rooms_info(state)
        if {k: v for k, v in rooms.items() if k != 'server_time_ms'} != {
                k: v for k, v in self._rooms.get(code, {}).items() if k != 'server_time_ms'}:
            diff.rooms = rooms
            self._rooms[code] = rooms
        if diff.posts or diff.counts_json or diff.gone or diff.rooms:
            self._events[code].emit(diff)
