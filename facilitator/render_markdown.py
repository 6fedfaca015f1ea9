"""A `Document` as Markdown (GitHub flavour: pipe tables). User text is escaped, so a `*` in a post stays a `*`."""

import re

from .document import (
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
    Run,
    Table,
)

_SPECIAL = re.compile(r'([*_`\[\]<>#])')


def escape(text: object) -> str:
    """One table cell or inline text: pipes escaped, line breaks kept as <br>, Markdown markers neutralised."""
    value = '' if text is None else str(text)
    value = value.replace('\\', '\\\\').replace('|', '\\|').replace('\r', '')
    return _SPECIAL.sub(r'\\\1', value).replace('\n', '<br>')


def _run(run: Run) -> str:
    text = escape(run.text)
    if not text.strip():
        return text
    if run.code:
        text = f'`{run.text}`'
    if run.italic:
        text = f'*{text}*'
    if run.bold:
        text = f'**{text}**'
    if run.link:
        text = f'[{text}](<{run.link}>)'
    return text


def inline(runs: Inline) -> str:
    return ''.join(_run(run) for run in runs)


def table(block: Table) -> list[str]:
    lines = ['| ' + ' | '.join(escape(h) for h in block.headers) + ' |', '|' + '---|' * len(block.headers)]
    lines += ['| ' + ' | '.join(escape(cell) for cell in row) + ' |' for row in block.rows]
    return [*lines, '']


def _block(block: Block) -> list[str]:
    if isinstance(block, Cover):
        out = [f'# {escape(block.title)}', '']
        if block.subtitle:
            out += [escape(block.subtitle), '']
        out += [f'- **{escape(name)}:** {escape(value)}' for name, value in block.facts] + ['']
        return out + ([f'*{escape(block.note)}*', ''] if block.note else [])
    if isinstance(block, Heading):
        return ['#' * min(block.level + 1, 6) + ' ' + escape(block.text), '']
    if isinstance(block, Paragraph):
        text = inline(block.runs)
        if block.style == ParagraphStyle.NOTE:
            return [f'*{text}*', '']
        return [('> ' if block.style == ParagraphStyle.QUOTE else '') + text, '']
    if isinstance(block, BulletList):
        return [(f'{i}. ' if block.ordered else '- ') + inline(item)
                for i, item in enumerate(block.items, start=block.start)] + ['']
    if isinstance(block, Table):
        return table(block)
    if isinstance(block, Chart):
        return [f'**{escape(block.title)}**' + (f' ({escape(block.unit)})' if block.unit else ''), '',
                *table(block.as_table())]
    assert isinstance(block, PageBreak)
    return []


def to_markdown(document: Document) -> str:
    out: list[str] = []
    for block in document.blocks:
        out += _block(block)
    return '\n'.join(out).rstrip('\n') + '\n'
