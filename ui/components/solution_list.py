"""The public list of a series' actionable solutions, by topic: status in words, owner, where each came from, the
stakeholder groups that backed it and its follow-up notes. It follows edits as staff make them."""

from nicegui import ui

from facilitator.i18n import _, ngettext
from facilitator.labels import ROLE_NAMES, label, solution_status_label
from facilitator.solution_views import SeriesSolutions, SolutionView
from facilitator.vocabulary import group_short_name, long_date

from ..context import UiContext
from ..shell import attempt
from .series_view import text


def support_line(solution: SolutionView) -> str:
    groups = ' · '.join(f'{group_short_name(g)} {n}' for g, n in solution.support.items())
    return _('Votes: {n}').format(n=solution.votes) + (f' ({groups})' if groups else '')


def solution_card(solution: SolutionView) -> None:
    with ui.element('li').classes('sol-item').props(f'data-status={solution.status.value} data-testid=solution'):
        with ui.element('article'):
            with ui.element('p').classes('sol-kicker'):
                text('span', solution_status_label(solution.status)).classes('sol-status') \
                    .props(f'data-status={solution.status.value} data-testid=solution-status')
                if solution.origin_title:
                    text('span', _('From: {session}').format(session=solution.origin_title)) \
                        .classes('sol-origin').props('data-user')
            text('p', solution.text).classes('sol-text').props('data-user')
            text('p', _('Owner: {owner}').format(owner=solution.owner) if solution.owner else _('No owner yet')) \
                .classes('sol-owner').props('data-testid=solution-owner')
            if solution.votes or solution.posted_by:
                support = support_line(solution)
                if solution.posted_by:
                    support += ' · ' + _('Posted by: {group}').format(group=group_short_name(solution.posted_by))
                text('p', support).classes('sol-support')
            if solution.notes:
                with ui.element('ul').classes('sol-notes').props(f'aria-label="{_("Follow-up")}"'):
                    for note in solution.notes:
                        with ui.element('li'):
                            text('span', f'{long_date(note.at.date())} · {label(ROLE_NAMES, note.author_role)}: ') \
                                .classes('sol-note-meta')
                            text('span', note.text).props('data-user')


def solutions_body(solutions: SeriesSolutions) -> None:
    text('h2', _('Actionable solutions')).props('id=series-solutions')
    if not solutions.solutions:
        text('p', _('No solutions yet.'))
        return
    summary = ', '.join(f'{solution_status_label(status)}: {n}' for status, n in solutions.counts().items())
    text('p', ngettext('{n} solution from the sessions so far.', '{n} solutions from the sessions so far.',
                      len(solutions.solutions)).format(n=len(solutions.solutions)) + ' ' + summary) \
        .classes('sol-summary')
    for topic, items in solutions.by_topic():
        text('h3', topic or _('Other solutions')).classes('sol-topic').props('data-user' if topic else '')
        with ui.element('ul').classes('sol-list'):
            for solution in items:
                solution_card(solution)


def series_solutions(ctx: UiContext, solutions: SeriesSolutions) -> None:
    """The section; rebuilt when the series' solutions change."""
    slug = solutions.slug
    section = ui.element('section').classes('series-solutions w-full').props('aria-labelledby=series-solutions')

    def show(current: SeriesSolutions) -> None:
        section.clear()
        with section:
            solutions_body(current)

    async def on_change(changed: str) -> None:
        if changed == slug and (fresh := await attempt(ctx.service.series_solutions, slug)) is not None:
            show(fresh)

    show(solutions)
    ctx.solutions.changed.subscribe(on_change)
