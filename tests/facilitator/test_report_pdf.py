"""The PDF report (fpdf2), read back with poppler; the parts the formats share: file names, moderation by kind,
notes parsed from Markdown, column widths."""

import json
import unicodedata
from pathlib import Path

import pytest

from facilitator import pdf_fonts as font_files
from facilitator.document import Table, column_widths, longest_word
from facilitator.errors import ReportUnavailable
from facilitator.i18n import use_language
from facilitator.notes_markdown import parse_notes, to_html
from tests.factories import World, json_state

from .report_sample import pdf_fonts, pdf_text, sample_session
from .test_report import Rich

pytestmark = pytest.mark.timeout(300)


@pytest.fixture
def sample(world: World) -> Rich:
    return sample_session(world)


def test_the_pdf_holds_the_headings_and_the_top_posts(sample: Rich, tmp_path: Path) -> None:
    file = sample.world.service.export(sample.rita, sample.code, 'pdf')
    assert file.media_type == 'application/pdf' and file.content.startswith(b'%PDF')
    (tmp_path / 'r.pdf').write_bytes(file.content)
    text = ' '.join(pdf_text(tmp_path / 'r.pdf').split())
    for heading in ('Attendance', 'Agenda', 'Speakers', 'Top posts', 'Common ground', 'Plenary Q&A', 'Polls',
                    'Moderation summary', 'Participants renamed (1)', 'Participants removed (1)'):
        assert heading in text, heading
    for room in json.loads(sample.world.service.export(sample.rita, sample.code, 'json').content)['rooms']:
        for post in room['posts'][:3]:
            if post['text'].isascii():
                assert ' '.join(post['text'].split()) in text
    assert 'Key point: platforms must design for children first.' in text and '**' not in text
    assert 'Page 2' in text


@pytest.mark.parametrize(('lang', 'title', 'font'), [('ar', 'حماية الأطفال على الإنترنت', 'NotoNaskhArabic'),
                                                     ('zh', '儿童在线保护对话', 'NotoSansCJK')])
def test_an_arabic_and_a_chinese_title_render_with_embedded_fonts(world: World, tmp_path: Path, lang: str,
                                                                   title: str, font: str) -> None:
    issued = world.new_session()
    world.service.update_session(world.moderator(issued), issued.code, title=title)
    with use_language(lang):
        content = world.service.export(world.rapporteur(issued), issued.code, 'pdf').content
    path = tmp_path / f'{lang}.pdf'
    path.write_bytes(content)
    fonts = pdf_fonts(path)
    assert font in fonts
    assert all(' yes ' in line for line in fonts.splitlines()[2:]), 'every font embedded'
    text = unicodedata.normalize('NFKC', pdf_text(path))  # shaped Arabic comes back as presentation forms
    words = title.split()
    assert all(word in text or word[::-1] in text for word in words), text[:400]


def test_without_the_noto_fonts_the_pdf_fails_with_a_clear_message(sample: Rich, monkeypatch: pytest.MonkeyPatch,
                                                                    tmp_path: Path) -> None:
    monkeypatch.setitem(font_files.LATIN, '', tmp_path / 'NotoSans-Regular.ttf')
    with pytest.raises(ReportUnavailable) as caught:
        sample.world.service.export(sample.rita, sample.code, 'pdf')
    assert caught.value.code == 'report_fonts_missing' and caught.value.status == 503
    assert 'fonts-noto-core' in caught.value.message
    assert sample.world.service.export(sample.rita, sample.code, 'docx').content, 'Word still works'


def test_file_names_carry_the_code_the_date_and_anonymised(sample: Rich) -> None:
    day = json_state(sample.world.service, sample.code)['starts_at'][:10]
    for fmt in ('md', 'docx', 'pdf', 'csv', 'json'):
        named = sample.world.service.export(sample.rita, sample.code, fmt).filename
        anonymised = sample.world.service.export(sample.rita, sample.code, fmt, anonymize=True).filename
        assert named == f'{sample.code}-{day}-report.{fmt}'
        assert anonymised == f'{sample.code}-{day}-report-anonymised.{fmt}'


def test_each_moderation_decision_is_listed_with_its_reason_apart_by_kind(sample: Rich) -> None:
    mod = sample.report()['moderation']
    assert {kind: [d['reason'] for d in rows] for kind, rows in mod['decisions'].items()} == {
        'hide': ['Off-topic advertising', 'Personal attack'], 'rename': ['Full name on request'],
        'remove': ['Spam account']}
    markdown = sample.world.service.export(sample.rita, sample.code, 'md').content.decode()
    section = markdown[markdown.index('## Moderation summary'):]
    assert '### Posts hidden (2)' in section and '### Participants renamed (1)' in section
    assert section.index('Full name on request') < section.index('### Participants removed (1)') \
        < section.rindex('Spam account')
    assert 'No reason given' not in section


def test_the_anonymised_moderation_names_roles_not_people(sample: Rich) -> None:
    decisions = sample.report(anonymize=True)['moderation']['decisions'].values()
    assert {d['by'] for rows in decisions for d in rows} == {'Moderator', 'Rapporteur'}
    named = sample.report()['moderation']['decisions'].values()
    assert {d['by'] for rows in named for d in rows} == {'Maya Moderator', 'Rita Rapporteur'}


def test_polls_are_in_the_csv_overall_and_per_group(sample: Rich) -> None:
    from .test_export_formats import csv_rows

    rows = [r for r in csv_rows(sample.world.service.export(sample.rita, sample.code, 'csv').content)
            if r['kind'] == 'poll']
    assert [(r['room'], r['text'], r['votes']) for r in rows] == [
        ('Poll: Most pressing risk?', 'Grooming', '2'), ('Poll: Most pressing risk?', 'Scams', '1'),
        ('Poll: Most pressing risk?', 'Bullying', '0')]
    assert sum(int(v or 0) for r in rows for k, v in r.items() if k.startswith('votes ')) == 3


def test_notes_markdown_becomes_headings_bold_lists_and_links() -> None:
    blocks = parse_notes('## Key point\n**Bold:** and *it*\n\n1. one\n2. two\n   - nested\n\n[site](https://itu.int) '
                         '[bad](javascript:alert(1))')
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == ['Heading', 'Paragraph', 'BulletList', 'Paragraph']
    assert [(r.text, r.bold, r.italic) for r in blocks[1].runs] == [('Bold:', True, False), (' and ', False, False),
                                                                    ('it', False, True)]
    assert blocks[2].ordered and [''.join(r.text for r in i) for i in blocks[2].items] == ['one', 'two', 'nested']
    unsafe = ' [bad](javascript:alert(1))'  # not a link: left as the text it was
    assert [(r.text, r.link) for r in blocks[3].runs] == [('site', 'https://itu.int'), (unsafe, None)]
    html = to_html('<script>x</script> **b**')
    assert '<script>' not in html and '<strong>b</strong>' in html


def test_the_wide_column_goes_to_long_text_and_no_column_is_narrower_than_its_words() -> None:
    post = 'Platforms should publish transparency reports about child safety every quarter ' * 3
    table = Table(('#', 'Post', 'Kind', 'Organisation'), (('1', post, 'Opportunity', 'Ministry'),) * 5)
    widths = column_widths(table, 100)
    assert widths[1] == max(widths) and widths[1] > 50
    assert sum(widths) == pytest.approx(100)
    for column, width in enumerate(widths):
        assert width >= longest_word(table.headers[column]) and width >= longest_word(table.rows[0][column])
