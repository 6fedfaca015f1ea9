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
from docx.oxml.ns import qn

from .export import _by_group, duration

_XML_UNSAFE = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')


def clean(text: object) -> str:
    """Text Word can hold: no control characters, line breaks as spaces in table cells."""
    return _XML_UNSAFE.sub('', '' if text is None else str(text))


def table(doc: DocumentObject, headers: list[str], rows: list[list[object]]) -> None:
    grid = doc.add_table(rows=1, cols=len(headers))
    grid.style = 'Table Grid'
    for cell, header in zip(grid.rows[0].cells, headers, strict=True):
        cell.text = ''
        cell.paragraphs[0].add_run(header).bold = True
    if not rows:
        return
    template = grid.add_row()
    for cell in template.cells:
        cell.paragraphs[0].add_run('-')  # a w:t to fill in each clone
    tbl, tr = grid._tbl, template._tr
    for values in rows:
        new = copy.deepcopy(tr)
        for node, value in zip(new.iter(qn('w:t')), values, strict=True):
            node.text = clean(value).replace('\n', ' ')
            node.set('{http://www.w3.org/XML/1998/namespace}space', 'preserve')
        tbl.append(new)
    tbl.remove(tr)


def paragraph(doc: DocumentObject, text: object, style: str | None = None) -> None:
    for line in clean(text).split('\n'):
        doc.add_paragraph(line, style=style)


def to_docx(report: dict[str, Any]) -> bytes:
    doc = Document()
    head = report['header']
    doc.add_heading(clean(head['title']), level=0)
    paragraph(doc, f'Date: {head["date"]} · Start: {head["starts_at"]} ({head["timezone"]}) · '
                   f'Location: {head["location"]}')
    if head['theme']:
        paragraph(doc, head['theme'])
    for theme in head['key_themes']:
        paragraph(doc, theme, 'List Bullet')
    if head['anonymized']:
        paragraph(doc, 'Names are replaced by stakeholder groups.')
    att = report['attendance']
    doc.add_heading('Attendance', level=1)
    paragraph(doc, f'{att["total"]} participants.')
    table(doc, ['Stakeholder group', 'Participants'], [[g, n] for g, n in att['by_group'].items()])
    if att['organizations']:
        paragraph(doc, 'Organisations: ' + ', '.join(att['organizations']))
    doc.add_heading('Agenda', level=1)
    table(doc, ['Segment', 'Kind', 'Planned start', 'Actual start', 'Planned', 'Actual', 'Overrun'],
          [[a['title'], a['kind'], a['planned_start'], a['actual_start'] or '—', duration(a['planned_seconds']),
            duration(a['actual_seconds']), duration(a['overrun_seconds'])] for a in report['agenda']])
    for seg in report['segment_notes']:
        for note in seg['notes']:
            doc.add_heading(f'Notes on {clean(seg["segment"])} ({clean(note["author"])})', level=2)
            paragraph(doc, note['text'])
    sp = report['speakers']
    doc.add_heading('Speakers', level=1)
    table(doc, ['Name', 'Organisation', 'Talk', 'Planned', 'Spoke'],
          [[s['name'], s['organization'], s['title'], duration(s['planned_seconds']), duration(s['actual_seconds'])]
           for s in sp['speeches']])
    table(doc, ['Stakeholder group', 'Speaking time'], [[g, duration(t)] for g, t in sp['by_group'].items()])
    for room in report['rooms']:
        doc.add_heading(f'Room: {clean(room["topic"])}', level=1)
        if room['prompt']:
            paragraph(doc, room['prompt'])
        paragraph(doc, 'Members: ' + _by_group(room['members_by_group']))
        doc.add_heading('Top posts', level=2)
        table(doc, ['#', 'Post', 'Kind', 'Author', 'Votes', 'Votes by group', 'Tags'],
              [[i, p['text'], p['kind'], p['author'], p['votes'], _by_group(p['votes_by_group']), ', '.join(p['tags'])]
               for i, p in enumerate(room['posts'], start=1)])
        doc.add_heading('Common ground', level=2)
        by_id = {p['id']: p for p in room['posts']}
        if room['common_ground']['used'] == 'top':
            paragraph(doc, 'Fewer than two stakeholder groups voted, so this ranking falls back to Top.')
        for pid in room['common_ground']['order'][:10]:
            paragraph(doc, f'{by_id[pid]["text"]} (votes: {by_id[pid]["votes"]})', 'List Number')
        for title, key in (('Key takeaways', 'takeaways'), ('Actionable solutions', 'solutions')):
            doc.add_heading(title, level=2)
            for post in room[key]:
                paragraph(doc, post['text'], 'List Bullet')
        for title, key in (('Rapporteur notes', 'notes'), ('Summary', 'summaries')):
            for note in room[key]:
                doc.add_heading(f'{title} ({clean(note["author"])})', level=2)
                paragraph(doc, note['text'])
    doc.add_heading('Plenary Q&A', level=1)
    table(doc, ['Question', 'Author', 'Votes', 'Answered'],
          [[q['text'], q['author'] or 'Anonymous', q['votes'], 'yes' if q['answered'] else 'no']
           for q in report['questions']])
    doc.add_heading('Broadcast messages', level=1)
    table(doc, ['Time', 'Message', 'By'], [[b['at'], b['message'], b['by']] for b in report['broadcasts']])
    mod = report['moderation']
    doc.add_heading('Moderation summary', level=1)
    paragraph(doc, f'Hidden posts: {mod["hidden_posts"]}')
    for reason, n in mod['hidden_reasons'].items():
        paragraph(doc, f'{reason}: {n}', 'List Bullet')
    paragraph(doc, f'Renamed participants: {mod["renamed_participants"]}; '
                   f'removed participants: {mod["removed_participants"]}')
    for reason, n in mod['participant_reasons'].items():
        paragraph(doc, f'{reason}: {n}', 'List Bullet')
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
