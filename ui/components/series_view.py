"""The public series page's parts: the introduction (about, objectives, format) and the sessions element."""

import json
from pathlib import Path
from typing import Any

from nicegui import ui
from nicegui.elements.mixins.text_element import TextElement

from facilitator.i18n import _
from facilitator.snapshot import SessionState

from ..context import UiContext
from ..shell import attempt

STATIC = Path(__file__).resolve().parent.parent / 'static'


def text(tag: str, content: str) -> TextElement:
    """A semantic element (h1, p, li …) holding escaped text."""
    return TextElement(tag=tag, text=content)


def series_labels(locale: str) -> dict[str, str]:
    return {
        'locale': locale,
        'next_session': _('Next session'),
        'sessions': _('Sessions'),
        'none': _('No sessions yet.'),
        'session_n': _('Session {n}'),
        'phase_upcoming': _('Upcoming'),
        'phase_live': _('Live now'),
        'phase_ended': _('Ended'),
        'rescheduled': _('Rescheduled'),
        'moved_from': _('Moved from'),
        'your_time': _('Your time:'),
        'topics': _('Topics'),
        'join_now': _('Join now'),
        'register': _('Register'),
        'calendar': _('Add to calendar'),
        'starting': _('Starting now'),
        'starts_in': _('Starts in {clock}'),
        'starts_in_days': _('Starts in {days} d {clock}'),
    }


def series_intro(series: dict[str, Any]) -> None:
    """The heading, about, objectives and format, as headings, paragraphs and a list."""
    ui.add_css((STATIC / 'series.css').read_text())
    text('p', _('Dialogue series')).classes('series-kicker')
    text('h1', series['title'])
    with ui.element('section').props('aria-labelledby=series-about'):
        text('h2', _('About the series')).props('id=series-about')
        for paragraph in (p for p in series['description'].split('\n\n') if p.strip()):
            text('p', paragraph.strip())
    if series['objectives']:
        with ui.element('section').props('aria-labelledby=series-objectives'):
            text('h2', _('Objectives')).props('id=series-objectives')
            with ui.element('ul'):
                for objective in series['objectives']:
                    text('li', objective)
    if series['format']:
        with ui.element('section').props('aria-labelledby=series-format'):
            text('h2', _('Format')).props('id=series-format')
            for paragraph in (p for p in series['format'].split('\n\n') if p.strip()):
                text('p', paragraph.strip())


class SeriesSessions(ui.element, component='../static/series_sessions.js'):
    """Every session with its dates (the series' zone and the reader's), status, topics and actions, and the
    countdown to the next one, ticked in the browser."""

    def __init__(self, series: dict[str, Any], *, locale: str) -> None:
        super().__init__()
        self._props['labels'] = series_labels(locale)
        self.show(series)

    def show(self, series: dict[str, Any]) -> None:
        self._props['view'] = json.dumps({k: series[k] for k in ('sessions', 'next_session', 'timezone',
                                                                  'server_time_ms')}, separators=(',', ':'))
        self.update()


def series_sessions(ctx: UiContext, series: dict[str, Any]) -> SeriesSessions:
    """The sessions element; it follows the sessions' status (live, ended) as moderators start and end them."""
    element = SeriesSessions(series, locale=ctx.locale).classes('w-full')
    phases = {s['code']: s['status'] for s in series['sessions']}

    async def on_change(_view: object, state: SessionState, _kinds: object) -> None:
        if phases.get(state.code) != state.status.value:
            phases[state.code] = state.status.value
            fresh = await attempt(lambda: ctx.service.series_public(series['slug']))
            if fresh is not None:
                element.show(fresh)

    for code in phases:
        ctx.hub.subscribe(code, on_change)
    return element
