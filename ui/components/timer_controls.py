"""The moderator's timer controls: start/pause/resume, next, previous, ±1 min, extend, undo, end, reset."""

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _
from facilitator.labels import TIMER_ACTION_NAMES, label
from facilitator.service import FacilitatorService
from facilitator.snapshot import SessionState
from facilitator.types import SegmentState, SessionStatus

from ..shell import attempt
from .shortcuts import Shortcuts

SEEN_VERSION = '() => emit(window.FACILITATOR_AGENDA_VERSION ?? null)'
"""Buttons send the agenda version the browser shows (set by the live element), not the server's latest."""

Versioned = Callable[[int | None], Awaitable[None]]


def undo_label(action: str | None) -> str:
    """What the Undo button and the U key will take back, e.g. "Undo: next segment"."""
    return _('Undo') if action is None else _('Undo: {action}').format(
        action=label(TIMER_ACTION_NAMES, action) or action)


def shortcut_help(action: str | None) -> str:
    return _('<kbd>Space</kbd> start / pause / resume · <kbd>N</kbd> next · <kbd>P</kbd> previous · '
             '<kbd>+</kbd>/<kbd>−</kbd> one minute · <kbd>U</kbd> {undo}').format(undo=undo_label(action).lower())


def versioned_button(label: str, action: Versioned, *, icon: str | None = None) -> ui.button:
    button = ui.button(label, icon=icon)
    button.on('click', lambda e: action(seen_version(e.args)), js_handler=SEEN_VERSION)
    return button


def seen_version(args: Any) -> int | None:
    if isinstance(args, dict):
        args = args.get('version')
    return args if isinstance(args, int) and not isinstance(args, bool) else None


class TimerControls:
    """Each press carries the agenda version the moderator saw, so a double press cannot skip two segments."""

    def __init__(self, service: FacilitatorService, actor: Actor, code: str, state: SessionState, *,
                 keys: ui.element | None = None, extras: ui.element | None = None,
                 undo_action: str | None = None) -> None:
        """`keys` holds the transport keys and `extras` the extend field and the shortcut help; by default, here.
        `undo_action` is the staff snapshot's: what Undo would take back now."""
        self.service, self.actor, self.code, self.state = service, actor, code, state
        with keys or ui.element('div'), ui.row().classes('items-center gap-2 flex-wrap timer-keys'):
            self.toggle = versioned_button('', self.toggle_timer).props('unelevated size=lg').mark('timer-toggle')
            self.previous = versioned_button(_('Previous'), lambda v: self._run(service.previous_segment, v),
                                             icon='skip_previous').props('outline').mark('timer-previous')
            self.next = versioned_button(_('Next'), lambda v: self._run(service.next_segment, v), icon='skip_next') \
                .props('unelevated').mark('timer-next')
            self.minus = versioned_button(_('−1 min'), lambda v: self.extend(-60, v)).props('outline') \
                .mark('timer-minus')
            self.plus = versioned_button(_('+1 min'), lambda v: self.extend(60, v)).props('outline') \
                .mark('timer-plus')
            self.undo = versioned_button(_('Undo'), self.undo_last, icon='undo').props('flat').mark('timer-undo')
        with extras or ui.element('div'), ui.row().classes('items-end gap-2 flex-wrap'):
            self.minutes = ui.number(_('Extend by (minutes)'), value=5, min=-480, max=480, step=1, format='%d') \
                .props('outlined dense').classes('w-44').mark('extend-minutes')
            versioned_button(_('Extend'), self.extend_by_input).props('outline').mark('timer-extend')
        Shortcuts({'Space': self.toggle_timer, 'N': lambda v: self._run(service.next_segment, v),
                   'P': lambda v: self._run(service.previous_segment, v), '+': lambda v: self.extend(60, v),
                   '-': lambda v: self.extend(-60, v), 'U': self.undo_last})
        with extras or ui.element('div'), \
                ui.row().classes('shortcut-help text-body2 gap-3').props('aria-label="Keyboard shortcuts"'):
            self.help = ui.html(shortcut_help(None), sanitize=True).mark('shortcut-help')
        self.show(state, undo_action)

    def _current(self) -> SegmentState:
        segments = self.state.segments
        return segments[self.state.current_segment].state if segments else SegmentState.DONE

    def show(self, state: SessionState, undo_action: str | None = None) -> None:
        """`undo_action` comes from the staff snapshot (`StaffSessionState.undo_action`)."""
        self.state = state
        current = self._current()
        last = len(state.segments) - 1
        ended = state.status == SessionStatus.ENDED
        label, icon = {SegmentState.RUNNING: (_('Pause'), 'pause'),
                       SegmentState.PAUSED: (_('Resume'), 'play_arrow')}.get(current, (_('Start'), 'play_arrow'))
        self.toggle.set_text(label)
        self.toggle.props(f'icon={icon}')
        self.toggle.set_enabled(not ended and current != SegmentState.DONE)
        self.next.set_enabled(not ended and state.current_segment < last)
        self.previous.set_enabled(not ended and state.current_segment > 0)
        for button in (self.minus, self.plus):
            button.set_enabled(not ended and current != SegmentState.DONE)
        self.undo.set_enabled(not ended)
        self._name_undo(None if ended else undo_action)

    def _name_undo(self, action: str | None) -> None:
        """The Undo button and the U key say what they will take back (read from the staff snapshot)."""
        self.undo.set_text(undo_label(action))
        self.help.set_content(shortcut_help(action))

    async def toggle_timer(self, seen: int | None = None) -> None:
        command: Callable[..., object] = {SegmentState.RUNNING: self.service.pause_segment,
                                          SegmentState.PAUSED: self.service.resume_segment}.get(
            self._current(), self.service.start_segment)
        await self._run(command, seen)

    async def extend(self, seconds: int, seen: int | None = None) -> None:
        await attempt(lambda: self.service.extend_segment(self.actor, self.code, seconds,
                                                          expected_version=self._version(seen)))

    async def extend_by_input(self, seen: int | None = None) -> None:
        value = self.minutes.value
        if value is None:
            ui.notify(_('Enter a number of minutes.'), type='negative')
            return
        await self.extend(round(float(value) * 60), seen)

    async def undo_last(self, seen: int | None = None) -> None:
        undone = await attempt(self.service.undo_timer, self.actor, self.code, expected_version=self._version(seen))
        if undone:
            ui.notify(_('Undone: {action}').format(action=undone), type='info')

    async def _run(self, command: Callable[..., object], seen: int | None) -> None:
        await attempt(lambda: command(self.actor, self.code, expected_version=self._version(seen)))

    def _version(self, seen: int | None) -> int:
        """What the browser showed; without a browser (tests), what this page was last given."""
        return seen if seen is not None else self.state.agenda_version
