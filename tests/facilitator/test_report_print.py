"""The Word report as people see it: rendered to PDF by LibreOffice and read back with pdftotext.

Skipped only where LibreOffice is missing outside CI; in CI it must run."""

import io
import os
import re
import shutil
from itertools import pairwise
from pathlib import Path

import pytest
from docx import Document

from facilitator.document import Table
from facilitator.report_document import build_document
from tests.factories import World

from .report_sample import CODES, SNAKE_CASE, pdf_text, sample_session, soffice_to_pdf
from .test_report import Rich

if shutil.which('soffice') is None and not os.environ.get('CI'):
    pytest.skip('LibreOffice (soffice) is not installed; CI installs it from .ci/system-deps', allow_module_level=True)

pytestmark = pytest.mark.timeout(400)


@pytest.fixture(scope='module')
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Rich, bytes, str]:
    """One sample session, its Word file and the text LibreOffice prints of it (built once: soffice is slow)."""
    from tests.factories import make_world

    folder = tmp_path_factory.mktemp('printed')
    world = make_world(folder)
    rich = sample_session(world)
    content = world.service.export(rich.rita, rich.code, 'docx').content
    docx = folder / 'report.docx'
    docx.write_bytes(content)
    return rich, content, pdf_text(soffice_to_pdf(docx, folder))


def test_the_printed_notes_show_formatting_not_markdown_markers(printed: tuple[Rich, bytes, str]) -> None:
    _rich, content, text = printed
    assert '**' not in text and '##' not in text
    assert 'Key point: platforms must design for children first.' in text
    assert 'Age checks that respect privacy' in text
    document = Document(io.BytesIO(content))
    bold = [run.text for p in document.paragraphs for run in p.runs if run.bold]
    assert 'Key point:' in bold
    assert ('Heading 3', 'Key point') in [(p.style.name, p.text) for p in document.paragraphs if p.style]


def test_no_internal_code_is_printed(printed: tuple[Rich, bytes, str]) -> None:
    text = printed[2]
    assert [code for code in CODES if code in text] == []
    assert SNAKE_CASE.findall(text) == []


def cell_words(rich: Rich) -> set[str]:
    """The ordinary words (letters only, 4 to 24 long) of every table cell of the report."""
    document = build_document(rich.report())
    words = set()
    for block in document.blocks:
        if isinstance(block, Table):
            for row in (block.headers, *block.rows):
                for cell in row:
                    words |= {w for w in re.findall(r'[^\W\d_]+', cell) if 4 <= len(w) <= 24 and w.isascii()}
    return words


def test_no_word_is_broken_across_lines_inside_a_table_cell(printed: tuple[Rich, bytes, str]) -> None:
    rich, _content, text = printed
    words = cell_words(rich)
    assert {'Segment', 'Organisation', 'Overrun', 'Opportunity'} <= words
    tokens = text.split()
    broken = [(a, b) for a, b in pairwise(tokens) if a + b in words and a not in words and b not in words]
    assert broken == []


def test_the_charts_are_pictures_in_the_word_file(printed: tuple[Rich, bytes, str]) -> None:
    _rich, content, text = printed
    document = Document(io.BytesIO(content))
    assert len(document.inline_shapes) == 4, 'segments, speaking time, posts and votes, the poll'
    assert 'Most pressing risk?' in text


def test_the_cover_and_the_page_numbers_are_printed(printed: tuple[Rich, bytes, str]) -> None:
    rich, content, text = printed
    document = Document(io.BytesIO(content))
    assert document.paragraphs[0].style is not None and document.paragraphs[0].style.name == 'Title'
    assert 'PAGE' in document.sections[0].footer._element.xml
    assert f'Session: {rich.code}' in text and 'Place:' in text
    pages = text.count('\f')
    assert pages >= 4
    assert all(f'Page {n}' in text for n in range(1, pages + 1))


def test_a_french_report_prints_french_labels(world: World, tmp_path: Path) -> None:
    from facilitator.i18n import use_language

    rich = sample_session(world)
    with use_language('fr'):
        (tmp_path / 'fr.docx').write_bytes(world.service.export(rich.rita, rich.code, 'docx').content)
    text = pdf_text(soffice_to_pdf(tmp_path / 'fr.docx', tmp_path))
    for french in ('Participation', 'Ordre du jour', 'Contributions les plus votées', 'Mise en contexte',
                   'Participants renommés (1)', 'Page 2'):
        assert french in text, french
    assert SNAKE_CASE.findall(text) == []
