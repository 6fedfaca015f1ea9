"""Fans post and vote changes out to boards: at most two pushes a second per session, as diffs.

The diff is computed once per push and shared by every page, so a vote storm costs each page only the
count props that changed, never a rebuilt list. Pages hold no copy of a board: the browser fetches the whole
board (`board_json`, built once per patch number and shared) and then applies the patches.
"""

import asyncio
import json
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from nicegui import Event

from facilitator.events import ChangeKind
from facilitator.live import LiveFeed
from facilitator.snapshot import PostView, QuestionView, RankingView, SessionState
from facilitator.snapshot_cache import Stamped

from .live_status import on_page_gone

RANKING_EVERY_S = 10.0
"""A room's common-ground ranking reaches the browsers with its posts, and otherwise at most this often."""

INPUT_KINDS = frozenset({ChangeKind.INPUT, ChangeKind.NEW_INPUT, ChangeKind.AGENDA, ChangeKind.QUEUE,
                         ChangeKind.PEOPLE})

QUESTIONS = 'questions'
"""The board id of the plenary questions (rooms use their id)."""

Fingerprint = tuple[tuple[Any, ...], tuple[Any, ...]]


@dataclass(frozen=True)
class BoardPatch:
    """One board's change in one push: new or changed posts, and posts gone. `json` is built once for all pages;
    `seq` numbers the board's patches, so a page that missed one (a brief disconnect) fetches the whole board."""

    seq: int
    posts: list[PostView]
    gone: list[str]
    json: str


@dataclass(frozen=True)
class RoomsInfo:
    """The rooms' status as the boards and room headers show it."""

    open: bool
    ends_at_ms: int | None
    server_time_ms: int | None
    switching: bool
    questions_open: bool
    counts: dict[str, int]

    @classmethod
    def of(cls, state: SessionState) -> 'RoomsInfo':
        return cls(open=state.rooms_open, ends_at_ms=state.rooms_ends_at_ms, server_time_ms=state.server_time_ms,
                   switching=state.room_switching, questions_open=state.questions_open,
                   counts={room.id: room.participant_count for room in state.rooms})

    def prop(self) -> dict[str, Any]:
        """For the browser's room header."""
        return asdict(self)

    def same_as(self, other: 'RoomsInfo | None') -> bool:
        return other is not None and asdict(self) | {'server_time_ms': 0} == asdict(other) | {'server_time_ms': 0}


@dataclass
class BoardDiff:
    """What changed since the previous push. `posts` maps id to (its board, the post)."""

    posts: dict[str, tuple[str, PostView]] = field(default_factory=dict)
    """posts that are new or changed in more than their vote counts"""
    counts: dict[str, list[Any]] = field(default_factory=dict)
    counts_json: str = ''
    """post id → [votes, votes by group] for posts whose counts alone changed, as JSON built once for all pages"""
    gone: set[str] = field(default_factory=set)
    rankings: dict[str, RankingView] = field(default_factory=dict)
    """every room's latest ranking"""
    patches: dict[str, BoardPatch] = field(default_factory=dict)
    """board id → its patch, for boards with new, changed or gone posts, or a ranking due"""
    rooms: RoomsInfo | None = None


def _fingerprint(post: PostView) -> Fingerprint:
    """(the counts, everything else shown on the card)"""
    question = (post.answered, post.spotlight) if isinstance(post, QuestionView) else None
    return ((post.votes, tuple(sorted(post.votes_by_group.items()))),
            (post.pinned, tuple(post.tags), question, post.text, post.author))


def board_posts(state: SessionState) -> dict[str, tuple[str, PostView]]:
    """Every visible post keyed by id, with its board: its room id, or 'questions'."""
    posts: dict[str, tuple[str, PostView]] = {}
    for room in state.rooms:
        for post in room.posts:
            posts[post.id] = (room.id, post)
    for question in state.questions:
        posts[question.id] = (QUESTIONS, question)
    return posts


def _json(value: Any) -> str:
    return json.dumps(value, separators=(',', ':'))


def _posts(posts: list[PostView]) -> list[dict[str, Any]]:
    return [post.model_dump(mode='json') for post in posts]


@dataclass
class _Session:
    """What the hub keeps per followed session; dropped whole when its last page leaves."""

    event: Event[[BoardDiff]]
    unlisten: Callable[[], None]
    pushed: SessionState
    """the state of the latest push: what the patches numbered `seq` describe"""
    seen: dict[str, Fingerprint]
    boards: dict[str, str]
    """post id → its board (a gone post is no longer in the state)"""
    rooms: RoomsInfo
    ranking_sent: dict[str, tuple[float, RankingView | None]]
    seq: dict[str, int] = field(default_factory=dict)
    latest: SessionState | None = None
    """a state waiting for the next push"""
    last_state: SessionState | None = None
    last_push: float = 0.0
    scheduled: bool = False
    waited: bool = False
    """the push due now waited once for a snapshot being built (it waits at most once)"""
    ranking_timer: bool = False
    board_json: dict[str, tuple[int, bytes]] = field(default_factory=dict)


