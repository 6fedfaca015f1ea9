"""Staff list hidden posts and questions, with who wrote them and why they were hidden, and unhide them."""

from typing import Any

from nicegui import ui

from facilitator.actors import Actor
from facilitator.errors import DomainError
from facilitator.i18n import _
from facilitator.service import FacilitatorService

from ..shell import attempt
from .throttle import Throttle


class HiddenPostsPanel:
    def __init__(self, service: FacilitatorService, actor: Actor, code: str) -> None:
        self.service, self.actor, self.code = service, actor, code
        with ui.expansion(_('Hidden posts'), icon='visibility_off').classes('w-full').mark('hidden-posts'):
            self.container = ui.column().classes('w-full gap-1')
        self.redraw = Throttle(self._render, interval_s=2.0)
        self._render()

    def show(self, *_args: Any) -> None:
        self.redraw()

    def _render(self) -> None:
        try:
            hidden = self.service.hidden_posts(self.actor, self.code)
        except DomainError:  # a replaced staff link: the console's next press says so
            return
        self.container.clear()
        with self.container:
            if not hidden:
                ui.label(_('No post is hidden.')).classes('text-body2')
            for post in hidden:
                with ui.row().classes('items-center gap-2 w-full no-wrap border rounded p-1').mark('hidden-post'):
                    with ui.column().classes('grow gap-0'):
                        ui.label(post.text).classes('text-weight-bold')
                        where = post.room or _('plenary question')
                        ui.label(_('{where} · by {author} · hidden: {reason}').format(
                            where=where, author=post.author or _('unknown'), reason=post.reason or '—')) \
                            .classes('text-body2')
                    ui.button(_('Unhide'), on_click=lambda p=post: self._unhide(p.id)).props('flat dense') \
                        .mark('unhide-post')

    def _unhide(self, post_id: str) -> None:
        if attempt(lambda: self.service.moderate_post(self.actor, self.code, post_id, 'unhide') or True):
            self._render()
