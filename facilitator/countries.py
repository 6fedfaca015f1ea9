"""The ISO 3166-1 country list of the registration form, and the email check."""

import re
from functools import cache

import pycountry

from .errors import InvalidInput
from .i18n import _

_EMAIL = re.compile(r'^[^@\s<>"(),;:\[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$')


@cache
def countries() -> dict[str, str]:
    """Alpha-2 code to English short name, sorted by name."""
    pairs = sorted(((c.alpha_2, getattr(c, 'common_name', c.name)) for c in pycountry.countries), key=lambda p: p[1])
    return dict(pairs)


def country(value: object) -> str:
    code = value.strip().upper() if isinstance(value, str) else ''
    if code not in countries():
        raise InvalidInput(_('Choose a country from the list (an ISO 3166 code such as CH).'), code='invalid_country')
    return code


def email(value: object) -> str:
    """A trimmed address that looks like one, in lower case."""
    text = value.strip() if isinstance(value, str) else ''
    if len(text) > 254 or not _EMAIL.match(text):
        raise InvalidInput(_('Enter an email address such as name@example.org.'), code='invalid_email')
    local, _at, domain = text.rpartition('@')
    return f'{local}@{domain}'.lower()  # one registration per address, whatever its case