class InputHub:
    def __init__(self, feed: LiveFeed, *, interval_s: float = 0.5, ranking_every_s: float = RANKING_EVERY_S) -> None:
        self.feed = feed
        self.interval_s, self.ranking_every_s = interval_s, ranking_every_s
        self._sessions: dict[str, _Session] = {}

    def seqs(self, code: str) -> dict[str, int]:
        """Board id → the number of its latest patch: what a page built now has seen."""
        session = self._sessions.get(code)
        return dict(session.seq) if session else {}

    def sessions(self) -> set[str]:
        """The sessions the hub holds state for."""
        return set(self._sessions)

    def subscribe(self, code: str, state: SessionState, handler: Callable[[BoardDiff], None]) -> None:
        """`handler(diff)` after changes, while the current page lives; `state` is what the page was built from."""
        session = self._sessions.get(code)
        if session is None:
            posts = board_posts(state)
            session = self._sessions[code] = _Session(
                event=Event[[BoardDiff]](), unlisten=self.feed.listen(code, lambda s, k: self._on_state(code, s, k)),
                pushed=state, seen={pid: _fingerprint(p) for pid, (_b, p) in posts.items()},
                boards={pid: board for pid, (board, _p) in posts.items()}, rooms=RoomsInfo.of(state),
                ranking_sent={room.id: (time.monotonic(), room.ranking) for room in state.rooms})
        session.event.subscribe(handler)
        on_page_gone(lambda: self._release_if_unused(code))

    def board_json(self, code: str, board: str) -> tuple[int, bytes] | None:
        """(seq, `{"seq", "posts", "ranking"}` as JSON) of a followed board as of its latest patch: built once per
        patch and shared by every page that fetches it. None when nobody follows the session or no such board."""
        session = self._sessions.get(code)
        if session is None:
            return None
        seq = session.seq.get(board, 0)
        cached = session.board_json.get(board)
        if cached is not None and cached[0] == seq:
            return cached
        state = session.pushed
        if board == QUESTIONS:
            posts: list[PostView] = list(state.questions)
            ranking = None
        else:
            room = state.room(board)
            if room is None:
                return None
            posts = list(room.posts)
            sent = session.ranking_sent.get(board)
            ranking = sent[1] if sent else room.ranking
        body = _json({'seq': seq, 'posts': _posts(posts),
                      'ranking': ranking.model_dump(mode='json') if ranking else None}).encode()
        session.board_json[board] = (seq, body)
        return seq, body

    def _release_if_unused(self, code: str) -> None:
        session = self._sessions.get(code)
        if session is not None and not session.event.callbacks:  # the last page left: nothing of it stays
            del self._sessions[code]
            session.unlisten()

    def _on_state(self, code: str, snapshot: Stamped, kinds: frozenset[ChangeKind]) -> None:
        session = self._sessions.get(code)
        if session is None or not kinds & INPUT_KINDS:
            return
        session.last_state = snapshot.state
        self._queue(code, session, snapshot.state)

    def _queue(self, code: str, session: _Session, state: SessionState) -> None:
        session.latest = state
        if session.scheduled:
            return
        session.scheduled = True
        delay = max(0.0, session.last_push + self.interval_s - time.monotonic())
        asyncio.get_running_loop().call_later(delay, self._push, code)

    def _push(self, code: str) -> None:
        session = self._sessions.get(code)
        if session is None:
            return
        built = self.feed.flush_pending(code)  # votes still in the feed's window go out with this push
        session.scheduled = False
        if not built and not session.waited:  # their snapshot is being built: its flush queues this push again
            session.waited = True
            return
        session.last_push, session.waited = time.monotonic(), False
        state, session.latest = session.latest, None
        if state is None:
            return
        seen = session.seen
        posts = board_posts(state)
        diff = BoardDiff(rankings={room.id: room.ranking for room in state.rooms})
        counts: dict[str, list[Any]] = {}
        for pid, (board, post) in posts.items():
            fingerprint, old = _fingerprint(post), seen.get(pid)
            if old is None or old[1] != fingerprint[1]:
                diff.posts[pid] = (board, post)
                if old is not None:  # the page's count store must not keep an older count than the card
                    counts[pid] = [post.votes, post.votes_by_group]
            elif old[0] != fingerprint[0]:
                counts[pid] = [post.votes, post.votes_by_group]
            seen[pid] = fingerprint
        if counts:
            diff.counts, diff.counts_json = counts, _json(counts)
        diff.gone = set(seen) - set(posts)
        for pid in diff.gone:
            del seen[pid]
        session.pushed = state
        self._patch(code, session, diff)
        rooms = RoomsInfo.of(state)
        if not rooms.same_as(session.rooms):
            diff.rooms = session.rooms = rooms
        if diff.posts or diff.counts_json or diff.gone or diff.rooms or diff.patches:
            session.event.emit(diff)

    def _patch(self, code: str, session: _Session, diff: BoardDiff) -> None:
        """One patch per board that changed, and a room's ranking when its posts changed or one is due."""
        boards = session.boards
        changed: dict[str, list[PostView]] = {}
        gone: dict[str, list[str]] = {}
        for pid, (board, post) in diff.posts.items():
            changed.setdefault(board, []).append(post)
            boards[pid] = board
        for pid in diff.gone:
            old_board = boards.pop(pid, None)
            if old_board is not None:
                gone.setdefault(old_board, []).append(pid)
        now, sent = time.monotonic(), session.ranking_sent
        rankings: dict[str, RankingView] = {}
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
        if wait < math.inf and not session.ranking_timer:  # held back: send it when due, whatever happens
            session.ranking_timer = True
            asyncio.get_running_loop().call_later(wait, self._ranking_due, code)
        for board in changed.keys() | gone.keys() | rankings.keys():
            seq = session.seq[board] = session.seq.get(board, 0) + 1
            body: dict[str, Any] = {'seq': seq, 'posts': _posts(changed.get(board, [])), 'gone': gone.get(board, [])}
            if board in rankings:
                body['ranking'] = rankings[board].model_dump(mode='json')
            diff.patches[board] = BoardPatch(seq=seq, posts=changed.get(board, []), gone=body['gone'],
                                             json=_json(body))

    def _ranking_due(self, code: str) -> None:
        session = self._sessions.get(code)
        if session is None:
            return
        session.ranking_timer = False
        if session.last_state is not None and not session.scheduled:
            self._queue(code, session, session.last_state)
