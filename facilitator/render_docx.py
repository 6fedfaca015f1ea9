"""A `Document` as Word (python-docx): real heading styles, tables with widths set by their content, charts as
inline pictures, a cover page and page numbers in the footer. Opens cleanly in Word and LibreOffice.

Rows of large tables are cloned from a template row's XML: adding them one by one with python-docx is about
twenty times slower.
"""

import copy
import io

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from . import charts
from .document import (
    Align,
    BulletList,
    Chart,
    Cover,
    Document,
    Heading,
    Inline,
    PageBreak,
    Paragraph,
    ParagraphStyle,
    Table,
    clean,
    column_widths,
)
from .document import Run as TextRun

XML_SPACE = '{http://www.w3.org/XML/1998/namespace}space'
TEXT = qn('w:t')
PAGE_WIDTH_CM, MARGIN_CM = 21.0, 2.0
TEXT_WIDTH_CM = PAGE_WIDTH_CM - 2 * MARGIN_CM
CHAR_CM = 0.17
"""The average width of a character of 9 pt Noto Sans, with a little room to spare."""
CELL_PADDING_CM = 0.42
TABLE_FONT = Pt(9)
FONTS = {'w:ascii': 'Noto Sans', 'w:hAnsi': 'Noto Sans', 'w:eastAsia': 'Noto Sans CJK SC', 'w:cs': 'Noto Naskh Arabic'}


