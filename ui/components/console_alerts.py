"""The console's alerts: calls for help and raised hands, as a list that never blocks a click."""

from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _, ngettext
from facilitator.service import FacilitatorService
from facilitator.snapshot import FloodGuardView, StaffSessionState
from facilitator.types import SpeakerKind, SpeakerState

from ..shell import attempt
from .throttle import Throttle


class AlertsPanel:
    """Redrawn at most once a second from the staff snapshot the page hands it; new calls are announced to screen
    readers."""

    def __init__(self, service: FacilitatorService, actor: Actor, code: str, state: StaffSessionState) -> None:
        self.service, self.actor, self.code, self.state = service, actor, code, state
        self.seen: set[str] | None = None
        with ui.element('section').classes('console-alerts').props(f'aria-label="{_("Alerts")}"'):
            with ui.row().classes('items-center gap-2 no-wrap'):
                ui.label(_('Alerts')).classes('console-h2').props('role=heading aria-level=2')
                self.calls_badge = ui.badge('0', color='negative').props('aria-hidden=true').mark('help-badge')
                self.hands = ui.label('').classes('console-hands').mark('hands-count')
            self.list = ui.column().classes('gap-1 w-full console-alert-list')
            self.announce = ui.label('').classes('sr-only').props('aria-live=assertive')
        self.redraw = Throttle(self._render)
        self._render()

    def _flood_guard(self, guard: FloodGuardView) -> None:
        """Why pre-moderation came on by itself, and the one click that turns it off."""
        with ui.row().classes('items-center gap-2 no-wrap w-full console-alert').mark('flood-guard'):
            ui.icon('shield', color='warning').props('aria-hidden=true')
            ui.label(_('Pre-moderation was turned on automatically: more than {n} posts within {s} seconds in {room} '
                       'from people who joined less than {m} minutes ago. New posts wait for approval.').format(
                n=guard.posts, s=guard.window_s, room=guard.room, m=guard.fresh_minutes)) \
                .classes('grow text-weight-bold').props('role=alert')
            ui.button(_('Turn pre-moderation off'), on_click=lambda: attempt(lambda: self.service.set_pre_moderation(
                self.actor, self.code, False))).props('flat dense').mark('flood-guard-off')

    def show(self, state: StaffSessionState) -> None:
        self.state = state
        self.redraw()

    def _render(self) -> None:
        state = self.state
        calls = state.help_calls
        hands = [s for s in state.speakers if s.state == SpeakerState.WAITING and s.kind == SpeakerKind.HAND]
        self.calls_badge.set_text(str(len(calls)))
        self.calls_badge.set_visibility(bool(calls))
        self.hands.set_text(ngettext('{n} hand raised', '{n} hands raised', len(hands)).format(n=len(hands)))
        ids = {call.id for call in calls}
        new = [call for call in calls if self.seen is not None and call.id not in self.seen]
        self.seen = ids
        if new:
            self.announce.set_text(_('{name} calls the moderator').format(name=new[-1].name))
        self.list.clear()
        with self.list:
            if state.flood_guard is not None:
                self._flood_guard(state.flood_guard)
            if not calls:
                ui.label(_('No calls for help.')).classes('text-body2 console-muted')
            for call in calls:
                with ui.row().classes('items-center gap-2 no-wrap w-full console-alert').mark('help-call'):
                    ui.icon('support_agent', color='negative').props('aria-hidden=true')
                    ui.label(_('{name} needs the moderator in {room}').format(
                        name=call.name, room=call.room or _('the plenary'))).classes('grow text-weight-bold')
                    ui.button(_('Done'), on_click=lambda c=call: attempt(lambda: self.service.resolve_help_call(
                        self.actor, self.code, c.id))).props('flat dense').mark('help-done')
