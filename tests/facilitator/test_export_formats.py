"""The four report formats, read back as their readers would: python-docx, the csv module, a JSON parser and the
Markdown text. Each must hold the same posts, votes and timings as the database, and nothing it must not hold."""

import csv
import io
import json
import re
import uuid
import zipfile
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from sqlmodel import Session, select

from db import repository as repo
from db.models import Broadcast, Note, Participant, Post, Room, Vote
from facilitator.errors import InvalidInput
from facilitator.export import ExportFormat, duration, parse_format, safe_cell
from facilitator.labels import SMALLER_GROUPS
from facilitator.report import GROUP_LABELS, group_label
from facilitator.small_groups import merge_small
from tests.factories import World, json_state

from .test_report import (
    ANON_QUESTION,
    ANON_TEXT,
    HIDDEN_QUESTION,
    HIDDEN_TEXT,
    PARTICIPANT_NAMES,
    STAFF_NAMES,
    Rich,
    rich_session,
)

FORMATS = ('md', 'docx', 'csv', 'json')
BOM = b'\xef\xbb\xbf'


# readers --------------------------------------------------------------------------------------------------------

def export(rich: Rich, fmt: str, *, anonymize: bool = False) -> bytes:
    return rich.world.service.export(rich.rita, rich.code, fmt, anonymize=anonymize).content


def docx_blocks(content: bytes) -> Iterator[Paragraph | Table]:
    return Document(io.BytesIO(content)).iter_inner_content()


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell, in document order."""
    parts: list[str] = []
    for block in docx_blocks(content):
        if isinstance(block, Paragraph):
            parts.append(block.text)
        else:
            parts += [cell.text for row in block.rows for cell in row.cells]
    return '\n'.join(parts)


def docx_parts(content: bytes) -> str:
    """All XML parts of the package (document, core properties, styles...), for 'appears nowhere' checks."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return '\n'.join(package.read(name).decode('utf-8') for name in package.namelist()
                         if name.endswith(('.xml', '.rels')))


def docx_table(content: bytes, headers: list[str]) -> list[list[str]]:
    for block in docx_blocks(content):
        if isinstance(block, Table) and [c.text for c in block.rows[0].cells] == headers:
            return [[c.text for c in row.cells] for row in block.rows[1:]]
    raise AssertionError(f'no table with headers {headers}')


def docx_room_posts(content: bytes) -> dict[str, list[list[str]]]:
    """Topic → rows of the 'Top posts' table under that room's heading."""
    rooms: dict[str, list[list[str]]] = {}
    room: str | None = None
    want = False
    for block in docx_blocks(content):
        if isinstance(block, Paragraph):
            if block.style is not None and block.style.name == 'Heading 1':
                room = block.text.removeprefix('Room: ') if block.text.startswith('Room: ') else None
            want = room is not None and block.text == 'Top posts'
        elif want and room is not None:
            rooms[room] = [[c.text for c in row.cells] for row in block.rows[1:]]
            want = False
    return rooms


def md_cells(line: str) -> list[str]:
    """One Markdown table row: split on unescaped pipes, then undo the escaping."""
    cells = re.split(r'(?<!\\)\|', line.strip())[1:-1]
    return [re.sub(r'\\(.)', r'\1', cell.strip()).replace('<br>', '\n') for cell in cells]


def md_table_after(lines: list[str], index: int) -> list[list[str]]:
    while not lines[index].startswith('|'):
        index += 1
    rows = []
    while index < len(lines) and lines[index].startswith('|'):
        rows.append(md_cells(lines[index]))
        index += 1
    assert set(rows[1][0]) <= {'-'}, 'second line is the separator'
    return [rows[0], *rows[2:]]


def md_table(markdown: str, headers: list[str]) -> list[list[str]]:
    lines = markdown.splitlines()
    for index, line in enumerate(lines):
        if line.startswith('|') and md_cells(line) == headers:
            return md_table_after(lines, index)[1:]
    raise AssertionError(f'no table with headers {headers}')


def md_room_posts(markdown: str) -> dict[str, list[list[str]]]:
    lines = markdown.splitlines()
    rooms: dict[str, list[list[str]]] = {}
    room = None
    for index, line in enumerate(lines):
        if line.startswith('## '):
            room = re.sub(r'\\(.)', r'\1', line[len('## Room: '):]) if line.startswith('## Room: ') else None
        elif line == '### Top posts' and room is not None:
            rooms[room] = md_table_after(lines, index)[1:]
    return rooms