class _Word:
    """The document being written. Style ids are looked up once each: python-docx searches every style by name
    on each `style=` (about 1.4 ms, twenty times the cost of the paragraph itself)."""

    def __init__(self, document: Document) -> None:
        self.doc: DocxDocument = new_docx()
        self.source = document
        self._style_ids: dict[str, str | None] = {}
        self.rtl = document.rtl
        normal = self.doc.styles['Normal']
        normal.font.size = Pt(10)
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for key, value in FONTS.items():
            fonts.set(qn(key), value)
        if self.rtl:  # Arabic: right-to-left paragraphs; the headings, lists and tables' text inherit it
            normal.element.get_or_add_pPr().append(OxmlElement('w:bidi'))
        self._page_setup()

    def _page_setup(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(29.7)
        for side in ('left_margin', 'right_margin', 'top_margin', 'bottom_margin'):
            setattr(section, side, Cm(MARGIN_CM))
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = footer.add_run(f'{clean(self.source.footer)}   ·   {clean(self.source.page_label)} ')
        run.font.size = Pt(8)
        field = OxmlElement('w:fldSimple')
        field.set(qn('w:instr'), 'PAGE')
        number = OxmlElement('w:r')
        text = OxmlElement('w:t')
        text.text = '1'
        number.append(text)
        field.append(number)
        footer._p.append(field)

    def _style(self, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str | None:
        if name not in self._style_ids:
            self._style_ids[name] = self.doc.part.get_style_id(name, kind)
        return self._style_ids[name]

    def paragraph(self, text: str = '', style: str | None = None) -> DocxParagraph:
        added = self.doc.add_paragraph(clean(text))
        if style is not None:
            added._p.style = self._style(style)
        return added

    def runs(self, paragraph: DocxParagraph, runs: Inline, *, italic: bool = False) -> None:
        for run in runs:
            if run.link:
                self._link(paragraph, run.text, run.link)
                continue
            added = paragraph.add_run(clean(run.text))
            added.bold = run.bold or None
            added.italic = run.italic or italic or None
            if run.code:
                added.font.name = 'Noto Sans Mono'

    def _link(self, paragraph: DocxParagraph, text: str, url: str) -> None:
        r_id = self.doc.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link = OxmlElement('w:hyperlink')
        link.set(qn('r:id'), r_id)
        run = paragraph.add_run(clean(text))
        run.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        run.font.underline = True
        link.append(run._r)
        paragraph._p.append(link)

    def cover(self, cover: Cover) -> None:
        self.paragraph(cover.title, 'Title')  # the document's first paragraph: the title
        if cover.subtitle:
            self.paragraph(cover.subtitle, 'Subtitle')
        for name, value in cover.facts:
            fact = self.doc.add_paragraph()
            fact.add_run(clean(name) + ': ').bold = True
            fact.add_run(clean(value))
        if cover.note:
            self.doc.add_paragraph().add_run(clean(cover.note)).italic = True

    def table(self, table: Table) -> None:
        count = len(table.headers)
        available = (TEXT_WIDTH_CM - count * CELL_PADDING_CM) / CHAR_CM
        widths = [Cm(w * CHAR_CM + CELL_PADDING_CM) for w in column_widths(table, available)]
        grid = self.doc.add_table(rows=1, cols=count)
        grid._tbl.tblStyle_val = self._style('Table Grid', WD_STYLE_TYPE.TABLE)
        grid.autofit = False
        if self.rtl:  # the first column on the right
            grid._tbl.tblPr.append(OxmlElement('w:bidiVisual'))
        for column, width in zip(grid.columns, widths, strict=True):
            column.width = width
        header = grid.rows[0]
        header._tr.get_or_add_trPr().append(OxmlElement('w:tblHeader'))  # repeated on every page
        for index, (cell, text) in enumerate(zip(header.cells, table.headers, strict=True)):
            cell.width = widths[index]
            self._shade(cell._tc)
            self._cell(cell.paragraphs[0], table.alignment(index)).add_run(clean(text)).bold = True
        if not table.rows:
            return
        template = grid.add_row()
        for index, cell in enumerate(template.cells):
            cell.width = widths[index]
            self._cell(cell.paragraphs[0], table.alignment(index)).add_run('-')  # a w:t to fill in each clone
        tbl, tr = grid._tbl, template._tr
        for node in tr.iter(TEXT):
            node.set(XML_SPACE, 'preserve')  # set once here, copied with every clone
        for values in table.rows:
            new = copy.deepcopy(tr)
            for node, value in zip(new.iter(TEXT), values, strict=True):
                node.text = clean(value).replace('\n', ' ')
            tbl.append(new)
        tbl.remove(tr)

    def space(self) -> None:
        """A small empty paragraph after a table, so two tables in a row do not run together."""
        self.paragraph().paragraph_format.space_after = Pt(2)

    def _cell(self, paragraph: DocxParagraph, align: Align) -> '_Sized':
        paragraph.paragraph_format.space_after = Pt(0)
        if align == Align.END and not self.rtl:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        return _Sized(paragraph)

    @staticmethod
    def _shade(tc: object) -> None:
        shading = OxmlElement('w:shd')
        shading.set(qn('w:val'), 'clear')
        shading.set(qn('w:fill'), 'E8EEF4')
        tc.get_or_add_tcPr().append(shading)  # type: ignore[attr-defined]

    def chart(self, chart: Chart) -> None:
        self.doc.add_picture(io.BytesIO(charts.png(chart)), width=Cm(TEXT_WIDTH_CM - 1))
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


class _Sized:
    """A table cell's paragraph whose runs are set in the table's font size."""

    def __init__(self, paragraph: DocxParagraph) -> None:
        self.paragraph = paragraph

    def add_run(self, text: str) -> Run:
        run = self.paragraph.add_run(text)
        run.font.size = TABLE_FONT
        return run


def to_docx(document: Document) -> bytes:
    w = _Word(document)
    for block in document.blocks:
        if isinstance(block, Cover):
            w.cover(block)
        elif isinstance(block, Heading):
            w.paragraph(block.text, f'Heading {min(block.level, 3)}')
        elif isinstance(block, Paragraph):
            style = 'Quote' if block.style == ParagraphStyle.QUOTE else None
            w.runs(w.paragraph(style=style), block.runs, italic=block.style == ParagraphStyle.NOTE)
        elif isinstance(block, BulletList):
            for number, item in enumerate(block.items, start=block.start):
                runs = (TextRun(f'{number}. '), *item) if block.ordered else item
                w.runs(w.paragraph(style='List' if block.ordered else 'List Bullet'), runs)
        elif isinstance(block, Table):
            w.table(block)
            w.space()
        elif isinstance(block, Chart):
            w.chart(block)
        elif isinstance(block, PageBreak):
            w.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    buffer = io.BytesIO()
    w.doc.save(buffer)
    return buffer.getvalue()
