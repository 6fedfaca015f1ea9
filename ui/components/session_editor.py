"""The organiser's editor: details, agenda segments, dialogue topics and links."""

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _
from facilitator.snapshot import SessionState
from facilitator.validation import local_datetime, zone_names

from ..context import UiContext
from ..shell import attempt
from .date_inputs import date_input, time_input
from .links_panel import public_links, show_issued_links
from .unsaved import UnsavedEdits


def session_editor(ctx: UiContext, actor: Actor, code: str) -> None:
    service = ctx.service

    @ui.refreshable
    def editor() -> None:
        state = service.state(code)
        unsaved = UnsavedEdits()

        async def refresh() -> None:
            """Redraw after a change, never over edits not saved yet: they are saved first."""
            if await unsaved.save_all():
                editor.refresh()

        _details(ctx, actor, code, state, refresh, unsaved)
        _segments(ctx, actor, code, state, refresh, unsaved)
        _topics(ctx, actor, code, state, refresh, unsaved)
        with ui.card().classes('w-full'):
            ui.label(_('Links')).classes('text-h6').props('role=heading aria-level=2')
            ui.link(_('Open the moderator console: presenters, rooms and the live agenda'),
                    f'/s/{code}/moderate').mark('open-console')
            public_links(state, service.link(code, 'stage'))

            async def regenerate() -> None:
                issued = await attempt(lambda: service.regenerate_keys(actor, code))
                if issued is not None:
                    show_issued_links(asdict(issued))

            ui.button(_('Regenerate staff links'), icon='autorenew', on_click=regenerate).props('outline') \
                .mark('regenerate')

    editor()


def _details(ctx: UiContext, actor: Actor, code: str, state: SessionState, refresh: Any,
             unsaved: UnsavedEdits) -> None:
    local = _local_start(state)
    with ui.card().classes('w-full'):
        ui.label(_('Details')).classes('text-h6').props('role=heading aria-level=2')
        title = ui.input(_('Title'), value=state.title).props('outlined maxlength=200').classes('w-full') \
            .mark('edit-title')
        with ui.row().classes('gap-2 w-full'):
            day = date_input(_('Date (YYYY-MM-DD)'), f'{local:%Y-%m-%d}').mark('edit-date')
            clock = time_input(_('Start time (HH:MM, 24-hour)'), f'{local:%H:%M}').mark('edit-time')
            zone = ui.select(zone_names(), value=state.timezone, label=_('Time zone'), with_input=True) \
                .props('outlined').classes('min-w-[16rem]').mark('edit-timezone')
        call = ui.input(_('Call link (Zoom, Teams or Jitsi)'), value=state.call_url,
                        placeholder='https://').props('outlined type=url').classes('w-full').mark('edit-call')
        theme = ui.textarea(_('Theme'), value=state.theme).props('outlined autogrow').classes('w-full')

        async def store() -> bool:
            fields = (title.value, day.value, clock.value, zone.value, call.value, theme.value)

            def run() -> None:
                name, on, at, where, link, about = fields
                starts = local_datetime(on, at, where)
                ctx.service.update_session(actor, code, title=name, starts_at=starts, timezone=where,
                                           call_url=link, theme=about)
            return bool(await attempt(lambda: run() or True))

        async def save() -> None:
            if await store():
                unsaved.saved('details')
                ui.notify(_('Saved'), type='positive')
                await refresh()

        unsaved.track('details', [title, day, clock, zone, call, theme], store)

        ui.button(_('Save details'), on_click=save).props('unelevated').mark('save-details')


