"""The live status element and the hub that feeds it: one prop update per page per change."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nicegui import Event, ui

from facilitator.events import ChangeKind
from facilitator.live import LiveFeed

from .labels import live_labels

VIEW_KEYS = ('code', 'title', 'status', 'agenda_version', 'server_time_ms', 'starts_at_ms', 'timezone',
             'join_url', 'join_slide', 'current_segment', 'segments', 'broadcast', 'current_speaker', 'hands_open',
             'speakers',
             'participant_count', 'online_count', 'call_url')
SEGMENT_KEYS = frozenset({'index', 'id', 'kind', 'title', 'planned_seconds', 'state', 'remaining_seconds', 'ends_at_ms',
                          'started_at_ms', 'ended_at_ms', 'scheduled_start_ms'})
SPEAKER_KEYS = frozenset({'id', 'kind', 'name', 'organization', 'title', 'group', 'participant_id',
                          'planned_seconds', 'state'})
PUBLIC_KINDS = frozenset({ChangeKind.AGENDA, ChangeKind.QUEUE, ChangeKind.SETUP})

ViewHandler = Callable[['SharedView', dict[str, Any], frozenset[ChangeKind]], None]


def view_of(state: dict[str, Any]) -> dict[str, Any]:
    """What the live element needs from the full state, with the report-back and the spotlight derived."""
    view = {key: state.get(key) for key in VIEW_KEYS}
    view['segments'] = [{k: v for k, v in seg.items() if k in SEGMENT_KEYS} for seg in state['segments']]
    view['speakers'] = [{k: v for k, v in sp.items() if k in SPEAKER_KEYS}  # presenters not called are no "next"
                        for sp in state['speakers'] if sp['state'] == 'waiting' and not sp.get('not_called')]
    view['report_back'] = report_back(state)
    spotlight = next((q for q in state.get('questions', []) if q.get('spotlight')), None)
    view['spotlight'] = None if spotlight is None else {
        'text': spotlight['text'], 'author': spotlight['author'], 'anonymous': spotlight['anonymous'],
        'group': spotlight['group'], 'votes': spotlight['votes']}
    return view


def report_back(state: dict[str, Any]) -> dict[str, Any] | None:
    """A room's top three posts and its tagged solutions, while the moderator steps through the rooms."""
    index = state.get('report_back_room')
    rooms = state.get('rooms', [])
    if index is None or state.get('rooms_open') or not 0 <= index < len(rooms):
        return None
    room = rooms[index]
    by_id = {p['id']: p for p in room['posts']}
    top = [by_id[pid] for pid in room['ranking']['top'][:3] if pid in by_id]
    tagged = [p for p in room['posts'] if 'actionable_solution' in p['tags'] or 'key_takeaway' in p['tags']]
    return {'index': index, 'count': len(rooms), 'topic': room['topic'],
            'summary': room.get('summary') if room.get('summary_ready_at_ms') else None,
            'top': [{'text': p['text'], 'votes': p['votes']} for p in top],
            'tagged': [{'text': p['text'], 'tags': p['tags']} for p in tagged if p not in top][:5]}


@dataclass(frozen=True)
class SharedView:
    """One change's view, shared by every page: the dict for Python, and its JSON built once for all pages."""

    data: dict[str, Any]
    json: str

    @classmethod
    def of(cls, state: dict[str, Any]) -> 'SharedView':
        data = view_of(state)
        return cls(data=data, json=json.dumps(data, separators=(',', ':')))

    def __getitem__(self, key: str) -> Any:
        return self.data[key]


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
    """The translated labels, sent once per page rather than with every update (they are not user input)."""
    payload = json.dumps(live_labels(locale)).replace('</', '<\\/')
    ui.add_head_html(f'<script>window.FACILITATOR_LIVE_LABELS = {payload};</script>')


class LiveStatus(ui.element, component='static/live_status.js'):
    """Countdown, current and next segment, agenda and broadcast, rendered and ticked in the browser."""

    def __init__(self, view: dict[str, Any], *, mode: str, locale: str, qr: str = '', me: str = '') -> None:
        super().__init__()
        install_live_labels(locale)
        mark_component_loaded(self)
        self.view = view
        self._props['me'] = me
        self._props['view'] = json.dumps(view, separators=(',', ':'))
        self._props['mode'] = mode
        self._props['qr'] = qr

    def show(self, view: SharedView) -> None:
        """One small string prop: no per-page copy, and socket.io does not walk a nested dict per page."""
        self.view = view.data
        set_shared_prop(self, 'view', view.json)


class LiveHub:
    """Fans the live feed out to pages. The view is built once per change and shared by every page."""

    def __init__(self, feed: LiveFeed) -> None:
        self.feed = feed
        self._events: dict[str, Event[[SharedView, dict[str, Any], frozenset[ChangeKind]]]] = {}

    def subscribe(self, code: str, handler: ViewHandler) -> None:
        """Call `handler(view, state, kinds)` after each change; unsubscribed when the page's client goes away."""
        event = self._events.get(code)
        if event is None:
            event = Event[[SharedView, dict[str, Any], frozenset[ChangeKind]]]()
            self._events[code] = event
            self.feed.listen(code, lambda state, kinds: event.emit(SharedView.of(state), state, kinds))
        event.subscribe(handler)

    def follow(self, code: str, element: LiveStatus, *, staff: bool = False) -> None:
        """Keep `element` current. Public pages skip changes that only move counts or input."""

        def on_change(view: SharedView, _state: dict[str, Any], kinds: frozenset[ChangeKind]) -> None:
            if staff or kinds & PUBLIC_KINDS:
                element.show(view)

        self.subscribe(code, on_change)
