"""Gettext for every user-facing string. Catalogues live in `locales/<lang>/LC_MESSAGES/facilitator.mo`."""

import gettext as _gettext
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / 'locales'
DEFAULT_LANGUAGE = 'en'

_translation: _gettext.NullTranslations = _gettext.translation(
    'facilitator', localedir=LOCALE_DIR, languages=[DEFAULT_LANGUAGE], fallback=True,
)


def set_language(language: str) -> None:
    """Switch the process-wide catalogue (per-user languages come with the i18n work)."""
    global _translation  # noqa: PLW0603
    _translation = _gettext.translation('facilitator', localedir=LOCALE_DIR, languages=[language], fallback=True)


def _(message: str) -> str:
    """Translate a user-facing string."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)
