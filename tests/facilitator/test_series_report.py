"""The series report: the sessions of a series with attendance per group, and the solutions of all of them."""

import csv
import io
from datetime import timedelta

import pytest
from docx import Document

from db.enums import SolutionStatus
from facilitator.errors import Forbidden, InvalidInput
from facilitator.solution_inputs import SolutionPatch
from tests.factories import World

from .solution_helpers import SLUG, adopt, series_session, tagged_post

pytestmark = pytest.mark.timeout(60)


def two_sessions_with_solutions(world: World) -> None:
    first = series_session(world, title='Session 1')
    second = series_session(world, title='Session 2', starts_at=world.clock() + timedelta(days=30))
    one = adopt(world, tagged_post(world, first, 'Safety by design', voters=('youth',) * 3))
    adopt(world, tagged_post(world, second, '=Age checks that respect privacy'))
    world.service.update_solution(world.organizer, SLUG, one, SolutionPatch(owner='ITU',
                                                                            status=SolutionStatus.IN_PROGRESS))
    world.service.add_solution_note(world.moderator(second), SLUG, one, 'Toolkit drafted')


def test_the_csv_report_lists_both_sessions_and_the_solutions_of_both(world: World) -> None:
    two_sessions_with_solutions(world)
    file = world.service.series_report_file(world.organizer, SLUG, 'csv')
    assert file.filename == f'{SLUG}-2025-07-17-series-report.csv' and file.content.startswith('\ufeff'.encode())
    rows = list(csv.DictReader(io.StringIO(file.content.decode('utf-8-sig'))))
    sessions = [r for r in rows if r['section'] == 'session']
    solutions = {r['solution']: r for r in rows if r['section'] == 'solution'}
    assert [s['session'] for s in sessions] == ['Session 1', 'Session 2']
    assert sessions[0]['participants'] == '4' and sessions[0]['Youth'] == '3'  # the author and three voters
    assert set(solutions) == {'Safety by design', "'=Age checks that respect privacy"}  # formula neutralised
    done = solutions['Safety by design']
    assert (done['status'], done['owner'], done['session'], done['Youth']) == ('In progress', 'ITU', 'Session 1', '3')
    assert 'Moderator: Toolkit drafted' in done['notes']
    assert 'Nadia Author' not in file.content.decode('utf-8-sig')


def test_the_word_report_has_the_sessions_table_and_each_solution_with_its_notes(world: World) -> None:
    two_sessions_with_solutions(world)
    file = world.service.series_report_file(world.organizer, SLUG, 'docx')
    document = Document(io.BytesIO(file.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith('Heading')]
    assert 'Safety by design' in headings and '=Age checks that respect privacy' in headings
    sessions_table = document.tables[0]
    assert [row.cells[0].text for row in sessions_table.rows[1:]] == ['Session 1', 'Session 2']
    assert any('Toolkit drafted' in p.text for p in document.paragraphs)


def test_the_pdf_report_renders_the_same_document(world: World) -> None:
    two_sessions_with_solutions(world)
    file = world.service.series_report_file(world.organizer, SLUG, 'pdf')
    assert file.media_type == 'application/pdf' and file.content.startswith(b'%PDF')
    assert file.filename.endswith('-series-report.pdf')


def test_only_series_staff_get_the_report_and_an_unknown_format_is_refused(world: World) -> None:
    issued = series_session(world, title='Session 1')
    with pytest.raises(Forbidden):
        world.service.series_report(world.participant(issued), SLUG)
    with pytest.raises(InvalidInput):
        world.service.series_report_file(world.organizer, SLUG, 'xls')
