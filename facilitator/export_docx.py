"""The report as a Word document: real heading styles and tables, opening cleanly in Word and LibreOffice.

Rows of large tables are cloned from a template row's XML: adding them one by one with python-docx is
about twenty times slower.
"""

import copy
import io
import re
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .export import _by_group, duration
from .i18n import _, is_rtl
from .vocabulary import kind_name, long_date, number

_XML_UNSAFE = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')


def clean(text: object) -> str:
    """Text Word can hold: no control characters, line breaks as spaces in table cells."""
    return _XML_UNSAFE.sub('', '' if text is None else str(text))


XML_SPACE = '{http://www.w3.org/XML/1998/namespace}space'
TEXT = qn('w:t')


class _Word:
    """The document being written. Style ids are looked up once each: python-docx searches every style by name
    on each `style=` (about 1.4 ms, twenty times the cost of the paragraph itself)."""

    def __init__(self) -> None:
        self.doc: DocumentObject = Document()
        self._style_ids: dict[tuple[str, WD_STYLE_TYPE], str | None] = {}
        self.rtl = is_rtl()
        if self.rtl:  # Arabic: right-to-left paragraphs; the headings, lists and tables' text inherit it
            self.doc.styles['Normal'].element.get_or_add_pPr().append(OxmlElement('w:bidi'))

    def _style_id(self, name: str, kind: WD_STYLE_TYPE) -> str | None:
        if (name, kind) not in self._style_ids:
            self._style_ids[(name, kind)] = self.doc.part.get_style_id(name, kind)
        return self._style_ids[(name, kind)]

    def heading(self, text: str, level: int) -> None:
        """As `Document.add_heading`: level 0 is the Title style."""
        added = self.doc.add_paragraph(text)
        added._p.style = self._style_id('Title' if level == 0 else f'Heading {level}', WD_STYLE_TYPE.PARAGRAPH)

    def paragraph(self, text: object, style: str | None = None) -> None:
        for line in clean(text).split('\n'):
            added = self.doc.add_paragraph(line)
            if style is not None:
                added._p.style = self._style_id(style, WD_STYLE_TYPE.PARAGRAPH)

    def table(self, headers: list[str], rows: list[list[object]]) -> None:
        grid = self.doc.add_table(rows=1, cols=len(headers))
        grid._tbl.tblStyle_val = self._style_id('Table Grid', WD_STYLE_TYPE.TABLE)
        if self.rtl:  # the first column on the right
            grid._tbl.tblPr.append(OxmlElement('w:bidiVisual'))
        for cell, header in zip(grid.rows[0].cells, headers, strict=True):
            cell.text = ''
            cell.paragraphs[0].add_run(header).bold = True
        if not rows:
            return
        template = grid.add_row()
        for cell in template.cells:
            cell.paragraphs[0].add_run('-')  # a w:t to fill in each clone
        tbl, tr = grid._tbl, template._tr
        for node in tr.iter(TEXT):
            node.set(XML_SPACE, 'preserve')  # set once here, copied with every clone
        for values in rows:
            new = copy.deepcopy(tr)
            for node, value in zip(new.iter(TEXT), values, strict=True):
                node.text = clean(value).replace('\n', ' ')
            tbl.append(new)
        tbl.remove(tr)


def _speakers(w: '_Word', sp: dict[str, Any]) -> None:
    w.heading(_('Speakers'), 1)
    w.table([_('Name'), _('Organisation'), _('Talk'), _('Planned'), _('Spoke')],
            [[s['name'], s['organization'], s['title'], duration(s['planned_seconds']), duration(s['actual_seconds'])]
             for s in sp['speeches']])
    w.table([_('Stakeholder group'), _('Speaking time')], [[g, duration(t)] for g, t in sp['by_group'].items()])
    if sp['not_called']:
        w.heading(_('Not called'), 2)
        w.table([_('Name'), _('Organisation'), _('Talk')], [[s['name'], s['organization'], s['title']]
                                                   for s in sp['not_called']])


