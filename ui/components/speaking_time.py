"""The console's speaking time per stakeholder group: one element, one JSON prop, ticking in the browser."""

import json

from nicegui import ui

from facilitator.i18n import _, current_language
from facilitator.snapshot import StaffSessionState

from ..labels import group_options


class SpeakingTime(ui.element, component='../static/speaking_time.js'):
    """Pushed only when the stored speeches change; the current speaker's minutes tick in the browser."""

    def __init__(self, state: StaffSessionState) -> None:
        super().__init__()
        self._shown = ''
        self.show(state)

    def show(self, state: StaffSessionState) -> None:
        groups = group_options()
        rows = [{'group': t.group, 'label': groups.get(t.group, t.group) if t.group else _('Presenters'),
                 'seconds': t.seconds, 'speaking_since_ms': t.speaking_since_ms} for t in state.speaking_time]
        key = json.dumps(rows, separators=(',', ':'))
        if key == self._shown:
            return
        self._shown = key
        self._props['rows'] = json.dumps({
            'rows': rows, 'server_time_ms': state.server_time_ms, 'locale': current_language(),
            'minutes': _('{n} min'), 'speaking': _('speaking now'),
            'empty': _('Nobody has spoken yet.')}, separators=(',', ':'))
        self.update()
