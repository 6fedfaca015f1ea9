"""Render the report: Markdown (default), Word and PDF from one document model (facilitator/report_document.py),
and CSV and JSON as data. File names carry the session code, the date and "anonymised" when names are replaced."""

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from .errors import InvalidInput
from .i18n import _
from .labels import SMALLER_GROUPS
from .report import GROUP_LABELS, group_label
from .report_sections import duration

__all__ = ['ExportFile', 'ExportFormat', 'duration', 'parse_format', 'render', 'safe_cell']


class ExportFormat(StrEnum):
    MARKDOWN = 'md'
    DOCX = 'docx'
    CSV = 'csv'
    JSON = 'json'
    PDF = 'pdf'


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    media_type: str
    filename: str


def parse_format(value: object) -> ExportFormat:
    try:
        return ExportFormat(str(value or 'md'))
    except ValueError:
        raise InvalidInput(_('Unknown format. Use md, docx, pdf, csv or json.'), code='unknown_format') from None


FORMULA_START = ('=', '+', '-', '@', '\t', '\r')


def safe_cell(value: object) -> str:
    """Neutralise spreadsheet formula injection: a leading quote makes the cell plain text."""
    text = '' if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


CSV_GROUPS = [*GROUP_LABELS, SMALLER_GROUPS]  # keys; each column is named by the group's name in the report's language


def to_csv(report: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    groups = [group_label(key) for key in CSV_GROUPS]
    writer.writerow(['room', 'kind', 'text', 'author', 'group', 'votes', *[f'votes {g}' for g in groups],
                     'tags', 'pinned', 'time'])
    for room in report['rooms']:
        for post in room['posts']:
            at = datetime.fromtimestamp(post['created_at_ms'] / 1000, tz=UTC).isoformat()
            writer.writerow([safe_cell(room['topic']), post['kind'], safe_cell(post['text']),
                             safe_cell(post['author']), safe_cell(post['group'] or ''), post['votes'],
                             *[post['votes_by_group'].get(g, 0) for g in groups], ' '.join(post['tags']),
                             'yes' if post['pinned'] else 'no', at])
    for question in report['questions']:
        writer.writerow([_('Plenary Q&A'), 'question', safe_cell(question['text']),
                         safe_cell(question['author'] or _('Anonymous')), safe_cell(question['group'] or ''),
                         question['votes'], *['' for _g in CSV_GROUPS], 'answered' if question['answered'] else '',
                         '', ''])
    for poll in report.get('polls', []):  # one row per answer: overall count and per group (small groups merged)
        for i, count in enumerate(poll['counts']):
            writer.writerow([safe_cell(_('Poll: {question}').format(question=poll['question'])), 'poll',
                             safe_cell(count['label']), '', '', count['count'],
                             *[poll['by_group'][g][i] if g in poll['by_group'] else '' for g in groups], '', '', ''])
    return '\ufeff' + buffer.getvalue()


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2)


def filename(report: dict[str, Any], extension: str) -> str:
    """'ABC123-2026-03-12-report.docx'; anonymised exports say so: 'ABC123-2026-03-12-report-anonymised.docx'."""
    head = report['header']
    return f'{head["code"]}-{head["date"]}-report{"-anonymised" if head["anonymized"] else ""}.{extension}'


DOCUMENT_MEDIA = {ExportFormat.DOCX: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
                  ExportFormat.PDF: 'application/pdf', ExportFormat.MARKDOWN: 'text/markdown; charset=utf-8'}


PDF_POSTS_PER_ROOM = 50
"""The PDF is for reading and printing: the most voted posts of each room, not thousands of rows."""


def render(report: dict[str, Any], fmt: ExportFormat) -> ExportFile:
    """The report as a file. Blocking and CPU-bound (charts, PDF): run it in the app's read pool."""
    if fmt in DOCUMENT_MEDIA:
        from .report_document import build_document
        document = build_document(report, max_posts=PDF_POSTS_PER_ROOM if fmt == ExportFormat.PDF else None)
        if fmt == ExportFormat.DOCX:
            from .render_docx import to_docx
            content = to_docx(document)
        elif fmt == ExportFormat.PDF:
            from .render_pdf import to_pdf
            content = to_pdf(document)
        else:
            from .render_markdown import to_markdown
            content = to_markdown(document).encode('utf-8')
        return ExportFile(content, DOCUMENT_MEDIA[fmt], filename(report, fmt.value))
    renderers: dict[ExportFormat, tuple[Callable[[dict[str, Any]], str], str]] = {
        ExportFormat.CSV: (to_csv, 'text/csv; charset=utf-8'),
        ExportFormat.JSON: (to_json, 'application/json'),
    }
    function, media = renderers[fmt]
    return ExportFile(function(report).encode('utf-8'), media, filename(report, fmt.value))
