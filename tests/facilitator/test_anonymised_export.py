"""Anonymised exports carry no organisation names, in any format."""

import io
import zipfile

import pytest

from tests.factories import World

from .test_report import PEOPLE, rich_session


def _text(content: bytes, fmt: str) -> str:
    if fmt == 'docx':
        with zipfile.ZipFile(io.BytesIO(content)) as docx:
            return ' '.join(docx.read(name).decode(errors='replace') for name in docx.namelist()
                            if name.endswith('.xml'))
    return content.decode('utf-8-sig')


@pytest.mark.parametrize('fmt', ['md', 'csv', 'json', 'docx'])
def test_an_anonymised_export_names_no_organisation(world: World, fmt: str) -> None:
    rich = rich_session(world)
    organisations = {org for _name, _group, org, _show in PEOPLE if org} | {'Meta'}
    assert organisations
    plain = _text(world.service.export(rich.rita, rich.code, fmt).content, fmt)
    if fmt != 'csv':  # the csv holds posts only
        assert any(org in plain for org in organisations)  # the plain report does list them
    anonymised = _text(world.service.export(rich.rita, rich.code, fmt, anonymize=True).content, fmt)
    for org in organisations:
        assert org not in anonymised, (fmt, org)
