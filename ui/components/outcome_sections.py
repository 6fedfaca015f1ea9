"""The outcome page's parts: the heading with the attendance, the summaries, the actionable solutions, the top posts
of each room and the poll results. Every text is user content or our own words, always escaped (TextElement)."""

from urllib.parse import quote

from nicegui import ui
from nicegui.elements.mixins.text_element import TextElement

from facilitator.i18n import _
from facilitator.outcome_view import OutcomePoll, OutcomePost, OutcomeRoom, OutcomeSolution, OutcomeView
from facilitator.vocabulary import group_short_name, kind_name, long_date, number


def text(tag: str, content: str, *classes: str) -> TextElement:
    """A semantic element (h1, p, li …) holding escaped text."""
    element = TextElement(tag=tag, text=content)
    if classes:
        element.classes(' '.join(classes))
    return element


def section(name: str, heading: str) -> ui.element:
    element = ui.element('section').classes(f'oc-section oc-part-{name}').props(f'aria-labelledby=oc-{name}-h')
    with element:
        text('h2', heading).props(f'id=oc-{name}-h')
    return element


def outcome_head(outcome: OutcomeView) -> None:
    with ui.element('header').classes('oc-head'):
        kicker = _('Outcome of the dialogue')
        text('p', f'{outcome.series_title} · {kicker}' if outcome.series_title else kicker, 'oc-kicker')
        text('h1', outcome.title).props('data-user dir=auto')
        text('p', f'{long_date(outcome.date)} · {outcome.location}', 'oc-meta').props('data-user dir=auto')
        if outcome.theme:
            text('p', outcome.theme, 'oc-theme').props('data-user dir=auto')
        with ui.element('div').classes('oc-stats'):
            with ui.element('p').classes('oc-stat oc-stat-main').props('data-testid=outcome-participants'):
                text('strong', number(outcome.participant_count))
                text('span', _('participants'))
            for group, count in sorted(outcome.participants_by_group.items(), key=lambda item: -item[1]):
                with ui.element('p').classes('oc-stat').props('data-testid=outcome-group'):
                    text('strong', number(count))
                    text('span', group_short_name(group))
        with ui.element('div').classes('oc-actions no-print'):
            ui.button(_('Print or save as PDF'), icon='print').props('outline no-caps') \
                .on('click', js_handler='() => window.print()').props('data-testid=outcome-print')


def summaries(outcome: OutcomeView) -> None:
    ready = [room for room in outcome.rooms if room.summary]
    if not ready:
        return
    with section('summary', _('Summary')):
        for room in ready:
            with ui.element('article').classes('oc-summary').props('data-testid=outcome-summary'):
                text('h3', room.topic).props('data-user dir=auto')
                for paragraph in (p.strip() for p in room.summary.split('\n') if p.strip()):
                    text('p', paragraph).props('data-user dir=auto')


def _post_meta(post: OutcomePost, *extra: str) -> None:
    with ui.element('div').classes('oc-post-meta'):
        for item in extra:
            text('span', item, 'oc-chip oc-chip-room').props('data-user dir=auto')
        text('span', kind_name(post.kind.value), 'oc-chip')
        text('span', group_short_name(post.group) if post.group else _('Anonymous'), 'oc-chip oc-chip-group') \
            .props('data-testid=outcome-post-group')
        text('span', _('{n} votes').format(n=number(post.votes)), 'oc-chip oc-chip-votes')
        if post.common_ground:
            text('span', _('Common ground'), 'oc-chip oc-chip-common').props('data-testid=outcome-common-ground')


def solutions(items: list[OutcomeSolution]) -> None:
    if not items:
        return
    with section('solutions', _('Actionable solutions')):
        with ui.element('ol').classes('oc-list oc-solution-list'):
            for item in items:
                with ui.element('li').classes('oc-post oc-solution').props('data-testid=outcome-solution'):
                    text('p', item.text, 'oc-post-text').props('data-user dir=auto')
                    _post_meta(item, item.room)


def _room(room: OutcomeRoom) -> None:
    with ui.element('article').classes('oc-room').props('data-testid=outcome-room'):
        text('h3', room.topic).props('data-user dir=auto')
        members = ', '.join(f'{group_short_name(g)} {number(n)}' for g, n in room.members_by_group.items())
        line = _('{n} participants').format(n=number(room.participant_count))
        text('p', f'{line} · {members}' if members else line, 'oc-room-meta')
        if not room.top:
            text('p', _('No posts in this room.'), 'oc-empty')
            return
        with ui.element('ol').classes('oc-list'):
            for post in room.top:
                with ui.element('li').classes('oc-post' + (' is-common' if post.common_ground else '')) \
                        .props('data-testid=outcome-post'):
                    text('p', post.text, 'oc-post-text').props('data-user dir=auto')
                    _post_meta(post)


def rooms(outcome: OutcomeView) -> None:
    if not outcome.rooms:
        return
    with section('rooms', _('Top ideas by room')):
        text('p', _('The posts with the most votes in each breakout room. "Common ground" marks ideas that found '
                    'support across stakeholder groups.'), 'oc-lead')
        with ui.element('div').classes('oc-rooms'):
            for room in outcome.rooms:
                _room(room)


def _poll(poll: OutcomePoll) -> None:
    top = max((c.count for c in poll.counts), default=0) or 1
    with ui.element('article').classes('oc-poll').props('data-testid=outcome-poll'):
        text('h3', poll.question).props('data-user dir=auto')
        text('p', _('{n} answers').format(n=number(poll.answers)), 'oc-room-meta')
        with ui.element('ol').classes('oc-bars'):
            for count in poll.counts[:12]:
                with ui.element('li').classes('oc-bar'):
                    text('span', count.label, 'oc-bar-label').props('data-user dir=auto')
                    with ui.element('span').classes('oc-bar-track').props('aria-hidden=true'):
                        ui.element('span').classes('oc-bar-fill').style(f'width: {round(100 * count.count / top)}%')
                    text('span', number(count.count), 'oc-bar-count')
        if poll.mean is not None:
            text('p', _('Average: {n}').format(n=number(poll.mean)), 'oc-room-meta')


def polls(items: list[OutcomePoll]) -> None:
    if not items:
        return
    with section('polls', _('Poll results')):
        with ui.element('div').classes('oc-polls'):
            for poll in items:
                _poll(poll)


def outcome_foot(outcome: OutcomeView) -> None:
    with ui.element('footer').classes('oc-foot'):
        text('p', _('Published on {date}.').format(date=long_date(outcome.published_at[:10])))
        text('p', _('Anonymised: contributions are shown by stakeholder group, never by name or organisation. Groups '
                    'with fewer than 3 people in a room are shown together as "Smaller groups".'))
        if outcome.series_slug:
            ui.link(_('More sessions of the series'), f'/series/{quote(outcome.series_slug)}').classes('oc-link')


def outcome_page(outcome: OutcomeView) -> None:
    """The whole outcome, in reading order."""
    with ui.element('main').classes('outcome page-wrap').props('data-testid=outcome'):
        outcome_head(outcome)
        summaries(outcome)
        solutions(outcome.solutions)
        rooms(outcome)
        polls(outcome.polls)
        outcome_foot(outcome)
