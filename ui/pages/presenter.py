"""`/s/{code}/presenter`: a speaker's own screen, opened with their secret presenter link.

Their countdown large, the segment's time, who is next, and the moderator's private cues (flashing until they
acknowledge). The key is swapped for this browser's storage, so it never stays in an address bar on a projector."""

import json

from fastapi.responses import RedirectResponse
from nicegui import app, ui

from facilitator.i18n import _
from facilitator.snapshot import SessionState
from facilitator.worker import run

from ..components.stage_view import PresenterScreen
from ..context import UiContext
from ..live_status import SharedView, view_of
from ..shell import PAGE_TIMEOUT_S, attempt, frame, not_found


def _cue_json(ctx: UiContext, code: str, speaker_id: str) -> str:
    """The presenter's cue from the staff snapshot, built once per version for all staff pages."""
    presenter = next((p for p in ctx.service.state(code, staff=True).presenters if p.speaker_id == speaker_id), None)
    if presenter is None:
        return '{}'
    return json.dumps({'cue': presenter.cue, 'cue_at_ms': presenter.cue_at_ms,
                       'acknowledged_at_ms': presenter.acknowledged_at_ms})


def register(ctx: UiContext) -> None:
    service = ctx.service

    @ui.page('/s/{code}/presenter', response_timeout=PAGE_TIMEOUT_S)
    async def presenter_page(code: str, key: str | None = None) -> RedirectResponse | None:
        found = await run(service.find_code, code)
        if found is None:
            not_found()
            return None
        if key is not None:
            app.storage.user[f'presenter:{found}'] = key
            return RedirectResponse(f'/s/{found}/presenter', status_code=303)
        secret = str(app.storage.user.get(f'presenter:{found}', ''))
        who = await attempt(service.presenter_for_key, found, secret)
        if who is None:
            frame(_('Presenter link needed'))
            with ui.column().classes('page-wrap items-start gap-3'):
                ui.label(_('This page needs your presenter link')).classes('text-h5') \
                    .props('role=heading aria-level=1')
                ui.label(_('Open the presenter link the moderator gave you. If the links were replaced, ask for '
                           'the new one.')).mark('refused')
            return None
        speaker_id = who[1]
        state = await run(service.state, found)
        frame(_('Presenter · {title}').format(title=state.title), dark=True)
        cue = await run(_cue_json, ctx, found, speaker_id)
        screen = PresenterScreen(view_of(state), mode='presenter', locale=ctx.locale, me=speaker_id) \
            .mark('live-status')
        screen.props['cue'] = cue
        ui.label(state.title).classes('sr-only').props('role=heading aria-level=1 data-user')
        screen.on('ack', lambda: attempt(service.acknowledge_cue, found, secret))

        def on_change(view: SharedView, _state: SessionState, _kinds: frozenset[object]) -> None:
            screen.show(view)
            fresh = _cue_json(ctx, found, speaker_id)
            if fresh != screen.props.get('cue'):
                screen.props['cue'] = fresh
                screen.update()

        ctx.hub.subscribe(found, on_change)
        return None
