"""The staff's outcome controls: publish (again, to refresh), withdraw, preview, and the public link once published.
Follows the session: a colleague's publish shows here at once (the snapshot's `outcome_url`)."""

from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _
from facilitator.service import FacilitatorService
from facilitator.snapshot import SessionState

from ..shell import attempt


class OutcomePanel:
    def __init__(self, service: FacilitatorService, actor: Actor, code: str, state: SessionState) -> None:
        self.service, self.actor, self.code = service, actor, code
        with ui.card().classes('w-full').mark('outcome-panel'):
            ui.label(_('Outcome page')).classes('text-h6').props('role=heading aria-level=2')
            ui.label(_('A public, anonymised page with the summaries marked ready, the top posts of each room, the '
                       'actionable solutions and the poll results that were shown. Registrants are emailed the '
                       'first time it is published.')).classes('text-body2')
            self.status = ui.label('').classes('text-body1 text-weight-bold').props('role=status') \
                .mark('outcome-status')
            with ui.row().classes('items-center gap-3 flex-wrap'):
                self.publish = ui.button(_('Publish the outcome'), icon='public',
                                         on_click=lambda: self._set(True)).props('unelevated').mark('outcome-publish')
                self.withdraw = ui.button(_('Withdraw'), icon='public_off', on_click=lambda: self._set(False)) \
                    .props('outline').mark('outcome-withdraw')
                ui.link(_('Preview'), f'/s/{code}/outcome?preview=1', new_tab=True).mark('outcome-preview-link')
                self.public = ui.link(_('Open the public page'), f'/s/{code}/outcome', new_tab=True) \
                    .mark('outcome-public-link')
        self.show(state)

    async def _set(self, published: bool) -> None:
        status = await attempt(self.service.publish_outcome, self.actor, self.code, published)
        if status is not None:
            ui.notify(_('The outcome is published.') if status.published else _('The outcome is withdrawn.'),
                      type='positive')

    def show(self, state: SessionState) -> None:
        published = state.outcome_url is not None
        self.status.set_text(_('Published: anyone with the link can read it.') if published
                             else _('Not published.'))
        self.publish.set_text(_('Publish again (refresh)') if published else _('Publish the outcome'))
        self.withdraw.set_visibility(published)
        self.public.set_visibility(published)
