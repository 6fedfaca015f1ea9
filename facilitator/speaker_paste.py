"""Presenters pasted from a spreadsheet or typed: one a row, columns name, organisation, title and minutes,
separated by tabs (a spreadsheet's copy), semicolons or commas. The console previews the rows before adding."""

from dataclasses import dataclass

from .errors import InvalidInput
from .i18n import _
from .inputs import SpeakerInput

HEADER_NAMES = frozenset({'name', 'names', 'nom', 'nombre', 'speaker', 'presenter'})


@dataclass(frozen=True)
class PastedPresenter:
    line: int
    """the row's number as pasted (blank rows counted), for error messages"""
    presenter: SpeakerInput


def split_row(line: str) -> list[str]:
    """A row's cells: split on tabs when there are any, else on semicolons, else on commas."""
    separator = '\t' if '\t' in line else ';' if ';' in line else ','
    return [cell.strip() for cell in line.split(separator)]


def _minutes(cell: str, number: int) -> int | None:
    if not cell:
        return None
    try:
        return round(float(cell.replace(',', '.')) * 60)
    except (ValueError, OverflowError):  # 'ten', 'nan', 'inf', '1e400'
        raise InvalidInput(_('Line {n}: the minutes must be a number.').format(n=number)) from None


def parse_presenters(text: object) -> list[PastedPresenter]:
    """Every non-blank row as a presenter; a header row (Name, Organisation, ...) is skipped. All rows or an
    error naming the row (numbered as pasted, blank rows included)."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(_('Paste at least one line: Name; Organisation; Title; minutes.'))
    presenters: list[PastedPresenter] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [*split_row(line), '', '', '', '']
        if not presenters and cells[0].casefold() in HEADER_NAMES:
            continue
        try:
            presenter = SpeakerInput.parse({'name': cells[0], 'organization': cells[1], 'title': cells[2],
                                            'planned_seconds': _minutes(cells[3], number)})
        except InvalidInput as error:
            if error.message.startswith(_('Line {n}: ').format(n=number)):
                raise
            raise InvalidInput(_('Line {n}: {message}').format(n=number, message=error.message)) from None
        presenters.append(PastedPresenter(line=number, presenter=presenter))
    if not presenters:
        raise InvalidInput(_('Paste at least one line: Name; Organisation; Title; minutes.'))
    return presenters
