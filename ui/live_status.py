"""The live status element and the hub that feeds it: one prop update per page per change."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from nicegui import Event, ui
from nicegui.slot import Slot

from facilitator.events import ChangeKind
from facilitator.i18n import browser_locale
from facilitator.live import LiveFeed
from facilitator.snapshot import SessionState
from facilitator.snapshot_cache import Stamped
from facilitator.types import PostTag, SpeakerState

from .labels import live_labels
from .live_throttle import Throttle
from .page_language import labels_json

VIEW_FIELDS = frozenset({'code', 'title', 'status', 'agenda_version', 'server_time_ms', 'starts_at_ms', 'timezone',
                         'join_url', 'join_slide', 'current_segment', 'broadcast', 'current_speaker', 'hands_open',
                         'participant_count', 'online_count', 'call_url', 'outcome_url'})
SEGMENT_FIELDS = frozenset({'index', 'id', 'kind', 'title', 'planned_seconds', 'state', 'remaining_seconds',
                            'ends_at_ms', 'started_at_ms', 'ended_at_ms', 'scheduled_start_ms'})
SPEAKER_FIELDS = frozenset({'id', 'kind', 'name', 'organization', 'title', 'group', 'participant_id',
                            'planned_seconds', 'state'})
PUBLIC_KINDS = frozenset({ChangeKind.AGENDA, ChangeKind.QUEUE, ChangeKind.SETUP})

ViewHandler = Callable[['SharedView', SessionState, frozenset[ChangeKind]], None]


def view_of(state: SessionState) -> dict[str, Any]:
    """What the live element (JavaScript) needs from the snapshot, with the report-back and the spotlight derived."""
    view = state.model_dump(mode='json', include=set(VIEW_FIELDS))
    view['segments'] = [seg.model_dump(mode='json', include=set(SEGMENT_FIELDS)) for seg in state.segments]
    view['speakers'] = [sp.model_dump(mode='json', include=set(SPEAKER_FIELDS))
                        for sp in state.speakers  # presenters not called are no "next speaker"
                        if sp.state == SpeakerState.WAITING and not sp.not_called]
    view['report_back'] = report_back(state)
    spotlight = next((q for q in state.questions if q.spotlight), None)
    view['spotlight'] = None if spotlight is None else spotlight.model_dump(
        mode='json', include={'text', 'author', 'anonymous', 'group', 'votes'})
    view.update(screen_fields(state))
    return view


def screen_fields(state: SessionState) -> dict[str, Any]:
    """What the stage and the participant's "now" card add: the flash, the rooms while they are open, and the
    polls on show."""
    is_open = state.rooms_open
    return {'flash': state.flash, 'rooms_open': is_open,
            'rooms_ends_at_ms': state.rooms_ends_at_ms if is_open else None,
            'rooms': [{'id': room.id, 'topic': room.topic} for room in state.rooms] if is_open else [],
            'polls': polls_on_show(state),
            'where_we_are': [c.model_dump(mode='json', include={'text', 'topic', 'owner', 'status'})
                             for c in state.where_we_are]}


POLL_FIELDS = frozenset({'id', 'question', 'kind', 'state', 'options', 'multiple', 'room_id', 'answers', 'results'})


def polls_on_show(state: SessionState) -> list[dict[str, Any]]:
    """The open polls, and the closed ones whose results are shown: what the stage and the "now" card draw. Results
    are those of the public snapshot (null until shown), never an image: the browser draws bars or a cloud."""
    return [poll.model_dump(mode='json', include=set(POLL_FIELDS)) for poll in state.polls
            if poll.state == 'open' or poll.results_visible]


def report_back(state: SessionState) -> dict[str, Any] | None:
    """A room's top three posts and its tagged solutions, while the moderator steps through the rooms."""
    index = state.report_back_room
    rooms = state.rooms
    if index is None or state.rooms_open or not 0 <= index < len(rooms):
        return None
    room = rooms[index]
    by_id = {p.id: p for p in room.posts}
    top = [by_id[pid] for pid in room.ranking.top[:3] if pid in by_id]
    tagged = [p for p in room.posts if PostTag.ACTIONABLE_SOLUTION in p.tags or PostTag.KEY_TAKEAWAY in p.tags]
    return {'index': index, 'count': len(rooms), 'topic': room.topic,
            'summary': room.summary if room.summary_ready_at_ms and room.summary else None,
            'top': [{'text': p.text, 'votes': p.votes} for p in top],
            'tagged': [{'text': p.text, 'tags': [tag.value for tag in p.tags]} for p in tagged if p not in top][:5]}


@dataclass(frozen=True)
class SharedView:
    """One change's view, shared by every page: the dict for Python, and its JSON built once for all pages."""

    data: dict[str, Any]
    json: str
    polls_key: str = ''
    """the polls on show, as JSON: public pages follow answers (input) only when these move"""

    @classmethod
    def of(cls, state: SessionState) -> 'SharedView':
        data = view_of(state)
        return cls(data=data, json=json.dumps(data, separators=(',', ':')),
                   polls_key=json.dumps(data['polls'], separators=(',', ':')))


def set_shared_prop(element: ui.element, key: str, value: Any) -> None:
    """Set a prop to a value shared by many pages and never mutated, then send it.

    Plain assignment wraps nested dicts and lists in NiceGUI's observable collections, a deep copy per page;
    at 1000 pages that copy cost more than sending the update. The value is sent as it is, so skip it.
    """
    dict.__setitem__(element._props, key, value)
    element.update()


