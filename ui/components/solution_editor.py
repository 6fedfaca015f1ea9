"""The staff panel of a series' actionable solutions, on the rapporteur page: adopt this session's posts tagged as
actionable solutions, set each solution's owner and status, add dated follow-up notes, carry the open ones into
this session's scene-setting ("where we are"), and download the series report."""

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from facilitator.actors import Actor
from facilitator.errors import DomainError
from facilitator.i18n import _, keeping_language, ngettext, render
from facilitator.labels import ROLE_NAMES, SOLUTION_STATUS_NAMES, label, translated
from facilitator.snapshot import SessionState
from facilitator.solution_inputs import SolutionInput, SolutionPatch
from facilitator.solution_views import AdoptablePost, SeriesSolutions, SolutionView
from facilitator.vocabulary import long_date
from facilitator.worker import read

from ..context import UiContext
from ..shell import attempt
from .solution_list import support_line


class SolutionEditor:
    """One panel per staff page; it rebuilds when the series' solutions or this session's tags change."""

    def __init__(self, ctx: UiContext, actor: Actor, code: str, slug: str) -> None:
        self.ctx, self.actor, self.code, self.slug = ctx, actor, code, slug
        self.tagged_key: tuple[str, ...] = ()
        with ui.card().classes('w-full solution-editor').mark('solution-editor'):
            ui.label(_('Series solutions')).classes('text-h6').props('role=heading aria-level=2')
            ui.label(_('Adopt the posts tagged as actionable solutions into the series list, then keep their owner, '
                       'status and follow-up up to date. The public series page shows them.')).classes('text-body2')
            with ui.row().classes('items-center gap-x-4 gap-y-1 flex-wrap'):
                ui.link(_('Open the series page'), f'/series/{slug}', new_tab=True).mark('series-page-link')
                ui.button(_('Series report (Word)'), icon='download',
                          on_click=lambda: self.download('docx')).props('flat dense').mark('series-report-docx')
                ui.button(_('Series report (PDF)'), icon='download',
                          on_click=lambda: self.download('pdf')).props('flat dense')
                ui.button(_('Series report (CSV)'), icon='download',
                          on_click=lambda: self.download('csv')).props('flat dense')
            with ui.element('div').classes('w-full solution-carry'):
                ui.label(_('Where we are')).classes('text-subtitle1 text-weight-bold') \
                    .props('role=heading aria-level=3')
                ui.label(_('Show the series’ open solutions (not done) to participants and on the stage during this '
                           'session’s scene-setting.')).classes('text-body2')
                with ui.row().classes('items-center gap-2 flex-wrap'):
                    ui.button(_('Show in the scene-setting'), icon='flag', on_click=self.carry) \
                        .props('unelevated no-caps').mark('carry-solutions')
                    ui.button(_('Hide'), icon='visibility_off', on_click=self.clear).props('flat no-caps')
                    self.carried = ui.label('').classes('text-body2').mark('carried-count')
            self.body = ui.column().classes('w-full gap-3')
        ctx.solutions.changed.subscribe(self.on_series_change)

    async def load(self) -> None:
        posts = await attempt(self.ctx.service.adoptable_posts, self.actor, self.code)
        solutions = await attempt(self.ctx.service.series_solutions, self.slug)
        if posts is not None and solutions is not None:
            self.tagged_key = tuple(p.post_id for p in posts)
            self.show(posts, solutions)

    async def on_series_change(self, slug: str) -> None:
        if slug == self.slug:
            await self.load()

    def show_carried(self, state: SessionState) -> None:
        n = len(state.where_we_are)
        self.carried.text = _('Shown now: {n}').format(n=n) if n else _('Not shown now')

    async def on_session_change(self, state: SessionState) -> None:
        """Reload only when the session's tagged posts changed (a tag set or removed, a post hidden)."""
        self.show_carried(state)
        tagged = tuple(p.id for room in state.rooms for p in room.posts if 'actionable_solution' in p.tags)
        if tuple(sorted(tagged)) != tuple(sorted(self.tagged_key)):
            await self.load()

    def show(self, posts: list[AdoptablePost], solutions: SeriesSolutions) -> None:
        self.body.clear()
        with self.body:
            ui.label(_('Tagged in this session')).classes('text-subtitle1 text-weight-bold') \
                .props('role=heading aria-level=3')
            if not posts:
                ui.label(_('No post of this session is tagged as an actionable solution yet.')).classes('text-body2')
            for post in posts:
                self.adoptable(post)
            ui.label(_('The series list')).classes('text-subtitle1 text-weight-bold') \
                .props('role=heading aria-level=3')
            if not solutions.solutions:
                ui.label(_('No solutions yet.')).classes('text-body2')
            for solution in solutions.solutions:
                self.editable(solution)
            self.by_hand()

    def adoptable(self, post: AdoptablePost) -> None:
        with ui.row().classes('w-full items-center gap-2').mark('adoptable-post'):
            with ui.column().classes('gap-0 min-w-0').style('flex: 1 1 16rem'):
                ui.label(post.text).classes('text-body1 break-words').props('data-user')
                ui.label(' · '.join(x for x in (post.topic, _('Votes: {n}').format(n=post.votes)) if x)) \
                    .classes('text-caption').props('data-user')
            if post.solution_id:
                ui.label(_('In the series list')).classes('text-caption text-positive shrink-0')
                ui.button(_('Update votes'), icon='refresh', on_click=self.adopter(post.post_id)) \
                    .props('flat dense no-wrap').classes('shrink-0').mark('readopt-post')
            else:
                ui.button(_('Adopt'), icon='playlist_add', on_click=self.adopter(post.post_id)) \
                    .props('unelevated dense no-wrap').classes('shrink-0').mark('adopt-post')

    def adopter(self, post_id: str) -> Callable[[], Awaitable[None]]:
        async def adopt() -> None:
            if await attempt(self.ctx.service.adopt_solution, self.actor, self.code, post_id) is not None:
                ui.notify(_('Adopted into the series list.'), type='positive')
        return adopt

    def editable(self, solution: SolutionView) -> None:
        with ui.card().classes('w-full').props('flat bordered').mark('solution-row'):
            ui.label(solution.text).classes('text-body1 text-weight-bold break-words').props('data-user')
            ui.label(' · '.join(x for x in (solution.topic, solution.origin_title, support_line(solution)) if x)) \
                .classes('text-caption').props('data-user')
            with ui.row().classes('w-full items-end gap-2'):
                owner = ui.input(_('Owner (organisation)'), value=solution.owner) \
                    .props('outlined dense maxlength=200').classes('grow').mark('solution-owner')
                status = ui.select(translated(SOLUTION_STATUS_NAMES), value=solution.status.value, label=_('Status')) \
                    .props('outlined dense').classes('w-44').mark('solution-status-select')
                ui.button(_('Save'), icon='save', on_click=self.saver(solution.id, owner, status)) \
                    .props('unelevated dense').mark('solution-save')
            for note in solution.notes:
                ui.label(f'{long_date(note.at.date())} · {label(ROLE_NAMES, note.author_role)}: {note.text}') \
                    .classes('text-body2 break-words')
            with ui.row().classes('w-full items-end gap-2'):
                note_input = ui.input(_('Follow-up note')).props('outlined dense maxlength=1000').classes('grow') \
                    .mark('solution-note')
                ui.button(_('Add note'), icon='note_add', on_click=self.noter(solution.id, note_input)) \
                    .props('flat dense').mark('solution-note-add')

    def saver(self, solution_id: str, owner: ui.input, status: ui.select) -> Callable[[], Awaitable[None]]:
        async def save() -> None:
            patch = await attempt(SolutionPatch.parse, {'owner': owner.value, 'status': status.value})
            if patch is not None and await attempt(self.ctx.service.update_solution, self.actor, self.slug,
                                                   solution_id, patch) is not None:
                ui.notify(_('Saved.'), type='positive')
        return save

    def noter(self, solution_id: str, note: ui.input) -> Callable[[], Awaitable[None]]:
        async def add() -> None:
            await attempt(self.ctx.service.add_solution_note, self.actor, self.slug, solution_id, note.value or '')
        return add

    def by_hand(self) -> None:
        with ui.expansion(_('Add a solution by hand'), icon='add').classes('w-full'):
            fields: dict[str, Any] = {
                'text': ui.textarea(_('Solution')).props('outlined dense maxlength=1000').classes('w-full'),
                'topic': ui.input(_('Topic')).props('outlined dense maxlength=200').classes('w-full'),
                'owner': ui.input(_('Owner (organisation)')).props('outlined dense maxlength=200').classes('w-full'),
            }

            async def add() -> None:
                data = await attempt(SolutionInput.parse, {k: f.value for k, f in fields.items()})
                if data is not None:
                    await attempt(self.ctx.service.add_solution, self.actor, self.slug, data)
            ui.button(_('Add'), icon='add', on_click=add).props('unelevated dense').mark('solution-add')

    async def carry(self) -> None:
        carried = await attempt(self.ctx.service.carry_solutions, self.actor, self.code)
        if carried is not None:
            shown = ngettext('{n} open solution is shown in this session.',
                             '{n} open solutions are shown in this session.', carried)
            ui.notify(shown.format(n=carried), type='positive')

    async def clear(self) -> None:
        await attempt(self.ctx.service.clear_carried_solutions, self.actor, self.code)

    async def download(self, fmt: str) -> None:
        try:
            file = await read(keeping_language(self.ctx.service.series_report_file), self.actor, self.slug, fmt)
        except DomainError as error:
            ui.notify(render(error.message), type='negative')
            return
        ui.download.content(file.content, file.filename, file.media_type)


async def solution_editor(ctx: UiContext, actor: Actor, code: str) -> SolutionEditor | None:
    """The panel, when the session belongs to a series."""
    slug = await attempt(ctx.service.series_of_session, code)
    if not slug:
        return None
    editor = SolutionEditor(ctx, actor, code, slug)
    await editor.load()
    if (state := await attempt(ctx.service.state, code)) is not None:
        editor.show_carried(state)

    async def on_change(_view: object, state: SessionState, _kinds: object) -> None:
        await editor.on_session_change(state)

    ctx.hub.subscribe(code, on_change)
    return editor
