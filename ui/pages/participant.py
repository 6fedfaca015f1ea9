"""`/s/{code}`: the participant's page, with the join form until they have joined."""

import json
from collections.abc import Callable
from typing import Any

from fastapi.responses import RedirectResponse
from nicegui import ui

from facilitator.i18n import _
from facilitator.people import ParticipantProfile
from facilitator.service import FacilitatorService
from facilitator.snapshot import SessionState
from facilitator.types import SessionStatus
from facilitator.worker import run

from ..components.participant_feedback import ParticipantFeedback
from ..components.post_list import VoteCounts, install_post_labels
from ..components.presence import track_presence
from ..components.registration_form import join_or_register
from ..components.room_section import QuestionsSection, RoomSection
from ..context import UiContext
from ..input_hub import BoardDiff
from ..join_guard import page_join_allowed
from ..live_status import LiveStatus, view_of
from ..shell import PAGE_TIMEOUT_S, attempt, browser_id, frame, not_found

TOP_ON_RELOAD = '<script>history.scrollRestoration = "manual";</script>'
"""After joining (a reload) or any reload, the page opens at the top, where the "now" card says what to do."""


async def join_action(ctx: UiContext, code: str, name: str, organization: str, group: str, show_name: bool, *,
                      on_floor: bool = False) -> None:
    """The join form: counted against the address's cap, then joined; the page reloads as the participant's.
    `on_floor`: opened from the venue's check-in QR code, so they are in the room."""
    if not await page_join_allowed():  # on the loop: it reads this page's request; past the cap it says so
        return
    if await attempt(ctx.service.join, code, name=name, group=group, organization=organization, show_name=show_name,
                     browser_id=browser_id(), on_floor=on_floor):
        ui.navigate.reload()


def joining(ctx: UiContext, code: str, *, on_floor: bool) -> None:
    """The join form (or where to register); from the venue's check-in link, it says they join as in the room."""
    if on_floor:
        ui.label(_('You are checking in as in the room.')).classes('text-subtitle1').mark('check-in')
    join_or_register(ctx.service, code, lambda *form: join_action(ctx, code, *form, on_floor=on_floor))


async def check_in(ctx: UiContext, code: str, participant_id: str) -> RedirectResponse:
    """The venue's check-in link opened by someone who joined already: they are in the room now."""
    actor = await run(ctx.service.actor_for_participant, code, participant_id)
    await attempt(ctx.service.check_in, actor, code)
    return RedirectResponse(f'/s/{code}', status_code=303)


async def hand_action(ctx: UiContext, code: str, participant_id: str, args: Any) -> None:
    """The live element's raise/lower buttons."""
    action = args.get('action') if isinstance(args, dict) else None
    actor = await attempt(ctx.service.actor_for_participant, code, participant_id)
    if actor is None:
        return
    if action == 'raise':
        if await attempt(lambda: ctx.service.raise_hand(actor, code, args.get('type', 'question'))):
            ui.notify(_('Your hand is up.'), type='positive')
    elif action == 'lower':
        await attempt(lambda: ctx.service.lower_hand(actor, code))


async def join_room_action(ctx: UiContext, code: str, participant_id: str, args: Any) -> None:
    """The "now" card's big join button."""
    room_id = args.get('room_id') if isinstance(args, dict) else None
    actor = await attempt(ctx.service.actor_for_participant, code, participant_id)
    if actor is None or not isinstance(room_id, str):
        return
    if await attempt(lambda: ctx.service.join_room(actor, code, room_id) or True):
        ui.navigate.reload()


async def poll_answer_action(ctx: UiContext, code: str, participant_id: str, args: Any) -> None:
    """The "now" card's poll: choices, a value or words."""
    if not isinstance(args, dict) or not isinstance(args.get('poll_id'), str):
        return
    actor = await attempt(ctx.service.actor_for_participant, code, participant_id)
    if actor is not None:
        await attempt(lambda: ctx.service.answer_poll(actor, code, args['poll_id'], choices=args.get('choices'),
                                                      value=args.get('value'), words=args.get('words')))


async def my_answers(ctx: UiContext, code: str, participant_id: str) -> str:
    """The participant's poll answers as JSON, so the "now" card shows what they chose after a reload."""
    actor = await run(ctx.service.actor_for_participant, code, participant_id)
    return json.dumps(await run(ctx.service.my_poll_answers, actor))


