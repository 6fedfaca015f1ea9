"""Run a rebuild at most once per interval, for staff views that redraw on every change."""

import asyncio
import time
from collections.abc import Callable


class Throttle:
    def __init__(self, action: Callable[[], None], *, interval_s: float = 1.0) -> None:
        self.action = action
        self.interval_s = interval_s
        self._last = 0.0
        self._scheduled = False

    def __call__(self) -> None:
        if self._scheduled:
            return
        delay = self._last + self.interval_s - time.monotonic()
        if delay <= 0:
            self._run()
        else:
            self._scheduled = True
            asyncio.get_running_loop().call_later(delay, self._run)

    def _run(self) -> None:
        self._scheduled = False
        self._last = time.monotonic()
        self.action()
