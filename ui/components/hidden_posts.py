"""Staff list hidden posts and questions, with who wrote them and why they were hidden, and unhide them."""

from typing import Any

from nicegui import background_tasks, ui

from facilitator.actors import Actor
from facilitator.errors import DomainError
from facilitator.i18n import _
from facilitator.service import FacilitatorService
from facilitator.worker import run

from ..shell import attempt
from .throttle import Throttle


class HiddenPostsPanel:
    """Read in a worker thread (hidden posts are in no snapshot), at most every two seconds."""

    def __init__(self, service: FacilitatorService, actor: Actor, code: str) -> None:
        self.service, self.actor, self.code = service, actor, code
        self.client = ui.context.client
        with ui.expansion(_('Hidden posts'), icon='visibility_off').classes('w-full').mark('hidden-posts'):
            self.container = ui.column().classes('w-full gap-1')
        self.redraw = Throttle(self._reload, interval_s=2.0)
        self._reload()

    def show(self, *_args: Any) -> None:
        self.redraw()

    def _reload(self) -> None:
        background_tasks.create(self._render(), name='hidden posts')

    async def _render(self) -> None:
        try:
            hidden = await run(self.service.hidden_posts, self.actor, self.code)
        except DomainError:  # a replaced staff link: the console's next press says so
            return
        if self.client.is_deleted:
            return
        self.container.clear()
        with self.container:
            if not hidden:
                ui.label(_('No post is hidden.')).classes('text-body2')
            for post in hidden:
                with ui.row().classes('items-center gap-2 w-full no-wrap border rounded p-1').mark('hidden-post'):
                    with ui.column().classes('grow gap-0'):
                        ui.label(post.text).classes('text-weight-bold').props('data-user')
                        where = post.room or _('plenary question')
                        ui.label(_('{where} · by {author} · hidden: {reason}').format(
                            where=where, author=post.author or _('unknown'), reason=post.reason or '—')) \
                            .classes('text-body2')
                    ui.button(_('Unhide'), on_click=lambda p=post: self._unhide(p.id)).props('flat dense') \
                        .mark('unhide-post')

    async def _unhide(self, post_id: str) -> None:
        if await attempt(lambda: self.service.moderate_post(self.actor, self.code, post_id, 'unhide') or True):
            await self._render()
