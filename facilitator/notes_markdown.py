"""Rapporteur notes: Markdown parsed once (markdown-it-py, CommonMark, raw HTML off) into document blocks.

Word, PDF and the report's Markdown render these blocks; the notes editor previews them as HTML with `to_html`, so
what the rapporteur sees is what the report prints. Headings inside notes sit below the section they appear in.
"""

import html
from collections.abc import Iterable
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .document import Block, BulletList, Heading, Inline, Paragraph, ParagraphStyle, Run

NOTE_HEADING_LEVEL = 3
"""A note's `#`, `##`... all become this level: the note already sits under a level-2 heading of the report."""
SAFE_LINKS = ('http://', 'https://', 'mailto:')


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt('commonmark', {'html': False, 'linkify': False})


def _inline(token: Token) -> Inline:
    runs: list[Run] = []
    bold = italic = 0
    link: str | None = None
    for child in token.children or []:
        kind = child.type
        if kind == 'strong_open':
            bold += 1
        elif kind == 'strong_close':
            bold -= 1
        elif kind == 'em_open':
            italic += 1
        elif kind == 'em_close':
            italic -= 1
        elif kind == 'link_open':
            href = str(child.attrs.get('href', ''))
            link = href if href.startswith(SAFE_LINKS) else None
        elif kind == 'link_close':
            link = None
        elif kind in {'text', 'code_inline', 'image'}:
            text = child.content
            if text:
                runs.append(Run(text, bold=bold > 0, italic=italic > 0, code=kind == 'code_inline', link=link))
        elif kind in {'softbreak', 'hardbreak'}:
            runs.append(Run(' ', bold=bold > 0, italic=italic > 0, link=link))
    return _merge(runs)


def _merge(runs: Iterable[Run]) -> Inline:
    """Neighbouring runs with the same formatting become one (fewer runs in Word, same look)."""
    merged: list[Run] = []
    for run in runs:
        last = merged[-1] if merged else None
        if last and (last.bold, last.italic, last.code, last.link) == (run.bold, run.italic, run.code, run.link):
            merged[-1] = Run(last.text + run.text, run.bold, run.italic, run.code, run.link)
        else:
            merged.append(run)
    return tuple(merged)


def parse_notes(text: str) -> list[Block]:
    """The blocks of one note. Nested lists are flattened into their parent list; code blocks and rules become
    plain paragraphs."""
    blocks: list[Block] = []
    lists: list[tuple[bool, int, list[Inline]]] = []  # open lists: ordered, start, items
    quote = 0
    tokens = _parser().parse(text)
    for index, token in enumerate(tokens):
        kind = token.type
        if kind in {'bullet_list_open', 'ordered_list_open'}:
            start = int(str(token.attrs.get('start', 1)))
            lists.append((kind == 'ordered_list_open', start, []))
        elif kind in {'bullet_list_close', 'ordered_list_close'}:
            ordered, start, items = lists.pop()
            if lists:
                lists[-1][2].extend(items)
            elif items:
                blocks.append(BulletList(tuple(items), ordered=ordered, start=start))
        elif kind == 'blockquote_open':
            quote += 1
        elif kind == 'blockquote_close':
            quote -= 1
        elif kind == 'inline':
            runs = _inline(token)
            opener = tokens[index - 1].type if index else ''
            if opener == 'heading_open':
                blocks.append(Heading(''.join(r.text for r in runs), NOTE_HEADING_LEVEL))
            elif lists:
                lists[-1][2].append(runs)
            elif runs:
                blocks.append(Paragraph(runs, ParagraphStyle.QUOTE if quote else ParagraphStyle.NORMAL))
        elif kind in {'fence', 'code_block'} and token.content.strip():
            blocks += [Paragraph((Run(line, code=True),)) for line in token.content.rstrip('\n').split('\n')]
    return blocks


# HTML (the notes editor's preview) ---------------------------------------------------------------------------------

def _run_html(run: Run) -> str:
    text = html.escape(run.text)
    if run.code:
        text = f'<code>{text}</code>'
    if run.italic:
        text = f'<em>{text}</em>'
    if run.bold:
        text = f'<strong>{text}</strong>'
    if run.link:
        text = f'<a href="{html.escape(run.link)}" target="_blank" rel="noopener noreferrer">{text}</a>'
    return text


def inline_html(runs: Inline) -> str:
    return ''.join(_run_html(run) for run in runs)


def blocks_html(blocks: Iterable[Block]) -> str:
    """Headings, paragraphs and lists as HTML; every piece of text escaped, links only to safe schemes."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(f'<h{block.level + 1}>{html.escape(block.text)}</h{block.level + 1}>')
        elif isinstance(block, Paragraph):
            body = inline_html(block.runs)
            out.append(f'<blockquote>{body}</blockquote>' if block.style == ParagraphStyle.QUOTE else f'<p>{body}</p>')
        elif isinstance(block, BulletList):
            tag = 'ol' if block.ordered else 'ul'
            start = f' start="{block.start}"' if block.ordered and block.start != 1 else ''
            items = ''.join(f'<li>{inline_html(item)}</li>' for item in block.items)
            out.append(f'<{tag}{start}>{items}</{tag}>')
    return '\n'.join(out)


def to_html(text: str) -> str:
    """A note as the report prints it, for the editor's preview."""
    return blocks_html(parse_notes(text))
