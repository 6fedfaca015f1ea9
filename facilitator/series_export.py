"""The series report as files: Word and PDF rendered from one `Document` (the shared document model of
`facilitator/document.py`), and CSV (one header row; a `section` column tells session rows from solution rows)."""

import csv
import io
from enum import StrEnum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from .document import Align, BulletList, Chart, Cover, Document, Heading, PageBreak, Paragraph, Run, Series, Table
from .errors import InvalidInput
from .export import CSV_GROUPS, ExportFile, safe_cell
from .i18n import _, current_language, is_rtl
from .labels import ROLE_NAMES, label, solution_status_label, status_label
from .vocabulary import group_short_name, long_date, short_datetime

if TYPE_CHECKING:
    from .series_report import SeriesReport, SessionAttendance
    from .solution_views import SolutionView

END = Align.END
MEDIA = {'docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
         'pdf': 'application/pdf', 'csv': 'text/csv; charset=utf-8'}


class ReportFormat(StrEnum):
    DOCX = 'docx'
    PDF = 'pdf'
    CSV = 'csv'


def parse_report_format(value: object) -> ReportFormat:
    try:
        return ReportFormat(str(value or 'docx'))
    except ValueError:
        raise InvalidInput(_('Unknown format. Use docx, pdf or csv.'), code='unknown_format') from None


def _groups(counts: dict[str, int]) -> str:
    return ', '.join(f'{group_short_name(g)} {n}' for g, n in counts.items()) or '—'


def _when(session: 'SessionAttendance') -> str:
    return short_datetime(session.starts_at.astimezone(ZoneInfo(session.timezone)))


def _note_lines(solution: 'SolutionView') -> tuple[tuple[Run, ...], ...]:
    return tuple((Run(f'{long_date(n.at.date())} · {label(ROLE_NAMES, n.author_role)}: ', bold=True), Run(n.text))
                 for n in solution.notes)


def build_document(report: 'SeriesReport') -> Document:
    """The series report, cover first: the sessions with attendance, a chart per group, then the solutions by
    topic with status, owner, support and notes."""
    doc = Document(title=report.title, language=current_language(), rtl=is_rtl(),
                   footer=f'{report.title} · {long_date(report.generated_at.date())}', page_label=_('Page'))
    counts = ', '.join(f'{solution_status_label(s.status)} {sum(x.status == s.status for x in report.solutions)}'
                       for s in {s.status: s for s in report.solutions}.values())
    doc.add(Cover(title=report.title, subtitle=_('Series report'), facts=tuple(
        (k, v) for k, v in ((_('Sessions'), str(len(report.sessions))),
                            (_('Actionable solutions'), f'{len(report.solutions)} ({counts})' if counts else '0'),
                            (_('Report generated'), short_datetime(report.generated_at))) if v)), PageBreak())
    doc.add(Heading(_('Sessions'), 1), Table(
        (_('Session'), _('Date'), _('Status'), _('Participants'), _('Registered'), _('Attended'),
         _('Stakeholder groups')),
        tuple((s.title, _when(s), status_label(s.status), str(s.participants), str(s.registered), str(s.attended),
               _groups(s.by_group)) for s in report.sessions),
        (Align.START, Align.START, Align.START, END, END, END, Align.START)))
    groups = sorted({g for s in report.sessions for g in s.by_group})
    if groups and report.sessions:
        doc.add(Chart(title=_('Participants per stakeholder group'), categories=tuple(group_short_name(g)
                                                                                       for g in groups),
                      series=tuple(Series(s.title, tuple(float(s.by_group.get(g, 0)) for g in groups))
                                   for s in report.sessions), unit=_('Participants')))
    doc.add(Heading(_('Actionable solutions'), 1))
    if not report.solutions:
        doc.add(Paragraph.of(_('No solutions yet.')))
    topics: dict[str, list[SolutionView]] = {}
    for solution in report.solutions:
        topics.setdefault(solution.topic, []).append(solution)
    for topic, items in topics.items():
        doc.add(Heading(topic or _('Other solutions'), 2))
        for s in items:
            doc.add(Heading(s.text, 3), Table(
                (_('Status'), _('Owner'), _('From'), _('Votes'), _('Support by group')),
                ((solution_status_label(s.status), s.owner or '—', s.origin_title or '—', str(s.votes),
                  _groups(s.support)),), (Align.START, Align.START, Align.START, END, Align.START)))
            if s.notes:
                doc.add(BulletList(_note_lines(s)))
    return doc


def to_csv(report: 'SeriesReport') -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(['section', 'session', 'date', 'status', 'participants', 'registered', 'attended',
                     *[group_short_name(g) for g in CSV_GROUPS], 'topic', 'solution', 'owner', 'votes',
                     'posted_by', 'notes'])
    for s in report.sessions:
        writer.writerow(['session', safe_cell(s.title), _when(s), status_label(s.status), s.participants,
                         s.registered, s.attended, *[s.by_group.get(g, 0) for g in CSV_GROUPS], '', '', '', '', '',
                         ''])
    for solution in report.solutions:
        notes = ' | '.join(f'{n.at.date().isoformat()} {label(ROLE_NAMES, n.author_role)}: {n.text}'
                           for n in solution.notes)
        writer.writerow(['solution', safe_cell(solution.origin_title), solution.origin_starts_at.date().isoformat()
                         if solution.origin_starts_at else '', solution_status_label(solution.status), '', '', '',
                         *[solution.support.get(g, 0) for g in CSV_GROUPS], safe_cell(solution.topic),
                         safe_cell(solution.text), safe_cell(solution.owner), solution.votes,
                         group_short_name(solution.posted_by) if solution.posted_by else '', safe_cell(notes)])
    return '\ufeff' + buffer.getvalue()


def render_series_report(report: 'SeriesReport', fmt: ReportFormat) -> ExportFile:
    """Blocking and CPU-bound (charts, PDF): run it in the app's read pool."""
    name = f'{report.slug}-{report.generated_at.date().isoformat()}-series-report.{fmt.value}'
    if fmt == ReportFormat.CSV:
        return ExportFile(to_csv(report).encode('utf-8'), MEDIA['csv'], name)
    document = build_document(report)
    if fmt == ReportFormat.PDF:
        from .render_pdf import to_pdf
        return ExportFile(to_pdf(document), MEDIA['pdf'], name)
    from .render_docx import to_docx
    return ExportFile(to_docx(document), MEDIA['docx'], name)
