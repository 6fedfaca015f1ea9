"""Brings the domain's solution event (`SolutionFeed`, fired in the committing worker thread) to the pages: one
NiceGUI event per app, emitted on the event loop, to which each page subscribes for as long as it lives."""

import asyncio

from nicegui import Event, core

from facilitator.service import FacilitatorService


class SolutionHub:
    def __init__(self, service: FacilitatorService) -> None:
        self.changed = Event[[str]]()
        """the solutions of the series (slug) changed: adopted, added, edited or given a note"""
        service.solution_feed.subscribe(self._from_worker)

    def _from_worker(self, slug: str) -> None:
        loop = core.loop
        if loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self.changed.emit(slug)
        else:
            loop.call_soon_threadsafe(self.changed.emit, slug)
