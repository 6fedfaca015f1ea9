"""Keyboard shortcuts handled at document level (see shortcuts.js)."""

from collections.abc import Callable
from typing import Any

from nicegui import ui


class Shortcuts(ui.element, component='../static/shortcuts.js'):
    def __init__(self, actions: dict[str, Callable[[], Any]]) -> None:
        super().__init__()
        self._actions = actions
        self._props['keys'] = list(actions)
        self.on('shortcut', self._fire)

    def _fire(self, event: Any) -> None:
        key = event.args.get('key') if isinstance(event.args, dict) else event.args
        action = self._actions.get(str(key))
        if action is not None:
            action()
