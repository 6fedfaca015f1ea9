"""A `Document` as PDF with fpdf2 (pure Python): A4, Noto fonts embedded (Arabic and Chinese only when the text
holds them), Arabic shaped with HarfBuzz (uharfbuzz), tables with widths set by their content, charts as PNG
images, a cover page and page numbers in the footer.

Without the Noto fonts the export fails with `ReportUnavailable` and a sentence saying what to install.
"""

import io
import struct

from fpdf import FPDF

from . import charts
from .document import (
    Align,
    Block,
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
from .pdf_fonts import NEEDS_SHAPING, pieces, register_fonts, tokens

MARGIN = 20.0
CHAR_MM = 1.62
"""The average width of a character of 8.5 pt Noto Sans, with a little room to spare."""
CELL_PADDING_MM = 2.6
BODY, SMALL = 10.0, 8.5
LINE, CELL_PAD_Y = 3.9, 0.9
"""A table line's height and the space above and below a cell's text, in mm."""
HEADING_SIZES = {1: 15.0, 2: 12.5, 3: 11.0}
ACCENT = (31, 78, 121)


class _Pdf(FPDF):
    def __init__(self, document: Document) -> None:
        super().__init__(format='A4')
        self.source = document
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN)
        self.set_title(clean(document.title))
        self.set_lang(document.language)
        self.set_creator('facilitator')

    def footer(self) -> None:
        if self.page_no() == 1:
            return  # no number on the cover
        self.set_y(-13)
        self.set_font('Noto', '', 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f'{clean(self.source.footer)}   ·   {clean(self.source.page_label)} {self.page_no()}',
                  align='C')
        self.set_text_color(0, 0, 0)


def _png_size(data: bytes) -> tuple[int, int]:
    width, height = struct.unpack('>II', data[16:24])
    return width, height


