"""The series report as CSV (one header row; a `section` column tells session rows from solution rows) and as a
Word document with heading styles and tables."""

import csv
import io
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from .errors import InvalidInput
from .export import CSV_GROUPS, safe_cell
from .export_docx import _Word, clean
from .i18n import _
from .labels import ROLE_NAMES, label, solution_status_label, status_label
from .vocabulary import group_short_name, short_datetime

if TYPE_CHECKING:
    from .series_report import SeriesReport

DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'


class ReportFormat(StrEnum):
    CSV = 'csv'
    DOCX = 'docx'


@dataclass(frozen=True)
class SeriesFile:
    content: bytes
    media_type: str
    filename: str


def parse_report_format(value: object) -> ReportFormat:
    try:
        return ReportFormat(str(value or 'docx'))
    except ValueError:
        raise InvalidInput(_('Unknown format. Use docx or csv.'), code='unknown_format') from None


def _groups(counts: dict[str, int]) -> str:
    return ', '.join(f'{group_short_name(g)} {n}' for g, n in counts.items()) or '—'


def _when(report: 'SeriesReport', index: int) -> str:
    session = report.sessions[index]
    return short_datetime(session.starts_at.astimezone(ZoneInfo(session.timezone)))


def to_csv(report: 'SeriesReport') -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(['section', 'session', 'date', 'status', 'participants', 'registered', 'attended',
                     *[group_short_name(g) for g in CSV_GROUPS], 'topic', 'solution', 'owner', 'votes',
                     'posted_by', 'notes'])
    for i, s in enumerate(report.sessions):
        writer.writerow(['session', safe_cell(s.title), _when(report, i), status_label(s.status), s.participants,
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


def to_docx(report: 'SeriesReport') -> bytes:
    w = _Word()
    w.heading(clean(report.title), 0)
    w.paragraph(_('Series report, {when}').format(when=short_datetime(report.generated_at)))
    w.heading(_('Sessions'), 1)
    w.table([_('Session'), _('Date'), _('Status'), _('Participants'), _('Registered'), _('Attended'),
             _('Stakeholder groups')],
            [[s.title, _when(report, i), status_label(s.status), s.participants, s.registered, s.attended,
              _groups(s.by_group)] for i, s in enumerate(report.sessions)])
    w.heading(_('Actionable solutions'), 1)
    if not report.solutions:
        w.paragraph(_('No solutions yet.'))
    topics: dict[str, list[int]] = {}
    for i, solution in enumerate(report.solutions):
        topics.setdefault(solution.topic, []).append(i)
    for topic, indexes in topics.items():
        w.heading(clean(topic) or _('Other solutions'), 2)
        for i in indexes:
            s = report.solutions[i]
            w.heading(clean(s.text), 3)
            w.table([_('Status'), _('Owner'), _('From'), _('Votes'), _('Support by group')],
                    [[solution_status_label(s.status), s.owner or '—', s.origin_title or '—', s.votes,
                      _groups(s.support)]])
            for note in s.notes:
                role = label(ROLE_NAMES, note.author_role)
                w.paragraph(f'{note.at.date().isoformat()} · {role}: {note.text}', 'List Bullet')
    buffer = io.BytesIO()
    w.doc.save(buffer)
    return buffer.getvalue()


def render_series_report(report: 'SeriesReport', fmt: ReportFormat) -> SeriesFile:
    base = f'{report.slug}-series-report'
    if fmt == ReportFormat.CSV:
        return SeriesFile(to_csv(report).encode('utf-8'), 'text/csv; charset=utf-8', f'{base}.csv')
    return SeriesFile(to_docx(report), DOCX_TYPE, f'{base}.docx')