def csv_rows(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(BOM), 'UTF-8 with a BOM, for Excel'
    return list(csv.DictReader(io.StringIO(content.decode('utf-8-sig'), newline='')))


def unneutralise(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


# the expected content, from the database and the state ------------------------------------------------------

def expected_posts(rich: Rich) -> dict[str, list[tuple[str, str, int]]]:
    """Topic → (text, shown author, votes) in rank order: order from the state, text and votes from the tables."""
    with Session(rich.world.service.engine) as db:
        stored = {str(p.id): p for p in db.exec(select(Post))}
        votes = list(db.exec(select(Vote)))
    names = {str(actor.participant_id): name for name, actor in rich.people.items()}
    private = {'Kofi Mensah': 'Youth', 'Ezra Quietwood': 'Other'}
    result = {}
    for room in json_state(rich.world.service, rich.code)['rooms']:
        rows = []
        for shown in room['posts']:
            post = stored[shown['id']]
            assert not post.hidden
            name = names[str(post.participant_id)]
            author = 'Anonymous' if post.anonymous else private.get(name, name)
            rows.append((post.text, author, sum(1 for v in votes if v.post_id == post.id)))
        result[room['topic']] = rows
    return result


def shown_posts(rich: Rich, fmt: str) -> dict[str, list[tuple[str, str, int]]]:
    """Topic → (text, author, votes) as each format shows them."""
    content = export(rich, fmt)
    if fmt == 'json':
        return {room['topic']: [(p['text'], p['author'], p['votes']) for p in room['posts']]
                for room in json.loads(content)['rooms']}
    if fmt == 'csv':
        result: dict[str, list[tuple[str, str, int]]] = {}
        for row in csv_rows(content):
            if row['room'] != 'Plenary Q&A':
                result.setdefault(row['room'], []).append((unneutralise(row['text']), row['author'], int(row['votes'])))
        return result
    rooms = md_room_posts(content.decode()) if fmt == 'md' else docx_room_posts(content)
    return {topic: [(row[1], row[3], int(row[4])) for row in rows] for topic, rows in rooms.items()}


@pytest.fixture
def rich(world: World) -> Rich:
    return rich_session(world)


# the same content in every format ---------------------------------------------------------------------------

@pytest.mark.parametrize('fmt', FORMATS)
def test_every_format_holds_the_posts_and_votes_of_the_database(rich: Rich, fmt: str) -> None:
    expected = expected_posts(rich)
    topics = list(expected)
    assert [len(rows) for rows in expected.values()] == [8, 2]
    shown = shown_posts(rich, fmt)
    assert shown == expected
    assert list(shown) == topics, 'rooms in agenda order'


def test_csv_has_one_row_per_visible_post_with_votes_by_group_and_time(rich: Rich) -> None:
    rows = csv_rows(export(rich, 'csv'))
    assert list(rows[0])[:6] == ['room', 'kind', 'text', 'author', 'group', 'votes']
    with Session(rich.world.service.engine) as db:
        visible = {p.text: p for p in db.exec(select(Post)) if not p.hidden and p.room_id is not None}
        votes = list(db.exec(select(Vote)))
        people = [p for p in db.exec(select(Participant)) if not p.removed]
    posts = [r for r in rows if r['room'] != 'Plenary Q&A']
    assert sorted(unneutralise(r['text']) for r in posts) == sorted(visible)
    for row in posts:
        post = visible[unneutralise(row['text'])]
        mine = [v for v in votes if v.post_id == post.id]
        assert row['votes'] == str(len(mine)), 'votes is a bare integer'
        sizes = Counter(p.group.value for p in people if p.room_id == post.room_id)
        merged = merge_small(Counter(v.group.value for v in mine), sizes)  # groups under 3 members: merged
        for group in [*GROUP_LABELS, SMALLER_GROUPS]:
            assert int(row[f'votes {group_label(group)}']) == merged.get(group, 0)
        assert row['kind'] == post.kind.value
        assert datetime.fromisoformat(row['time']) == post.created_at.astimezone(UTC)
        assert (row['tags'], row['pinned']) == (
            ' '.join(t for t in ('key_takeaway', 'actionable_solution') if getattr(post, t)),
            'yes' if post.pinned else 'no')
    questions = [r for r in rows if r['room'] == 'Plenary Q&A']
    assert [(r['text'], r['votes'], r['tags']) for r in questions] == [
        ('How will regulators enforce age assurance?', '2', 'answered'), (ANON_QUESTION, '1', '')]


@pytest.mark.parametrize('fmt', ['md', 'docx'])
def test_agenda_and_speaker_timings_match_the_state(rich: Rich, fmt: str) -> None:
    content = export(rich, fmt)
    state = json_state(rich.world.service, rich.code)
    actual = [(s['ended_at_ms'] - s['started_at_ms']) // 1000 for s in state['segments']]
    assert actual[:2] == [1000, 600]
    expected = [(s['title'], duration(s['planned_seconds']), duration(a), duration(a - s['planned_seconds']))
                for s, a in zip(state['segments'], actual, strict=True)]
    speakers_header = ['Name', 'Organisation', 'Talk', 'Planned', 'Spoke']
    agenda_header = ['Segment', 'Kind', 'Planned start', 'Actual start', 'Planned', 'Actual', 'Overrun']
    table = (lambda headers: md_table(content.decode(), headers)) if fmt == 'md' else (
        lambda headers: docx_table(content, headers))
    agenda = table(agenda_header)
    assert [(r[0], r[4], r[5], r[6]) for r in agenda] == expected
    speakers = table(speakers_header)
    assert expected[0][2:] == ('16:40', '1:40')
    spoken = [s for s in state['speakers'] if s['state'] == 'done']
    assert [r[4] for r in speakers] == [duration((s['ended_at_ms'] - s['started_at_ms']) // 1000) for s in spoken]
    assert [r[4] for r in speakers] == ['9:00', '1:30', '1:15']


def test_json_is_the_full_structure(rich: Rich) -> None:
    report = json.loads(export(rich, 'json'))
    assert report == rich.report()
    assert set(report) == {'header', 'attendance', 'agenda', 'speakers', 'segment_notes', 'rooms', 'questions',
                           'broadcasts', 'polls', 'moderation'}


def test_docx_uses_real_heading_styles_and_tables(rich: Rich) -> None:
    document = Document(io.BytesIO(export(rich, 'docx')))
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style is not None and p.style.name.startswith(('Heading', 'Title'))]
    assert headings[0] == ('Title', json_state(rich.world.service, rich.code)['title'])
    assert ('Heading 1', 'Agenda') in headings and ('Heading 1', 'Plenary Q&A') in headings
    assert ('Heading 2', 'Top posts') in headings
    assert all(table.style is not None and table.style.name == 'Table Grid' for table in document.tables)


# formula injection ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize('value', ['=1+1', '+1', '-1', '@SUM(A1)', '\t=cmd', '\r=cmd'])
def test_safe_cell_neutralises_formula_starts(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize('value', ['plain', ' =not first', "'quoted", '1+1', '', 'مرحبا'])
def test_safe_cell_keeps_other_text(value: str) -> None:
    assert safe_cell(value) == value


def test_csv_neutralises_formulas_in_posts_names_and_topics(world: World) -> None:
    issued = world.new_session()
    service, code = world.service, issued.code
    mod = world.moderator(issued)
    room = json_state(service, code)['rooms'][0]['id']
    service.update_topic(mod, code, room, topic='-Topic starting with a minus')
    eve = world.participant(issued, name='=HYPERLINK("http://x")', group='industry')
    service.join_room(eve, code, room)
    service.open_rooms(mod, code, 10)
    for text in ('=1+1', '+41 79', '-5 degrees', '@everyone look'):
        world.clock.advance(10)
        service.add_post(eve, code, room, text=text)
    with Session(service.engine) as db:  # input that arrived untrimmed (an import, an older version)
        session = repo.get_session_by_code(db=db, code=code)
        assert session is not None
        session_id = session.id
        for text in ('\t=tab first', '\r=carriage return first'):
            db.add(Post(session_id=session_id, room_id=uuid.UUID(room), text=text, created_at=world.clock()))
        db.commit()
    rows = csv_rows(world.service.export(mod, code, 'csv').content)
    cells = [cell for row in rows for cell in row.values()]
    assert not [c for c in cells if c.startswith(('=', '+', '-', '@', '\t', '\r'))]
    texts = {row['text'] for row in rows}
    assert texts == {"'=1+1", "'+41 79", "'-5 degrees", "'@everyone look", "'\t=tab first",
                     "'\r=carriage return first"}
    assert {row['room'] for row in rows} == {"'-Topic starting with a minus"}
    assert {row['author'] for row in rows} == {'\'=HYPERLINK("http://x")', 'Anonymous'}


# unicode and control characters ---------------------------------------------------------------------------------

UNICODE = ('مرحبا بالجميع', '加强平台的儿童保护措施 🙂👍', 'שלום — الحماية أولاً 👩‍👩‍👧', 'ليلى حداد', '陈伟',
           'جامعة القاهرة', 'Ten minutes left ⏱')


@pytest.mark.parametrize('fmt', FORMATS)
def test_arabic_chinese_emoji_and_rtl_text_survive(rich: Rich, fmt: str) -> None:
    content = export(rich, fmt)
    text = docx_text(content) if fmt == 'docx' else content.decode('utf-8-sig')
    if fmt == 'json':
        text = json.dumps(json.loads(text), ensure_ascii=False)
    wanted = UNICODE if fmt != 'csv' else UNICODE[:5]  # the CSV holds posts and questions only
    for sample in wanted:
        assert sample in text, f'{sample!r} missing from {fmt}'


CONTROL = 'bell\x07 null\x00 escape\x1b vt\x0b ff\x0c nonchar\ufffe end'


def test_control_characters_do_not_break_any_format(world: World) -> None:
    """Input is cleaned of control characters now, but rows stored before that (or imported) still hold them."""
    issued = world.new_session()
    service, code = world.service, issued.code
    mod, rita = world.moderator(issued), world.rapporteur(issued)
    room = json_state(service, code)['rooms'][0]['id']
    person = world.participant(issued, name='Name Bell', group='academia')
    service.join_room(person, code, room)
    service.open_rooms(mod, code, 10)
    service.add_post(person, code, room, text='typed\x07 through the service')
    stored = CONTROL.replace('\x00', '') if service.engine.dialect.name == 'postgresql' else CONTROL  # PG refuses NUL
    with Session(service.engine) as db:
        session = repo.get_session_by_code(db=db, code=code)
        room_row = db.get(Room, uuid.UUID(room))
        participant = db.get(Participant, person.participant_id)
        assert session is not None and room_row is not None and participant is not None
        room_row.topic, participant.name = 'Topic\x07with bell', 'Name\x07Bell'
        db.add(Post(session_id=session.id, room_id=room_row.id, participant_id=participant.id, text=stored,
                    created_at=world.clock()))
        db.add(Post(session_id=session.id, participant_id=participant.id, text='question\x08backspace',
                    created_at=world.clock()))
        db.add(Broadcast(session_id=session.id, message='message\x1bescape', sent_by='Maya\x07',
                         created_at=world.clock()))
        db.add(Note(session_id=session.id, scope=f'room:{room}', author='Rita\x07', text='note\x01\x02 with\x0c ctl',
                    revision=1))
        db.add_all([room_row, participant])
        db.commit()
    files = {fmt: service.export(rita, code, fmt).content for fmt in FORMATS}  # none raises
    document = docx_text(files['docx'])
    assert 'bell null escape vt ff nonchar end' in document
    for cleaned in ('typed through the service', 'Topicwith bell', 'NameBell', 'questionbackspace', 'messageescape',
                    'Maya', 'note with ctl', 'Rita'):
        assert cleaned in document
    assert stored in [p['text'] for p in json.loads(files['json'])['rooms'][0]['posts']]
    assert stored in [row['text'] for row in csv_rows(files['csv'])]
    assert 'bell\x07 null' in files['md'].decode()


# what must not appear -------------------------------------------------------------------------------------------

def everything(content: bytes, fmt: str) -> str:
    if fmt == 'docx':
        return docx_text(content) + '\n' + docx_parts(content)
    return content.decode('utf-8-sig')


@pytest.mark.parametrize('anonymize', [False, True])
def test_hidden_posts_appear_in_no_format(rich: Rich, anonymize: bool) -> None:
    for fmt in FORMATS:
        text = everything(export(rich, fmt, anonymize=anonymize), fmt)
        for secret in (HIDDEN_TEXT, HIDDEN_QUESTION, rich.posts['hidden'], rich.posts['q_hidden']):
            assert secret not in text, f'{secret!r} in {fmt}'
    markdown = export(rich, 'md').decode()
    assert 'Hidden posts: 2\n\n- Off-topic advertising: 1\n- Personal attack: 1' in markdown
    assert 'Hidden posts: 2' in docx_text(export(rich, 'docx'))


@pytest.mark.parametrize('fmt', FORMATS)
def test_anonymize_removes_every_participant_and_staff_name(rich: Rich, fmt: str) -> None:
    text = everything(export(rich, fmt, anonymize=True), fmt)
    for name in (*PARTICIPANT_NAMES, *STAFF_NAMES):
        assert name not in text, f'{name!r} in the anonymised {fmt}'
    for group in ('Civil society', 'Government', 'Industry'):
        assert group in text


@pytest.mark.parametrize('fmt', FORMATS)
def test_without_anonymize_only_public_names_appear(rich: Rich, fmt: str) -> None:
    text = everything(export(rich, fmt), fmt)
    public = ['Amina Okafor', 'Bruno Keller', '陈伟'] + (['ليلى حداد'] if fmt != 'csv' else [])
    for name in public:
        assert name in text, f'{name!r} missing from {fmt}'
    for name in ('Kofi Mensah', 'Ezra Quietwood'):
        assert name not in text, f'{name!r} chose not to show their name but is in {fmt}'


@pytest.mark.parametrize('anonymize', [False, True])
@pytest.mark.parametrize('fmt', FORMATS)
def test_anonymous_posts_never_show_their_author(rich: Rich, fmt: str, anonymize: bool) -> None:
    content = export(rich, fmt, anonymize=anonymize)
    if fmt == 'json':
        report = json.loads(content)
        rows = [(p['author'], p['group']) for room in report['rooms'] for p in room['posts'] if p['text'] == ANON_TEXT]
        rows += [(q['author'], q['group']) for q in report['questions'] if q['text'] == ANON_QUESTION]
        assert rows == [('Anonymous', None), (None, None)]
    elif fmt == 'csv':
        rows = [(r['author'], r['group']) for r in csv_rows(content) if r['text'] in {ANON_TEXT, ANON_QUESTION}]
        assert rows == [('Anonymous', ''), ('Anonymous', '')]
    else:
        markdown = content.decode() if fmt == 'md' else None
        posts = md_room_posts(markdown) if markdown is not None else docx_room_posts(content)
        rows = [(r[3],) for topic in posts for r in posts[topic] if r[1] == ANON_TEXT]
        questions = (md_table(markdown, ['Question', 'Author', 'Votes', 'Answered']) if markdown is not None
                     else docx_table(content, ['Question', 'Author', 'Votes', 'Answered']))
        rows += [(q[1],) for q in questions if q[0] == ANON_QUESTION]
        assert rows == [('Anonymous',), ('Anonymous',)]


# an empty session -----------------------------------------------------------------------------------------------

def test_a_session_with_no_posts_gives_a_valid_report_in_every_format(world: World) -> None:
    issued = world.new_session()
    actor = world.rapporteur(issued)
    title = json_state(world.service, issued.code)['title']
    files = {fmt: world.service.export(actor, issued.code, fmt) for fmt in FORMATS}
    assert files['md'].content.decode().startswith(f'# {title}')
    assert '## Plenary Q&A' in files['md'].content.decode()
    document = Document(io.BytesIO(files['docx'].content))
    assert document.paragraphs[0].text == title
    rows = list(csv.reader(io.StringIO(files['csv'].content.decode('utf-8-sig'))))
    assert len(rows) == 1 and rows[0][:6] == ['room', 'kind', 'text', 'author', 'group', 'votes']
    report = json.loads(files['json'].content)
    assert [room['posts'] for room in report['rooms']] == [[], []]
    assert report['questions'] == [] and report['attendance']['total'] == 0
    assert report['moderation']['hidden_posts'] == 0


# files and formats ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(('fmt', 'media', 'ext'), [
    ('md', 'text/markdown; charset=utf-8', 'md'),
    ('docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'),
    ('csv', 'text/csv; charset=utf-8', 'csv'),
    ('json', 'application/json', 'json'),
])
def test_each_format_names_its_file_and_media_type(world: World, fmt: str, media: str, ext: str) -> None:
    issued = world.new_session()
    file = world.service.export(world.rapporteur(issued), issued.code, fmt)
    day = json_state(world.service, issued.code)['starts_at'][:10]
    assert (file.media_type, file.filename) == (media, f'{issued.code}-{day}-report.{ext}')


def test_parse_format_defaults_to_markdown_and_refuses_the_rest() -> None:
    assert parse_format(None) == ExportFormat.MARKDOWN
    assert parse_format('docx') == ExportFormat.DOCX
    assert parse_format('pdf') == ExportFormat.PDF
    for bad in ('DOCX', 'md ', 'xlsx'):
        with pytest.raises(InvalidInput) as caught:
            parse_format(bad)
        assert caught.value.code == 'unknown_format'

