"""Render the report: Markdown (default), CSV, JSON; DOCX lives in export_docx.py."""

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from .errors import InvalidInput
from .i18n import _
from .labels import SMALLER_GROUPS
from .poll_report import polls_markdown
from .report import GROUP_LABELS, group_label
from .vocabulary import kind_name, long_date, number


class ExportFormat(StrEnum):
    MARKDOWN = 'md'
    DOCX = 'docx'
    CSV = 'csv'
    JSON = 'json'


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    media_type: str
    filename: str


def parse_format(value: object) -> ExportFormat:
    try:
        return ExportFormat(str(value or 'md'))
    except ValueError:
        raise InvalidInput(_('Unknown format. Use md, docx, csv or json.'), code='unknown_format') from None


FORMULA_START = ('=', '+', '-', '@', '\t', '\r')


def safe_cell(value: object) -> str:
    """Neutralise spreadsheet formula injection: a leading quote makes the cell plain text."""
    text = '' if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def duration(seconds: int | None) -> str:
    if seconds is None:
        return '—'
    sign = '-' if seconds < 0 else ''
    seconds = abs(seconds)
    return f'{sign}{seconds // 60}:{seconds % 60:02d}'


def _md(text: object) -> str:
    """One table cell or inline text: pipes escaped, line breaks kept as <br>, Markdown markers neutralised."""
    value = '' if text is None else str(text)
    value = value.replace('\\', '\\\\').replace('|', '\\|').replace('\r', '')
    value = re.sub(r'([*_`\[\]<>#])', r'\\\1', value)
    return value.replace('\n', '<br>')


def _table(headers: list[str], rows: list[list[object]]) -> list[str]:
    lines = ['| ' + ' | '.join(headers) + ' |', '|' + '---|' * len(headers)]
    lines += ['| ' + ' | '.join(_md(cell) for cell in row) + ' |' for row in rows]
    return [*lines, '']


def _by_group(votes: dict[str, int]) -> str:
    return ', '.join(f'{group} {n}' for group, n in votes.items()) or '—'