def _segments(ctx: UiContext, actor: Actor, code: str, state: SessionState, refresh: Any,
              unsaved: UnsavedEdits) -> None:
    service = ctx.service
    with ui.card().classes('w-full'):
        ui.label(_('Agenda')).classes('text-h6').props('role=heading aria-level=2')
        segments = state.segments
        for seg in segments:
            with ui.row().classes('items-center gap-2 w-full no-wrap'):
                name = ui.input(_('Segment {n}').format(n=seg.index + 1), value=seg.title) \
                    .props('outlined dense maxlength=120').classes('grow').mark(f'segment-title-{seg.index}')
                minutes = ui.number(_('Minutes'), value=seg.planned_seconds / 60, min=1, max=480, step=1) \
                    .props('outlined dense').classes('w-28').mark(f'segment-minutes-{seg.index}')

                async def store(seg: Any = seg, name: Any = name, minutes: Any = minutes) -> bool:
                    seconds = None if minutes.value is None else round(float(minutes.value) * 60)
                    if seconds is None:
                        ui.notify(_('Enter the duration in minutes.'), type='negative')
                        return False
                    planned = seconds if seconds != seg.planned_seconds else None
                    title = name.value
                    return bool(await attempt(lambda: service.update_segment(actor, code, seg.id, title=title,
                                                                             planned_seconds=planned) or True))

                async def save(seg: Any = seg, store: Any = store) -> None:
                    if await store():
                        unsaved.saved(f'segment:{seg.id}')
                        await refresh()

                unsaved.track(f'segment:{seg.id}', [name, minutes], store)

                async def move(seg: Any = seg, by: int = -1) -> None:
                    if await attempt(lambda: service.move_segment(actor, code, seg.id, seg.index + by) or True):
                        await refresh()

                async def remove(seg: Any = seg) -> None:
                    if await attempt(lambda: service.remove_segment(actor, code, seg.id) or True):
                        await refresh()

                label = seg.title
                ui.button(icon='save', on_click=save).props(f'flat round aria-label="{_("Save")} {label}"')
                ui.button(icon='arrow_upward', on_click=lambda s=seg: move(s, -1)) \
                    .props(f'flat round aria-label="{_("Move up")} {label}"').set_enabled(seg.index > 0)
                ui.button(icon='arrow_downward', on_click=lambda s=seg: move(s, 1)) \
                    .props(f'flat round aria-label="{_("Move down")} {label}"') \
                    .set_enabled(seg.index < len(segments) - 1)
                ui.button(icon='delete', on_click=remove) \
                    .props(f'flat round color=negative aria-label="{_("Remove")} {label}"')
        with ui.row().classes('items-center gap-2 w-full no-wrap'):
            new_name = ui.input(_('New segment title')).props('outlined dense maxlength=120').classes('grow') \
                .mark('new-segment-title')
            new_minutes = ui.number(_('Minutes'), value=10, min=1, max=480, step=1).props('outlined dense') \
                .classes('w-28').mark('new-segment-minutes')

            async def add() -> None:
                seconds = None if new_minutes.value is None else round(float(new_minutes.value) * 60)
                if await attempt(lambda: service.add_segment(actor, code, title=new_name.value or '',
                                                             planned_seconds=seconds) or True):
                    await refresh()

            ui.button(_('Add segment'), icon='add', on_click=add).props('outline').mark('add-segment')


def _topics(ctx: UiContext, actor: Actor, code: str, state: SessionState, refresh: Any,
            unsaved: UnsavedEdits) -> None:
    service = ctx.service
    with ui.card().classes('w-full'):
        ui.label(_('Dialogue topics (breakout rooms)')).classes('text-h6').props('role=heading aria-level=2')
        for number, room in enumerate(state.rooms, start=1):
            with ui.row().classes('items-center gap-2 w-full no-wrap'):
                topic = ui.input(_('Topic {n}').format(n=number), value=room.topic) \
                    .props('outlined dense maxlength=200').classes('grow').mark(f'topic-{number}')

                async def store(room: Any = room, topic: Any = topic) -> bool:
                    text = topic.value
                    return bool(await attempt(lambda: service.update_topic(actor, code, room.id, topic=text) or True))

                async def save(room: Any = room, store: Any = store) -> None:
                    if await store():
                        unsaved.saved(f'topic:{room.id}')
                        ui.notify(_('Saved'), type='positive')

                unsaved.track(f'topic:{room.id}', [topic], store)

                async def remove(room: Any = room) -> None:
                    if await attempt(lambda: service.remove_topic(actor, code, room.id) or True):
                        await refresh()

                ui.button(icon='save', on_click=save).props(f'flat round aria-label="{_("Save topic")} {number}"')
                ui.button(icon='delete', on_click=remove) \
                    .props(f'flat round color=negative aria-label="{_("Remove topic")} {number}"')
        with ui.row().classes('items-center gap-2 w-full no-wrap'):
            new_topic = ui.input(_('New topic')).props('outlined dense maxlength=200').classes('grow') \
                .mark('new-topic')

            async def add() -> None:
                if await attempt(lambda: service.add_topic(actor, code, topic=new_topic.value or '') or True):
                    await refresh()

            ui.button(_('Add topic'), icon='add', on_click=add).props('outline').mark('add-topic')


def _local_start(state: SessionState) -> datetime:
    return datetime.fromtimestamp(state.starts_at_ms / 1000, tz=UTC).astimezone(ZoneInfo(state.timezone))
