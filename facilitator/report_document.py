"""The session report (`facilitator.report.build_report`) as a `Document`, in the current language.

Every code is shown by its label (facilitator/labels.py); rapporteur notes are parsed from Markdown. Word, PDF and
Markdown render this one document; CSV and JSON stay data exports of the report structure.
"""

from typing import Any

from .document import Align, BulletList, Chart, Cover, Document, Heading, PageBreak, Paragraph, Run, Series, Table
from .i18n import _, current_language, is_rtl
from .labels import SEGMENT_KIND_NAMES, STATUS_NAMES, label
from .notes_markdown import parse_notes
from .report_sections import GROUP_LABELS, duration, moderation, participation_chart, polls, questions, rooms
from .vocabulary import long_date, number

END = Align.END


def build_document(report: dict[str, Any], *, max_posts: int | None = None) -> Document:
    """The whole report, cover first. `max_posts` shortens each room's table of posts (the PDF, for print)."""
    head = report['header']
    doc = Document(title=head['title'], language=current_language(), rtl=is_rtl(),
                   footer=f'{head["title"]} · {head["code"]} · {long_date(head["date"])}', page_label=_('Page'))
    doc.add(_cover(head), PageBreak())
    if head['key_themes']:
        doc.add(Heading(_('Key themes'), 1), BulletList(tuple((Run(t),) for t in head['key_themes'])))
    _attendance(doc, report['attendance'])
    _agenda(doc, report)
    _speakers(doc, report['speakers'])
    doc.add(Heading(_('Dialogue rooms'), 1))
    if chart := participation_chart(report['rooms']):
        doc.add(chart)
    rooms(doc, report['rooms'], max_posts=max_posts)
    questions(doc, report['questions'])
    polls(doc, report.get('polls', []))
    doc.add(Heading(_('Broadcast messages'), 1),
            Table((_('Time'), _('Message'), _('By')), tuple((_time(b['at']), b['message'], b['by'])
                                                         for b in report['broadcasts']), wide=(1,)))
    moderation(doc, report['moderation'])
    return doc


def _time(moment: str | None) -> str:
    """'2026-03-12 14:05' -> '14:05': the date is on the cover."""
    return moment[11:] if moment else '—'


def _cover(head: dict[str, Any]) -> Cover:
    place = head['location'] or ''
    if head['hybrid']:
        place = f'{place} · {_("Hybrid")}' if place else _('Hybrid')
    facts = [(_('Series'), head.get('series') or ''), (_('Session'), head['code']),
             (_('Date'), long_date(head['date'])),
             (_('Time'), f'{_time(head["starts_at"])} ({head["timezone"]})'), (_('Place'), place),
             (_('Status'), label(STATUS_NAMES, head['status'])), (_('Report generated'), head['generated_at'] or '')]
    note = _('Names are replaced by stakeholder groups.') if head['anonymized'] else ''
    return Cover(title=head['title'], subtitle=head['theme'] or '', facts=tuple((k, v) for k, v in facts if v),
                 note=note)


def _attendance(doc: Document, att: dict[str, Any]) -> None:
    doc.add(Heading(_('Attendance'), 1), Paragraph.of(_('{n} participants.').format(n=number(att['total']))),
            Table((_('Stakeholder group'), _('Participants')), tuple((g, str(n)) for g, n in att['by_group'].items()),
                  (Align.START, END)))
    if att['organizations']:
        doc.add(Paragraph((Run(_('Organisations:'), bold=True), Run(' ' + ', '.join(att['organizations'])))))
    if reg := att.get('registration'):
        doc.add(Paragraph.of(_('{attended} of {registered} registered people attended.').format(
            attended=reg['attended'], registered=reg['registered'])),
            Table((_('Stakeholder group'), _('Registered'), _('Attended')),
                  tuple((_(GROUP_LABELS[g]) if g in GROUP_LABELS else g, str(n['registered']), str(n['attended']))
                        for g, n in reg['by_group'].items()), (Align.START, END, END)))


def _agenda(doc: Document, report: dict[str, Any]) -> None:
    agenda = report['agenda']
    doc.add(Heading(_('Agenda'), 1), Table(
        (_('Segment'), _('Kind'), _('Planned start'), _('Actual start'), _('Planned'), _('Actual'), _('Overrun')),
        tuple((a['title'], label(SEGMENT_KIND_NAMES, a['kind']), _time(a['planned_start']), _time(a['actual_start']),
               duration(a['planned_seconds']), duration(a['actual_seconds']), duration(a['overrun_seconds']))
              for a in agenda), (Align.START, Align.START, END, END, END, END, END)))
    if agenda:
        doc.add(Chart(_('Time per segment: planned and actual'), tuple(a['title'] for a in agenda),
                      (Series(_('Planned'), tuple(round(a['planned_seconds'] / 60, 1) for a in agenda)),
                       Series(_('Actual'), tuple(round((a['actual_seconds'] or 0) / 60, 1) for a in agenda))),
                      unit=_('minutes')))
    for seg in report['segment_notes']:
        for note in seg['notes']:
            doc.add(Heading(_('Notes on {segment} ({author})').format(segment=seg['segment'], author=note['author']),
                            2), *parse_notes(note['text']))


def _speakers(doc: Document, sp: dict[str, Any]) -> None:
    doc.add(Heading(_('Speakers'), 1), Table(
        (_('Name'), _('Organisation'), _('Talk'), _('Planned'), _('Spoke')),
        tuple((s['name'], s['organization'], s['title'], duration(s['planned_seconds']), duration(s['actual_seconds']))
              for s in sp['speeches']), (Align.START, Align.START, Align.START, END, END)))
    doc.add(Table((_('Stakeholder group'), _('Speaking time')),
                  tuple((g, duration(t)) for g, t in sp['by_group'].items()), (Align.START, END)))
    if sp['by_group']:
        doc.add(Chart(_('Speaking time per stakeholder group'), tuple(sp['by_group']),
                      (Series(_('Speaking time'), tuple(round(t / 60, 1) for t in sp['by_group'].values())),),
                      unit=_('minutes')))
    if sp['not_called']:
        doc.add(Heading(_('Not called'), 2), Table((_('Name'), _('Organisation'), _('Talk')), tuple(
            (s['name'], s['organization'], s['title']) for s in sp['not_called'])))