def to_docx(report: dict[str, Any]) -> bytes:
    w = _Word()
    head = report['header']
    w.heading(clean(head['title']), 0)
    w.paragraph('{date} {day} · {start} {at} ({zone}) · {location} {place}'.format(
        date=_('Date:'), day=long_date(head['date']), start=_('Start:'), at=head['starts_at'], zone=head['timezone'],
        location=_('Location:'), place=head['location']))
    if head['theme']:
        w.paragraph(head['theme'])
    for theme in head['key_themes']:
        w.paragraph(theme, 'List Bullet')
    if head['anonymized']:
        w.paragraph(_('Names are replaced by stakeholder groups.'))
    att = report['attendance']
    w.heading(_('Attendance'), 1)
    w.paragraph(_('{n} participants.').format(n=number(att['total'])))
    w.table([_('Stakeholder group'), _('Participants')], [[g, n] for g, n in att['by_group'].items()])
    if att['organizations']:
        w.paragraph(_('Organisations:') + ' ' + ', '.join(att['organizations']))
    w.heading(_('Agenda'), 1)
    w.table([_('Segment'), _('Kind'), _('Planned start'), _('Actual start'), _('Planned'), _('Actual'), _('Overrun')],
            [[a['title'], a['kind'], a['planned_start'], a['actual_start'] or '—', duration(a['planned_seconds']),
              duration(a['actual_seconds']), duration(a['overrun_seconds'])] for a in report['agenda']])
    for seg in report['segment_notes']:
        for note in seg['notes']:
            w.heading(_('Notes on {segment} ({author})').format(segment=clean(seg['segment']),
                                                                author=clean(note['author'])), 2)
            w.paragraph(note['text'])
    _speakers(w, report['speakers'])
    for room in report['rooms']:
        w.heading(_('Room: {topic}').format(topic=clean(room['topic'])), 1)
        if room['prompt']:
            w.paragraph(room['prompt'])
        w.paragraph(_('Members:') + ' ' + _by_group(room['members_by_group']))
        w.heading(_('Top posts'), 2)
        w.table(['#', _('Post'), _('Kind'), _('Author'), _('Votes'), _('Votes by group'), _('Tags')],
                [[i, p['text'], kind_name(p['kind']), p['author'], p['votes'], _by_group(p['votes_by_group']),
                  ', '.join(p['tags'])] for i, p in enumerate(room['posts'], start=1)])
        w.heading(_('Common ground'), 2)
        by_id = {p['id']: p for p in room['posts']}
        if room['common_ground']['used'] == 'top':
            w.paragraph(_('Fewer than two stakeholder groups voted, so this ranking falls back to Top.'))
        for pid in room['common_ground']['order'][:10]:
            w.paragraph(by_id[pid]['text'] + ' ' + _('(votes: {n})').format(n=by_id[pid]['votes']), 'List Number')
        for title, key in ((_('Key takeaways'), 'takeaways'), (_('Actionable solutions'), 'solutions')):
            w.heading(title, 2)
            for post in room[key]:
                w.paragraph(post['text'], 'List Bullet')
        for title, key in ((_('Rapporteur notes'), 'notes'), (_('Summary'), 'summaries')):
            for note in room[key]:
                w.heading(f'{title} ({clean(note["author"])})', 2)
                w.paragraph(note['text'])
    w.heading(_('Plenary Q&A'), 1)
    w.table([_('Question'), _('Author'), _('Votes'), _('Answered')],
            [[q['text'], q['author'] or _('Anonymous'), q['votes'], _('yes') if q['answered'] else _('no')]
             for q in report['questions']])
    w.heading(_('Broadcast messages'), 1)
    w.table([_('Time'), _('Message'), _('By')], [[b['at'], b['message'], b['by']] for b in report['broadcasts']])
    mod = report['moderation']
    w.heading(_('Moderation summary'), 1)
    w.paragraph(_('Hidden posts: {n}').format(n=mod['hidden_posts']))
    for reason, n in mod['hidden_reasons'].items():
        w.paragraph(f'{reason}: {n}', 'List Bullet')
    w.paragraph(_('Renamed participants: {renamed}; removed participants: {removed}').format(
        renamed=mod['renamed_participants'], removed=mod['removed_participants']))
    for reason, n in mod['participant_reasons'].items():
        w.paragraph(f'{reason}: {n}', 'List Bullet')
    buffer = io.BytesIO()
    w.doc.save(buffer)
    return buffer.getvalue()
