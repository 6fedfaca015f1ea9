"""The moderator's timer controls: start/pause/resume, next, previous, ±1 min, extend, undo, end, reset."""

from collections.abc import Callable
from typing import Any

from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _
from facilitator.service import FacilitatorService

from ..shell import attempt
from .shortcuts import Shortcuts


class TimerControls:
    """Buttons that send the agenda version they were shown, so a double press cannot skip two segments."""

    def __init__(self, service: FacilitatorService, actor: Actor, code: str, view: dict[str, Any]) -> None:
        self.service, self.actor, self.code, self.view = service, actor, code, view
        with ui.row().classes('items-center gap-2 flex-wrap'):
            self.toggle = ui.button(on_click=self.toggle_timer).props('unelevated size=lg').mark('timer-toggle')
            self.previous = ui.button(_('Previous'), icon='skip_previous', on_click=lambda: self._run(
                service.previous_segment)).props('outline').mark('timer-previous')
            self.next = ui.button(_('Next'), icon='skip_next', on_click=lambda: self._run(service.next_segment)) \
                .props('unelevated').mark('timer-next')
            self.minus = ui.button(_('−1 min'), on_click=lambda: self.extend(-60)).props('outline') \
                .mark('timer-minus')
            self.plus = ui.button(_('+1 min'), on_click=lambda: self.extend(60)).props('outline').mark('timer-plus')
            self.undo = ui.button(_('Undo'), icon='undo', on_click=self.undo_last).props('flat').mark('timer-undo')
        with ui.row().classes('items-end gap-2 flex-wrap'):
            self.minutes = ui.number(_('Extend by (minutes)'), value=5, min=-480, max=480, step=1, format='%d') \
                .props('outlined dense').classes('w-44').mark('extend-minutes')
            ui.button(_('Extend'), on_click=self.extend_by_input).props('outline').mark('timer-extend')
        Shortcuts({'Space': self.toggle_timer, 'N': lambda: self._run(service.next_segment),
                   'P': lambda: self._run(service.previous_segment), '+': lambda: self.extend(60),
                   '-': lambda: self.extend(-60), 'U': self.undo_last})
        with ui.row().classes('shortcut-help text-body2 gap-3').props('aria-label="Keyboard shortcuts"'):
            ui.html(_('<kbd>Space</kbd> start / pause / resume · <kbd>N</kbd> next · <kbd>P</kbd> previous · '
                      '<kbd>+</kbd>/<kbd>−</kbd> one minute · <kbd>U</kbd> undo'), sanitize=True)
        self.show(view)

    def show(self, view: dict[str, Any]) -> None:
        self.view = view
        segments = view['segments']
        current = segments[view['current_segment']] if segments else None
        ended = view['status'] == 'ended'
        state = current['state'] if current else 'done'
        label, icon = {'running': (_('Pause'), 'pause'), 'paused': (_('Resume'), 'play_arrow')}.get(
            state, (_('Start'), 'play_arrow'))
        self.toggle.set_text(label)
        self.toggle.props(f'icon={icon}')
        self.toggle.set_enabled(not ended and state in {'pending', 'running', 'paused'})
        self.next.set_enabled(not ended and view['current_segment'] < len(segments) - 1)
        self.previous.set_enabled(not ended and view['current_segment'] > 0)
        for button in (self.minus, self.plus):
            button.set_enabled(not ended and state != 'done')
        self.undo.set_enabled(not ended)

    def toggle_timer(self) -> None:
        segments = self.view['segments']
        state = segments[self.view['current_segment']]['state'] if segments else 'done'
        command: Callable[..., object] = {'running': self.service.pause_segment,
                                          'paused': self.service.resume_segment}.get(state, self.service.start_segment)
        self._run(command)

    def extend(self, seconds: int) -> None:
        attempt(lambda: self.service.extend_segment(self.actor, self.code, seconds,
                                                    expected_version=self.view['agenda_version']))

    def extend_by_input(self) -> None:
        value = self.minutes.value
        if value is None:
            ui.notify(_('Enter a number of minutes.'), type='negative')
            return
        self.extend(round(float(value) * 60))

    def undo_last(self) -> None:
        undone = attempt(lambda: self.service.undo_timer(self.actor, self.code,
                                                         expected_version=self.view['agenda_version']))
        if undone:
            ui.notify(_('Undone: {action}').format(action=undone), type='info')

    def _run(self, command: Callable[..., object]) -> None:
        attempt(lambda: command(self.actor, self.code, expected_version=self.view['agenda_version']))
