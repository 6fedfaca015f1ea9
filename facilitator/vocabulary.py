"""Dates, times and numbers in the reader's language, and the words for codes in the current language. The names
themselves live in the one label table, `labels.py`."""

from datetime import date, datetime

from babel.dates import format_date, format_time
from babel.numbers import format_decimal

from .i18n import N_, _, babel_locale
from .labels import BREAKDOWN_NAMES, GROUP_NAMES, GROUP_SHORT_NAMES, HAND_NAMES, KIND_NAMES

__all__ = ['GROUP_NAMES', 'GROUP_SHORT_NAMES', 'HAND_NAMES', 'KIND_NAMES', 'group_name', 'group_short_name',
           'kind_name', 'long_date', 'number', 'short_datetime']

FORMAT_NAMES = {'md': N_('Markdown'), 'docx': N_('Word (DOCX)'), 'pdf': N_('PDF'), 'csv': N_('CSV (posts)'),
                'json': N_('JSON')}
"""The report's formats (ui/components/export_panel.py translates its own copy of these through a variable)."""


def kind_name(key: str) -> str:
    return _(KIND_NAMES[key]) if key in KIND_NAMES else key


def group_name(key: str) -> str:
    return _(GROUP_NAMES[key]) if key in GROUP_NAMES else key


def group_short_name(key: str | None) -> str:
    """A group's short name in the current language ("Smaller groups" for merged ones); an unknown key is shown as
    it is, a missing one as Unknown."""
    if not key:
        return _('Unknown')
    return _(BREAKDOWN_NAMES[key]) if key in BREAKDOWN_NAMES else key


def long_date(value: str | date) -> str:
    """'12 March 2026', '12 mars 2026', '2026年3月12日'… from an ISO date."""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return format_date(day, format='long', locale=babel_locale())


def short_datetime(moment: datetime) -> str:
    """'17 Jul 2025, 14:00', '17 juil. 2025, 14:00', '2025年7月17日 14:00'… in the moment's own zone."""
    locale = babel_locale()
    day = format_date(moment, 'medium', locale=locale)
    return f"{day} {format_time(moment, 'HH:mm', tzinfo=moment.tzinfo, locale=locale)}"


def number(value: int | float) -> str:
    return format_decimal(value, locale=babel_locale())
