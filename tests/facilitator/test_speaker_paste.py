"""Presenters pasted from a spreadsheet: tabs, semicolons or commas, with an optional header row."""

from facilitator.speaker_paste import parse_presenters
from tests.factories import World

from .test_speakers import speakers


def test_a_pasted_two_row_tsv_becomes_two_presenters_with_organisations_and_minutes(world: World) -> None:
    issued = world.new_session()
    tsv = 'Ana Lima\tMeta\tParental supervision tools\t5\nBo Chen\tTikTok\tFamily pairing\t7\n'
    assert world.service.add_speakers_from_text(world.moderator(issued), issued.code, tsv) == 2
    assert [(s['name'], s['organization'], s['title'], s['planned_seconds']) for s in speakers(world, issued.code)] \
        == [('Ana Lima', 'Meta', 'Parental supervision tools', 300), ('Bo Chen', 'TikTok', 'Family pairing', 420)]


def test_comma_separated_rows_and_a_header_row_are_understood() -> None:
    rows = parse_presenters('Name,Organisation,Title,Minutes\nAna Lima, Meta, Teen accounts, 5\n')
    assert [(r.line, r.presenter.name, r.presenter.organization, r.presenter.planned_seconds) for r in rows] == [
        (2, 'Ana Lima', 'Meta', 300)]