async def input_sections(ctx: UiContext, code: str, participant_id: str, room_id: str | None,
                         state: SessionState) -> Callable[[SessionState], None]:
    """Plenary questions and the breakout room, in tabs; both follow the shared input diffs. Returns what the
    sections do on a change of the shared view (the page follows it with the live element's subscription)."""
    actor = await run(ctx.service.actor_for_participant, code, participant_id)
    voted, mine = await run(ctx.service.my_input, actor)
    seqs = ctx.inputs.seqs(code)  # the patches this page's state already includes
    install_post_labels()
    with ui.tabs().classes('w-full').props('align=left no-caps') as tabs:
        questions_tab = ui.tab(_('Questions')).mark('tab-questions')
        room_tab = ui.tab(_('Breakout room')).mark('tab-room')
    ended = state.status == SessionStatus.ENDED
    with ui.tab_panels(tabs, value=room_tab if state.rooms_open else questions_tab).classes('w-full') \
            .classes(add='session-ended' if ended else '') as panels:
        with ui.tab_panel(questions_tab).classes('px-0'):
            questions = QuestionsSection(ctx.service, code, actor, state, voted, mine, seqs)
        with ui.tab_panel(room_tab).classes('px-0'):
            room = RoomSection(ctx.service, code, actor, room_id, state, voted, mine, seqs)

    was_open = [state.rooms_open]

    counts = VoteCounts().mark('vote-counts')

    def on_state(now: SessionState) -> None:
        if now.status == SessionStatus.ENDED:  # the forms go; the page says why (ParticipantFeedback)
            panels.classes(add='session-ended')
        else:
            panels.classes(remove='session-ended')

    def on_diff(diff: BoardDiff) -> None:
        if diff.counts_json:
            counts.show(diff.counts_json, diff.counts)
        questions.apply(diff)
        room.apply(diff)
        if diff.rooms and diff.rooms.open != was_open[0]:  # opening or closing moves everyone at once
            was_open[0] = diff.rooms.open
            panels.set_value(room_tab if diff.rooms.open else questions_tab)

    ctx.inputs.subscribe(code, state, on_diff)
    return on_state


async def joined_page(ctx: UiContext, code: str, profile: ParticipantProfile, state: SessionState) -> None:
    """The joined participant's page: their feedback, the live element with its "now" card, and the input
    sections. One subscription to the shared view serves all three."""
    service = ctx.service
    actor = await run(service.actor_for_participant, code, profile.id)
    feedback = await ParticipantFeedback.create(service, code, actor, profile, state)
    feedback.follow(ctx.hub.feed, profile.id)
    ui.label(state.title).classes('sr-only').props('role=heading aria-level=1 data-user')
    status = LiveStatus(view_of(state), mode='participant', locale=ctx.locale, me=profile.id,
                        room=profile.room_id or '', answers=await my_answers(ctx, code, profile.id)) \
        .mark('live-status')
    status.on('hand', lambda e: hand_action(ctx, code, profile.id, e.args))
    status.on('join', lambda e: join_room_action(ctx, code, profile.id, e.args))
    status.on('poll_answer', lambda e: poll_answer_action(ctx, code, profile.id, e.args))
    sections_on_state = await input_sections(ctx, code, profile.id, profile.room_id, state)
    track_presence(service, code, profile.id)

    def on_state(now: SessionState) -> None:
        feedback.show_status(now)
        sections_on_state(now)

    ctx.hub.follow(code, status, on_state=on_state)


def register_home(service: FacilitatorService) -> None:
    """`/`: the code form."""

    @ui.page('/')
    def home() -> None:
        frame('')
        with ui.column().classes('page-wrap items-start gap-4'):
            ui.label('facilitator').classes('text-h4').props('role=heading aria-level=1')
            ui.label(_('Join a live dialogue session with the code you were given.'))
            code = ui.input(_('Session code')).props('outlined autocapitalize=characters maxlength=8') \
                .mark('home-code')

            async def go() -> None:
                value = (code.value or '').strip()
                found = await run(service.find_code, value) if value.isalnum() else None
                if found is not None:
                    ui.navigate.to(f'/s/{found}')
                else:
                    ui.notify(_('There is no session with this code.'), type='negative')

            code.on('keydown.enter', go)
            ui.button(_('Join'), on_click=go).props('unelevated')
            ui.link(_('Organiser sign-in'), '/organize')


def register(ctx: UiContext) -> None:
    service = ctx.service
    register_home(service)

    @ui.page('/s/{code}', response_timeout=PAGE_TIMEOUT_S)
    async def participant_page(code: str, t: str | None = None, here: str | None = None) -> RedirectResponse | None:
        """`?here=1` is the venue's check-in link (the stage's QR code in a hybrid session): join, or mark an
        existing participant, as in the room."""
        found = await run(service.find_code, code)
        if found is None:
            not_found()
            return None
        code = found
        if t is not None:
            if not await attempt(service.claim_personal_link, code, t, browser_id()):
                ui.notify(_('This personal link is no longer valid. Join with your name instead.'), type='warning')
            else:
                return RedirectResponse(f'/s/{code}', status_code=303)
        profile = await run(service.participant_for_browser, code, browser_id())
        if here is not None and profile is not None:
            return await check_in(ctx, code, profile.id)
        state = await run(service.state, code)
        call_url = state.call_url if profile is None else await run(service.call_url_for, code, joined=True)
        frame(state.title)
        ui.add_head_html(TOP_ON_RELOAD)
        with ui.column().classes('page-wrap gap-3'):
            if call_url:
                ui.link(_('Audio and video: open the call'), call_url, new_tab=True) \
                    .classes('text-subtitle1').mark('call-link')
            if profile is None:
                ui.label(state.title).classes('text-h5').props('role=heading aria-level=1 data-user')
                joining(ctx, code, on_floor=here is not None)
                status = LiveStatus(view_of(state), mode='participant', locale=ctx.locale)
                ctx.hub.follow(code, status)
            else:
                await joined_page(ctx, code, profile, state)
        return None
