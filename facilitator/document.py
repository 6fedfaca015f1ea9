"""A typed document model for printable reports, built once and rendered by separate renderers.

A `Document` is a flat list of blocks: `Cover`, `Heading`, `Paragraph` (inline `Run`s: bold, italic, code, links),
`BulletList`, `Table` (with per-column hints), `Chart` (data, drawn by `facilitator.charts`) and `PageBreak`.
Nothing in here knows about sessions: the session report (`facilitator.report_document`) builds one, and a series
report can build another from the same blocks. The renderers (`render_docx`, `render_pdf`, `render_markdown`) take
a `Document` and return bytes or text; none of them reads the database or calls `_()`.

All text is the final text in the reader's language; renderers only lay it out.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Run:
    """A piece of inline text with one formatting. `link` makes it a hyperlink to that address."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None


Inline = tuple[Run, ...]


def plain(text: object) -> Inline:
    return (Run('' if text is None else str(text)),)


@dataclass(frozen=True)
class Cover:
    """The title page: a title, an optional subtitle and labelled facts (series, session, date, place...)."""

    title: str
    subtitle: str = ''
    facts: tuple[tuple[str, str], ...] = ()
    note: str = ''


@dataclass(frozen=True)
class Heading:
    """A section title; level 1 is a chapter, 2 and 3 sections below it."""

    text: str
    level: int = 1


class ParagraphStyle(StrEnum):
    NORMAL = 'normal'
    NOTE = 'note'
    """A remark about the report itself (e.g. "Names are replaced by stakeholder groups."), set in italics."""
    QUOTE = 'quote'


@dataclass(frozen=True)
class Paragraph:
    runs: Inline
    style: ParagraphStyle = ParagraphStyle.NORMAL

    @classmethod
    def of(cls, text: object, style: ParagraphStyle = ParagraphStyle.NORMAL) -> 'Paragraph':
        return cls(plain(text), style)

    @property
    def text(self) -> str:
        return ''.join(run.text for run in self.runs)


@dataclass(frozen=True)
class BulletList:
    """Items of inline text; `ordered` numbers them from `start`."""

    items: tuple[Inline, ...]
    ordered: bool = False
    start: int = 1


class Align(StrEnum):
    START = 'start'
    END = 'end'
    """Numbers and durations: right-aligned (left-aligned in right-to-left text)."""


@dataclass(frozen=True)
class Table:
    """A header row and rows of plain text cells. `align` holds one `Align` per column (START by default);
    `wide` names the columns of running text (a post, a question) that get the spare width first."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[Align, ...] = ()
    wide: tuple[int, ...] = ()

    def alignment(self, column: int) -> Align:
        return self.align[column] if column < len(self.align) else Align.START


class ChartKind(StrEnum):
    BARS = 'bars'
    """Horizontal bars: one row per category, one bar per series."""


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    """A chart by its data: the renderers draw it as an image (`facilitator.charts.png`); Markdown shows the data
    as a table. `unit` is the axis label."""

    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ''
    kind: ChartKind = ChartKind.BARS

    def as_table(self) -> Table:
        rows = tuple((cat, *(_number(s.values[i]) for s in self.series)) for i, cat in enumerate(self.categories))
        return Table(('', *(s.name for s in self.series)), rows, (Align.START, *(Align.END for _s in self.series)))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f'{value:.1f}'


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Cover | Heading | Paragraph | BulletList | Table | Chart | PageBreak


@dataclass
class Document:
    """The whole report. `language` is a code of `facilitator.i18n.LANGUAGES`; `footer` is printed on every page
    beside `page_label` and the page number."""

    title: str
    language: str = 'en'
    rtl: bool = False
    footer: str = ''
    page_label: str = 'Page'
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def text(self) -> str:
        """Every visible word, for tests and for choosing fonts (which scripts occur)."""
        parts: list[str] = [self.title, self.footer]
        for block in self.blocks:
            if isinstance(block, Cover):
                parts += [block.title, block.subtitle, block.note, *(f'{k} {v}' for k, v in block.facts)]
            elif isinstance(block, Heading):
                parts.append(block.text)
            elif isinstance(block, Paragraph):
                parts.append(block.text)
            elif isinstance(block, BulletList):
                parts += [''.join(run.text for run in item) for item in block.items]
            elif isinstance(block, Table):
                parts += [*block.headers, *(cell for row in block.rows for cell in row)]
            elif isinstance(block, Chart):
                parts += [block.title, block.unit, *block.categories, *(s.name for s in block.series)]
        return '\n'.join(parts)


# column widths ----------------------------------------------------------------------------------------------------

LONG_WORD = 24
"""A word longer than this (a URL, a hash) may break inside a cell; shorter ones never do."""


def text_width(text: str) -> float:
    """The width of `text` in average Latin characters: East Asian wide characters count double."""
    if text.isascii():
        return float(len(text))
    return sum(2.0 if unicodedata.east_asian_width(ch) in 'WF' else 1.0 for ch in text)


def longest_word(text: str) -> float:
    """The widest piece of `text` that must stay on one line. Runs of CJK characters may break anywhere."""
    if text.isascii():
        return min(float(max(map(len, text.split()), default=0)), LONG_WORD)
    widest = 0.0
    for word in text.split():
        if any(unicodedata.east_asian_width(ch) in 'WF' for ch in word):
            widest = max(widest, 2.0)
        else:
            widest = max(widest, min(float(len(word)), LONG_WORD))
    return widest


WIDE_WEIGHT = 2.0
"""How much more a `wide` column's wish for room counts than another column's."""


def column_widths(table: Table, available: float, *, sample: int = 400) -> list[float]:
    """Widths (in the unit of `available`, which is measured in characters) that keep every normal word of a
    column on one line, and share what is left by how much text each column holds: long post text gets the wide
    column. Measures the header and up to `sample` rows, spread evenly over the table."""
    count = len(table.headers)
    step = max(1, len(table.rows) // sample)
    rows = table.rows[::step]
    need = [max([longest_word(table.headers[c]) * 1.1, *(longest_word(r[c]) for r in rows)]) + 1
            for c in range(count)]  # headers are bold: a tenth wider
    want = [max([text_width(table.headers[c]) * 1.1, *(text_width(r[c]) for r in rows)]) + 1 for c in range(count)]
    if sum(need) >= available:  # too many columns to keep every word whole: scale the minimums down
        return [available * n / sum(need) for n in need]
    spare = available - sum(need)
    extra = [max(0.0, w - n) for w, n in zip(want, need, strict=True)]
    weight = [WIDE_WEIGHT if c in table.wide else 1.0 for c in range(count)]
    if sum(extra) <= spare:  # everything fits on one line: give the rest by share of content
        total = sum(want)
        return [available * w / total for w in want]
    # the columns that would wrap share the spare room by how much more they want; short ones get what they want
    widths = list(need)
    open_columns = {c for c in range(count) if extra[c] > 0}
    while open_columns:
        share = spare / sum(extra[c] * weight[c] for c in open_columns)
        capped = {c for c in open_columns if extra[c] * weight[c] * share >= extra[c]}
        if not capped:
            for c in open_columns:
                widths[c] += extra[c] * weight[c] * share
            break
        for c in capped:
            widths[c] += extra[c]
            spare -= extra[c]
        open_columns -= capped
    return widths


_XML_UNSAFE = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]')


def clean(text: object) -> str:
    """Text a renderer may write: control characters that Word's XML and PDF text refuse are dropped."""
    return _XML_UNSAFE.sub('', '' if text is None else str(text))
