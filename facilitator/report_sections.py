"""The second half of the session report's document: rooms, plenary questions, polls and moderation."""

from collections import Counter
from typing import Any

from .document import Align, BulletList, Chart, Document, Heading, Paragraph, ParagraphStyle, Run, Series, Table
from .i18n import _
from .labels import GROUP_SHORT_NAMES, MODERATION_ACTION_NAMES, TAG_NAMES, label
from .notes_markdown import parse_notes
from .vocabulary import kind_name

GROUP_LABELS = GROUP_SHORT_NAMES
END = Align.END


def duration(seconds: int | None) -> str:
    """'16:40' (minutes:seconds), '-1:40' for time under plan, '—' for none."""
    if seconds is None:
        return '—'
    sign = '-' if seconds < 0 else ''
    seconds = abs(seconds)
    return f'{sign}{seconds // 60}:{seconds % 60:02d}'


def by_group(counts: dict[str, int]) -> str:
    return ', '.join(f'{group} {n}' for group, n in counts.items()) or '—'


def _tags(tags: list[str]) -> str:
    return ', '.join(label(TAG_NAMES, tag) for tag in tags)


def participation_chart(rooms_: list[dict[str, Any]]) -> Chart | None:
    """Posts and votes per stakeholder group over all rooms (votes with the small-group rule of each room)."""
    posts: Counter[str] = Counter()
    votes: Counter[str] = Counter()
    for room in rooms_:
        for post in room['posts']:
            posts[post['group'] or _('Anonymous')] += 1
            votes.update(post['votes_by_group'])
    groups = sorted(set(posts) | set(votes), key=lambda g: -(posts[g] + votes[g]))
    if not groups:
        return None
    return Chart(_('Posts and votes per stakeholder group'), tuple(groups),
                 (Series(_('Posts'), tuple(float(posts[g]) for g in groups)),
                  Series(_('Votes'), tuple(float(votes[g]) for g in groups))))


def rooms(doc: Document, rooms_: list[dict[str, Any]], *, max_posts: int | None = None) -> None:
    """Each room; `max_posts` keeps only the most voted posts of each (for print), with a note saying so."""
    for room in rooms_:
        listed = room['posts'][:max_posts] if max_posts is not None else room['posts']
        doc.add(Heading(_('Room: {topic}').format(topic=room['topic']), 1))
        if room['prompt']:
            doc.add(Paragraph((Run(room['prompt'], italic=True),)))
        doc.add(Paragraph((Run(_('Members:'), bold=True), Run(' ' + by_group(room['members_by_group'])))),
                Heading(_('Top posts'), 2),
                Table(('#', _('Post'), _('Kind'), _('Author'), _('Votes'), _('Votes by group'), _('Tags')),
                      tuple((str(i), p['text'], kind_name(p['kind']), p['author'], str(p['votes']),
                             by_group(p['votes_by_group']), _tags(p['tags']))
                            for i, p in enumerate(listed, start=1)),
                      (END, Align.START, Align.START, Align.START, END), wide=(1,)))
        if len(listed) < len(room['posts']):
            doc.add(Paragraph.of(_('The {shown} most voted of {total} posts; the Word, CSV and JSON exports hold '
                                   'them all.').format(shown=len(listed), total=len(room['posts'])),
                                 ParagraphStyle.NOTE))
        doc.add(Heading(_('Common ground'), 2))
        if room['common_ground']['used'] == 'top':
            doc.add(Paragraph.of(_('Fewer than two stakeholder groups voted, so this ranking falls back to Top.'),
                                 ParagraphStyle.NOTE))
        shown = {p['id']: p for p in room['posts']}
        ground = [shown[pid] for pid in room['common_ground']['order'][:10] if pid in shown]
        if ground:
            doc.add(BulletList(tuple((Run(p['text']), Run(' ' + _('(votes: {n})').format(n=p['votes']), italic=True))
                                     for p in ground), ordered=True))
        for title, key in ((_('Key takeaways'), 'takeaways'), (_('Actionable solutions'), 'solutions')):
            doc.add(Heading(title, 2))
            doc.add(BulletList(tuple((Run(p['text']),) for p in room[key])) if room[key] else Paragraph.of('—'))
        for title, key in ((_('Rapporteur notes'), 'notes'), (_('Summary'), 'summaries')):
            for note in room[key]:
                doc.add(Heading(f'{title} ({note["author"]})', 2), *parse_notes(note['text']))


def questions(doc: Document, questions_: list[dict[str, Any]]) -> None:
    doc.add(Heading(_('Plenary Q&A'), 1), Table(
        (_('Question'), _('Author'), _('Votes'), _('Answered')),
        tuple((q['text'], q['author'] or _('Anonymous'), str(q['votes']), _('yes') if q['answered'] else _('no'))
              for q in questions_), (Align.START, Align.START, END), wide=(0,)))


def polls(doc: Document, polls_: list[dict[str, Any]]) -> None:
    """Each poll that ran: answers overall and per stakeholder group (small groups merged), and a chart."""
    if not polls_:
        return
    doc.add(Heading(_('Polls'), 1))
    for poll in polls_:
        groups = list(poll['by_group'])
        align = (Align.START, *(END for _g in range(len(groups) + 1)))
        doc.add(Heading(poll['question'], 2), Paragraph.of(_('{n} answers').format(n=poll['answers'])),
                Table((_('Answer'), _('All'), *groups),
                      tuple((c['label'], str(c['count']), *(str(poll['by_group'][g][i]) for g in groups))
                            for i, c in enumerate(poll['counts'])), align))
        if poll['mean'] is not None:
            doc.add(Paragraph.of(_('Average: {n}').format(n=poll['mean'])))
        if poll['counts']:
            doc.add(Chart(poll['question'], tuple(c['label'] for c in poll['counts']),
                          (Series(_('Answers'), tuple(float(c['count']) for c in poll['counts'])),)))


def moderation(doc: Document, mod: dict[str, Any]) -> None:
    """What is hidden now, then every decision with its reason, one table per kind (hides, renames...)."""
    doc.add(Heading(_('Moderation summary'), 1), Paragraph.of(_('Hidden posts: {n}').format(n=mod['hidden_posts'])))
    if mod['hidden_reasons']:
        doc.add(BulletList(tuple((Run(f'{reason}: {n}'),) for reason, n in mod['hidden_reasons'].items())))
    decisions: dict[str, list[dict[str, Any]]] = mod.get('decisions', {})
    if not decisions:
        doc.add(Paragraph.of(_('No moderation decisions were taken.'), ParagraphStyle.NOTE))
    for kind, rows in decisions.items():
        doc.add(Heading(f'{label(MODERATION_ACTION_NAMES, kind)} ({len(rows)})', 2),
                Table((_('Time'), _('By'), _('Reason')),
                      tuple(((r['at'] or '—')[11:], r['by'], r['reason']) for r in rows)))