def mark_component_loaded(element: ui.element) -> None:
    """An element built with the page has its Vue component imported by the page's HTML already. NiceGUI would
    still send every page a `load_js_components` message with the element's first update, doubling the cost
    of the first broadcast; tell the outbox it is loaded. Elements added later keep NiceGUI's normal path."""
    component = element.component
    loaded = getattr(element.client.outbox, '_loaded_components', None)
    if component is not None and isinstance(loaded, set) and not element.client.has_socket_connection:
        loaded.add(component.name)


def install_live_labels(locale: str) -> None:
    """The translated labels, sent once per page rather than with every update (they are not user input).
    Built once per language; `locale` is ignored: the page's own language decides."""
    payload = labels_json(_live_labels)
    ui.add_head_html(f'<script>window.FACILITATOR_LIVE_LABELS = {payload};</script>')


def _live_labels() -> dict[str, object]:
    return live_labels(browser_locale())


class LiveView(ui.element, component='static/live_view.js'):
    """The carrier of the shared view: an element whose only prop is the view's JSON, beside each live element.

    A change updates this element rather than the live element: NiceGUI sends an element whole (every prop and
    event listener), and socket.io walks it per page, so the participant's own props and listeners (me, answers,
    room; hand, join, poll answers) would travel with every change. Here only the view does, as one string
    shared by all pages."""

    def __init__(self) -> None:
        super().__init__()
        mark_component_loaded(self)

    def carry(self, view: SharedView) -> None:
        set_shared_prop(self, 'view', view.json)


class LiveStatus(ui.element, component='static/live_status.js'):
    """Countdown, current and next segment, agenda and broadcast, rendered and ticked in the browser."""

    def __init__(self, view: dict[str, Any], *, mode: str, locale: str, qr: str = '', me: str = '', room: str = '',
                 part: str = '', answers: str = '{}') -> None:
        super().__init__()
        install_live_labels(locale)
        mark_component_loaded(self)
        self.view = view
        self._props['me'] = me
        self._props['view'] = json.dumps(view, separators=(',', ':'))
        self._props['mode'] = mode
        self._props['qr'] = qr
        self._props['room'] = room  # the participant's room, for the "now" card (a join reloads the page)
        self._props['part'] = part  # '' all, 'now' without the agenda, 'agenda' only the agenda
        self._props['answers'] = answers  # the participant's poll answers at page load (JSON, by poll id)
        self.carrier = LiveView()  # a sibling: the live element renders no children

    def show(self, view: SharedView) -> None:
        """Send the view through the carrier; the prop follows on the server without being sent, so a page that is
        built or re-sent later starts from the same view."""
        self.view = view.data
        dict.__setitem__(self._props, 'view', view.json)
        self.carrier.carry(view)


def on_page_gone(callback: Callable[[], None]) -> None:
    """Call `callback` when the current page's client is deleted (after NiceGUI unsubscribed its handlers).
    Outside a page (tests, tools) nothing is called."""
    if Slot.get_stack():
        ui.context.client.on_delete(callback)


class LiveHub:
    """Fans the live feed out to pages. The view is built once per change and shared by every page; when the last
    page of a session leaves, the hub and the feed release the session."""

    def __init__(self, feed: LiveFeed) -> None:
        self.feed = feed
        self._events: dict[str, Event[[SharedView, SessionState, frozenset[ChangeKind]]]] = {}
        self._unlisten: dict[str, Callable[[], None]] = {}

    def subscribe(self, code: str, handler: ViewHandler) -> None:
        """Call `handler(view, state, kinds)` after each change, while the current page's client lives."""
        event = self._events.get(code)
        if event is None:
            event = self._events[code] = Event[[SharedView, SessionState, frozenset[ChangeKind]]]()

            def emit(snapshot: Stamped, kinds: frozenset[ChangeKind]) -> None:
                event.emit(SharedView.of(snapshot.state), snapshot.state, kinds)

            # input-only changes (a poll storm) at most twice a second, with what the feed still holds
            throttle = Throttle(emit, pull=partial(self.feed.flush_pending, code))
            unlisten = self.feed.listen(code, throttle.offer)
            self._unlisten[code] = lambda: (throttle.close(), unlisten())
        event.subscribe(handler)
        on_page_gone(lambda: self._release_if_unused(code))

    def sessions(self) -> set[str]:
        """The sessions the hub holds state for."""
        return set(self._events)

    def _release_if_unused(self, code: str) -> None:
        event = self._events.get(code)
        if event is not None and not event.callbacks:  # the last page left: nothing of the session stays
            del self._events[code]
            self._unlisten.pop(code)()

    def follow(self, code: str, element: LiveStatus, *, staff: bool = False,
               on_state: Callable[[SessionState], None] | None = None) -> None:
        """Keep `element` current. Public pages skip changes that only move counts or input, unless a poll on show
        moved (answers arrive as input, coalesced like votes). `on_state(state)`, if given, runs on every change:
        the rest of the page rides on the same subscription, one handler per page however many parts follow."""
        polls = [json.dumps(element.view.get('polls', []), separators=(',', ':'))]

        def on_change(view: SharedView, state: SessionState, kinds: frozenset[ChangeKind]) -> None:
            if staff or kinds & PUBLIC_KINDS or view.polls_key != polls[0]:
                polls[0] = view.polls_key
                element.show(view)
            if on_state is not None:
                on_state(state)

        self.subscribe(code, on_change)
