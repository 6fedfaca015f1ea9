"""The app's own words for stakeholder groups and for dates and numbers in the reader's language: one table
shared by the pages, the live components and the report (it used to be written twice, with different wording)."""

from datetime import date, datetime

from babel.dates import format_date, format_time
from babel.numbers import format_decimal

from .i18n import N_, _, babel_locale

GROUP_NAMES = {
    'government': N_('Government, policymakers and regulators'),
    'industry': N_('Industry'),
    'civil_society': N_('Civil society'),
    'academia': N_('Academia'),
    'international_organization': N_('International organisation'),
    'youth': N_('Youth'),
    'other': N_('Other'),
}
"""The full names, as a person chooses their group."""
GROUP_SHORT_NAMES = {**GROUP_NAMES, 'government': N_('Government')}
"""The same groups in the report's tables and counts, where the full name of the first would not fit."""

KIND_NAMES = {'risk': N_('Risk'), 'opportunity': N_('Opportunity'), 'solution': N_('Solution'),
              'question': N_('Question'), 'comment': N_('Comment')}
"""The kinds of a post."""
HAND_NAMES = {'question': N_('Question'), 'comment': N_('Comment'), 'reply': N_('Reply'),
              'point_of_order': N_('Point of order')}
"""The kinds of a raised hand."""
FORMAT_NAMES = {'md': N_('Markdown'), 'docx': N_('Word (DOCX)'), 'csv': N_('CSV (posts)'), 'json': N_('JSON')}
"""The report's formats (ui/components/export_panel.py translates its own copy of these through a variable)."""


def kind_name(key: str) -> str:
    return _(KIND_NAMES[key]) if key in KIND_NAMES else key


def group_name(key: str) -> str:
    return _(GROUP_NAMES[key]) if key in GROUP_NAMES else key


def group_short_name(key: str | None) -> str:
    """A group's short name in the current language; an unknown key is shown as it is, a missing one as Unknown."""
    if not key:
        return _('Unknown')
    return _(GROUP_SHORT_NAMES[key]) if key in GROUP_SHORT_NAMES else key


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