class _Writer:
    def __init__(self, document: Document) -> None:
        self.pdf = _Pdf(document)
        self.rtl = document.rtl
        self.align = 'R' if self.rtl else 'L'
        self.arabic = register_fonts(self.pdf, document.text())
        self._shaped = False
        self._widths: dict[tuple[str, str], float] = {}
        self.pdf.add_page()

    def _room(self, height: float) -> None:
        """Start a new page unless `height` mm still fit on this one."""
        if self.pdf.get_y() + height > self.pdf.h - MARGIN:
            self.pdf.add_page()

    def cover(self, cover: Cover) -> None:
        pdf = self.pdf
        pdf.set_y(70)
        pdf.set_font('Noto', 'B', 26)
        pdf.set_text_color(*ACCENT)
        self.shaping(cover.title + cover.subtitle + ''.join(v for _k, v in cover.facts) + cover.note)
        pdf.multi_cell(0, 12, clean(cover.title), align=self.align, new_x='LMARGIN', new_y='NEXT')
        pdf.set_text_color(0, 0, 0)
        if cover.subtitle:
            pdf.ln(3)
            pdf.set_font('Noto', '', 14)
            pdf.multi_cell(0, 8, clean(cover.subtitle), align=self.align, new_x='LMARGIN', new_y='NEXT')
        pdf.ln(10)
        for name, value in cover.facts:
            pdf.set_font('Noto', 'B', 11)
            pdf.multi_cell(0, 7, f'{clean(name)}: ', align=self.align, new_x='LMARGIN', new_y='NEXT')
            pdf.set_font('Noto', '', 11)
            pdf.multi_cell(0, 6, clean(value), align=self.align, new_x='LMARGIN', new_y='NEXT')
            pdf.ln(1.5)
        if cover.note:
            pdf.ln(6)
            pdf.set_font('Noto', 'I', 10)
            pdf.multi_cell(0, 6, clean(cover.note), align=self.align, new_x='LMARGIN', new_y='NEXT')

    def heading(self, heading: Heading, following: Block | None) -> None:
        """A heading never ends a page: it needs room for itself and the start of what follows (a whole chart)."""
        size = HEADING_SIZES.get(heading.level, 11.0)
        self._room(size * 2.2 + (self._chart_height(following) if isinstance(following, Chart) else 12))
        self.pdf.ln(4 if heading.level == 1 else 2.5)
        self.pdf.set_font('Noto', 'B', size)
        self.pdf.set_text_color(*ACCENT)
        self.shaping(heading.text)
        self.pdf.multi_cell(0, size * 0.5, clean(heading.text), align=self.align, new_x='LMARGIN', new_y='NEXT')
        self.pdf.set_text_color(0, 0, 0)
        self.pdf.ln(1.5)

    def runs(self, runs: Inline, *, italic: bool = False, indent: float = 0.0) -> None:
        pdf = self.pdf
        if self.rtl:  # right-aligned flowing text: one cell of plain text
            pdf.set_font('Noto', 'I' if italic else '', BODY)
            self.shaping(''.join(r.text for r in runs))
            pdf.multi_cell(0, 5.2, clean(''.join(r.text for r in runs)), align='R', new_x='LMARGIN', new_y='NEXT')
            return
        pdf.set_left_margin(MARGIN + indent)
        pdf.set_x(MARGIN + indent)
        for run in runs:
            style = 'B' if run.bold else 'I' if run.italic or italic else ''
            pdf.set_font('Noto', style, BODY)
            if run.link:
                pdf.set_text_color(5, 99, 193)
            self.shaping(run.text)
            for piece in pieces(clean(run.text)):  # fpdf2 re-measures a line per character: keep pieces short
                pdf.write(5.2, piece, link=run.link or '')
            pdf.set_text_color(0, 0, 0)
        pdf.ln(5.2)
        pdf.set_left_margin(MARGIN)

    def paragraph(self, paragraph: Paragraph) -> None:
        quote = paragraph.style == ParagraphStyle.QUOTE
        self.runs(paragraph.runs, italic=paragraph.style == ParagraphStyle.NOTE or quote, indent=6 if quote else 0)
        self.pdf.ln(1.8)

    def bullets(self, block: BulletList) -> None:
        for number, item in enumerate(block.items, start=block.start):
            marker = f'{number}.' if block.ordered else '•'
            self.pdf.set_font('Noto', '', BODY)
            if self.rtl:
                self.runs((type(item[0])(f'{marker} '), *item) if item else item)
                continue
            self.pdf.set_x(MARGIN + 1)
            self.pdf.cell(6, 5.2, marker)
            self.runs(item, indent=7)
            self.pdf.ln(0.8)
        self.pdf.ln(1.5)

    def shaping(self, text: str) -> None:
        """HarfBuzz shaping only for right-to-left text (Arabic, Hebrew): it makes fpdf2's line breaking about ten
        times slower."""
        wanted = self.arabic and bool(NEEDS_SHAPING.search(text))
        if wanted != self._shaped:
            self.pdf.set_text_shaping(wanted)
            self._shaped = wanted

    def table(self, table: Table) -> None:
        """Drawn cell by cell (fpdf2's own table lays out every cell with shaping on, and is slow): each row as
        high as its tallest cell, the header repeated after each page break."""
        pdf = self.pdf
        count = len(table.headers)
        available = (pdf.epw - count * CELL_PADDING_MM) / CHAR_MM
        widths = [w * CHAR_MM + CELL_PADDING_MM for w in column_widths(table, available)]
        aligns = ['R' if table.alignment(c) == Align.END else self.align for c in range(count)]
        headers, rows = list(table.headers), [list(r) for r in table.rows]
        if self.rtl:  # the first column on the right
            widths, aligns, headers = widths[::-1], aligns[::-1], headers[::-1]
            rows = [r[::-1] for r in rows]
        self._room(14)
        self._row(headers, widths, aligns, header=True)
        for values in rows:
            height = self._height(values, widths, bold=False)
            if pdf.get_y() + height > pdf.h - MARGIN:
                pdf.add_page()
                self._row(headers, widths, aligns, header=True)
            self._row(values, widths, aligns, header=False, height=height)
        self.shaping('')
        pdf.ln(3)

    def _lines(self, text: str, width: float) -> list[str]:
        """Greedy line breaking by measured word widths (each word measured once per style): fpdf2's own
        breaking measures the whole line again at every character. CJK text may break between any two
        characters; a word wider than the cell is cut."""
        room = width - CELL_PADDING_MM
        lines: list[str] = []
        line, line_width = '', 0.0
        space = self._width(' ')
        for word, glued in tokens(text):
            token, token_width = word, self._width(word)
            gap = 0.0 if glued or not line else space
            if line and line_width + gap + token_width > room:
                lines.append(line)
                line, line_width, gap = '', 0.0, 0.0
            while token_width > room and len(token) > 1:  # a URL or a hash longer than the cell
                cut = max(1, int(len(token) * room / token_width))
                lines.append(token[:cut])
                token = token[cut:]
                token_width = self._width(token)
            line += (' ' if gap else '') + token
            line_width += gap + token_width
        return [*lines, line] if line or not lines else lines

    def _width(self, text: str) -> float:
        key = (self.pdf.font_style, text)
        if key not in self._widths:
            self._widths[key] = self.pdf.get_string_width(text)
        return self._widths[key]

    def _height(self, values: list[str], widths: list[float], *, bold: bool) -> float:
        self.pdf.set_font('Noto', 'B' if bold else '', SMALL)
        return max(len(self._lines(clean(v).replace('\n', ' '), w)) for v, w in zip(values, widths, strict=True)) \
            * LINE + 2 * CELL_PAD_Y

    def _row(self, values: list[str], widths: list[float], aligns: list[str], *, header: bool,
             height: float | None = None) -> None:
        pdf = self.pdf
        height = height if height is not None else self._height(values, widths, bold=header)
        x = MARGIN + (pdf.epw - sum(widths) if self.rtl else 0)
        y = pdf.get_y()
        pdf.set_font('Noto', 'B' if header else '', SMALL)
        pdf.set_draw_color(150, 150, 150)
        pdf.set_line_width(0.2)
        for value, width, align in zip(values, widths, aligns, strict=True):
            if header:
                pdf.set_fill_color(232, 238, 244)
            pdf.rect(x, y, width, height, style='DF' if header else 'D')
            for index, line in enumerate(self._lines(clean(value).replace('\n', ' '), width)):
                self.shaping(line)
                pdf.set_xy(x + CELL_PADDING_MM / 2, y + CELL_PAD_Y + index * LINE)
                pdf.cell(width - CELL_PADDING_MM, LINE, line, align=align)
            x += width
        pdf.set_xy(MARGIN, y + height)

    def _chart_height(self, chart: Chart) -> float:
        width_px, height_px = _png_size(charts.png(chart))
        return self.pdf.epw * height_px / width_px

    def chart(self, chart: Chart) -> None:
        image = charts.png(chart)
        width, height = self.pdf.epw, self._chart_height(chart)
        self._room(height + 2)
        self.pdf.image(io.BytesIO(image), x=MARGIN, w=width, h=height)
        self.pdf.ln(3)


def to_pdf(document: Document) -> bytes:
    w = _Writer(document)
    for index, block in enumerate(document.blocks):
        if isinstance(block, Cover):
            w.cover(block)
        elif isinstance(block, Heading):
            w.heading(block, document.blocks[index + 1] if index + 1 < len(document.blocks) else None)
        elif isinstance(block, Paragraph):
            w.paragraph(block)
        elif isinstance(block, BulletList):
            w.bullets(block)
        elif isinstance(block, Table):
            w.table(block)
        elif isinstance(block, Chart):
            w.chart(block)
        elif isinstance(block, PageBreak):
            w.pdf.add_page()
    return bytes(w.pdf.output())