def to_markdown(report: dict[str, Any]) -> str:
    head = report['header']
    out = [f'# {_md(head["title"])}', '',
           '**{date}** {day} · **{start}** {at} ({zone}) · **{location}** {place}'.format(
               date=_('Date:'), day=long_date(head['date']), start=_('Start:'), at=head['starts_at'],
               zone=head['timezone'], location=_('Location:'), place=_md(head['location'])), '']
    if head['theme']:
        out += [_md(head['theme']), '']
    out += [f'- {_md(theme)}' for theme in head['key_themes']] + ([''] if head['key_themes'] else [])
    if head['anonymized']:
        out += ['*' + _('Names are replaced by stakeholder groups.') + '*', '']
    att = report['attendance']
    out += ['## ' + _('Attendance'), '', _('{n} participants.').format(n=number(att['total'])), '']
    out += _table([_('Stakeholder group'), _('Participants')], [[g, n] for g, n in att['by_group'].items()])
    if att['organizations']:
        out += ['**' + _('Organisations:') + '** ' + ', '.join(_md(o) for o in att['organizations']), '']
    if reg := att.get('registration'):
        out += [_('{attended} of {registered} registered people attended.').format(
            attended=reg['attended'], registered=reg['registered']), '']
        out += _table([_('Stakeholder group'), _('Registered'), _('Attended')],
                      [[GROUP_LABELS.get(g, g), n['registered'], n['attended']] for g, n in reg['by_group'].items()])
    out += ['## ' + _('Agenda'), '']
    out += _table([_('Segment'), _('Kind'), _('Planned'), _('Actual'), _('Planned duration'), _('Actual duration'),
                   _('Overrun')],
                  [[a['title'], a['kind'], f'{a["planned_start"]}–{a["planned_end"][11:]}',
                    f'{a["actual_start"] or "—"}–{(a["actual_end"] or "—")[11:] or "—"}',
                    duration(a['planned_seconds']), duration(a['actual_seconds']), duration(a['overrun_seconds'])]
                   for a in report['agenda']])
    for seg in report['segment_notes']:
        for note in seg['notes']:
            out += ['### ' + _('Notes on {segment} ({author})').format(segment=_md(seg['segment']),
                                                                        author=_md(note['author'])),
                    '', note['text'], '']
    sp = report['speakers']
    out += ['## ' + _('Speakers'), '']
    out += _table([_('Name'), _('Organisation'), _('Talk'), _('Planned'), _('Spoke')],
                  [[s['name'], s['organization'], s['title'], duration(s['planned_seconds']),
                    duration(s['actual_seconds'])] for s in sp['speeches']])
    out += _table([_('Stakeholder group'), _('Speaking time')],
                  [[g, duration(t)] for g, t in sp['by_group'].items()])
    if sp['not_called']:
        out += ['### ' + _('Not called'), '']
        out += _table([_('Name'), _('Organisation'), _('Talk')], [[s['name'], s['organization'], s['title']]
                                                                for s in sp['not_called']])
    for room in report['rooms']:
        out += ['## ' + _('Room: {topic}').format(topic=_md(room['topic'])), '']
        if room['prompt']:
            out += [f'*{_md(room["prompt"])}*', '']
        out += ['**' + _('Members:') + '** ' + (_by_group(room['members_by_group'])), '']
        out += ['### ' + _('Top posts'), '']
        out += _table(['#', _('Post'), _('Kind'), _('Author'), _('Votes'), _('Votes by group'), _('Tags')],
                      [[i, p['text'], kind_name(p['kind']), p['author'], p['votes'], _by_group(p['votes_by_group']),
                        ', '.join(p['tags'])] for i, p in enumerate(room['posts'], start=1)])
        cg = room['common_ground']
        by_id = {p['id']: p for p in room['posts']}
        out += ['### ' + _('Common ground'), '']
        if cg['used'] == 'top':
            out += ['*' + _('Fewer than two stakeholder groups voted, so this ranking falls back to Top.') + '*', '']
        out += [f'{i}. {_md(by_id[pid]["text"])} (▲ {by_id[pid]["votes"]})'
                for i, pid in enumerate(cg['order'][:10], start=1) if pid in by_id] + ['']
        for title, key in ((_('Key takeaways'), 'takeaways'), (_('Actionable solutions'), 'solutions')):
            out += [f'### {title}', ''] + ([f'- {_md(p["text"])}' for p in room[key]] or ['—']) + ['']
        for title, key in ((_('Rapporteur notes'), 'notes'), (_('Summary'), 'summaries')):
            for note in room[key]:
                out += [f'### {title} ({_md(note["author"])})', '', note['text'], '']
    out += ['## ' + _('Plenary Q&A'), '']
    out += _table([_('Question'), _('Author'), _('Votes'), _('Answered')],
                  [[q['text'], q['author'] or _('Anonymous'), q['votes'], _('yes') if q['answered'] else _('no')]
                   for q in report['questions']])
    out += polls_markdown(report.get('polls', []), _md)
    out += ['## ' + _('Broadcast messages'), '']
    out += _table([_('Time'), _('Message'), _('By')], [[b['at'], b['message'], b['by']] for b in report['broadcasts']])
    mod = report['moderation']
    out += ['## ' + _('Moderation summary'), '', '- ' + _('Hidden posts: {n}').format(n=mod['hidden_posts'])]
    out += [f'  - {_md(reason)}: {n}' for reason, n in mod['hidden_reasons'].items()]
    out += ['- ' + _('Renamed participants: {n}').format(n=mod['renamed_participants']),
            '- ' + _('Removed participants: {n}').format(n=mod['removed_participants'])]
    out += [f'  - {_md(reason)}: {n}' for reason, n in mod['participant_reasons'].items()]
    return '\n'.join(out) + '\n'


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
    return '\ufeff' + buffer.getvalue()


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2)


def render(report: dict[str, Any], fmt: ExportFormat) -> ExportFile:
    base = f'{report["header"]["code"]}-report'
    if fmt == ExportFormat.DOCX:
        from .export_docx import to_docx
        return ExportFile(to_docx(report), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
                          f'{base}.docx')
    renderers: dict[ExportFormat, tuple[Callable[[dict[str, Any]], str], str, str]] = {
        ExportFormat.MARKDOWN: (to_markdown, 'text/markdown; charset=utf-8', 'md'),
        ExportFormat.CSV: (to_csv, 'text/csv; charset=utf-8', 'csv'),
        ExportFormat.JSON: (to_json, 'application/json', 'json'),
    }
    function, media, ext = renderers[fmt]
    return ExportFile(function(report).encode('utf-8'), media, f'{base}.{ext}')
