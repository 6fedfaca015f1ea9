"""Keyboard shortcuts handled at document level (see shortcuts.js)."""

from collections.abc import Callable
from typing import Any

from nicegui import ui


class Shortcuts(ui.element, component='../static/shortcuts.js'):
    def __init__(self, actions: dict[str, Callable[[int | None], Any]]) -> None:
        """`actions` map a key to a function of the agenda version the browser showed."""
        super().__init__()
        self._actions = actions
        self._props['keys'] = list(actions)
        self.on('shortcut', self._fire)

    def _fire(self, event: Any) -> Any:
        """Returns what the action returns: NiceGUI awaits a coroutine."""
        args = event.args if isinstance(event.args, dict) else {'key': event.args}
        action = self._actions.get(str(args.get('key')))
        version = args.get('version')
        if action is None:
            return None
        return action(version if isinstance(version, int) and not isinstance(version, bool) else None)
