"""Gettext per person. Catalogues live in `locales/<lang>/LC_MESSAGES/facilitator.po`; the `.mo` files are compiled
from them on first use (or by `python -m facilitator.i18n_tools compile`).

The language is never a process-wide switch. `_()` asks, in order:
1. the language pinned with `use_language()` (set per HTTP request by the language middleware, and by the
   export and the error edges);
2. the page's language, through a resolver the UI registers (event handlers and live updates run in the page's
   NiceGUI context, not in a request);
3. the server default (`FACILITATOR_LANGUAGE`).

`_()` returns a `Message`: a plain `str` in the current language that also remembers its msgid and the
parameters given to `.format()`, so a domain error raised in one language can be said again in the reader's.
"""

import gettext as _gettext
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

LOCALE_DIR = Path(__file__).resolve().parent.parent / 'locales'
DOMAIN = 'facilitator'
LANGUAGES = ('en', 'fr', 'es', 'ar', 'zh', 'ru')
"""The six official UN languages, in the UN's order after English."""
RTL = frozenset({'ar'})
PSEUDO = 'xx'
"""The pseudo-locale of the tests: every message wrapped in ⟦ ⟧. Offered only when FACILITATOR_PSEUDO_LOCALE=1."""
NATIVE_NAMES = {'en': 'English', 'fr': 'Français', 'es': 'Español', 'ar': 'العربية', 'zh': '中文', 'ru': 'Русский'}
BROWSER_LOCALES = {'en': 'en-GB', 'zh': 'zh-CN', PSEUDO: 'en-GB'}
"""BCP 47 tags for the browser (Intl) and Quasar's language packs, where they differ from the language code."""
BABEL_LOCALES = {'en': 'en_GB', 'zh': 'zh_Hans_CN', PSEUDO: 'en_GB'}

P = ParamSpec('P')
T = TypeVar('T')
_pinned: ContextVar[str | None] = ContextVar('facilitator_language', default=None)
_state: dict[str, Any] = {'default': 'en', 'resolver': None}  # set once at start-up by the composition root


def pseudo_enabled() -> bool:
    return os.environ.get('FACILITATOR_PSEUDO_LOCALE', '') == '1'


def supported(language: str | None) -> str | None:
    """The supported language code for `language` ('fr-CH' -> 'fr', 'zh-Hans-CN' -> 'zh'), or None."""
    if not language:
        return None
    code = language.strip().replace('_', '-').split('-')[0].lower()
    if code in LANGUAGES or (code == PSEUDO and pseudo_enabled()):
        return code
    return None


def negotiate(accept_language: str | None) -> str | None:
    """The best supported language of an `Accept-Language` header, by its q-values."""
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or '').split(',')):
        tag, _sep, params = part.strip().partition(';')
        quality = 1.0
        if params.strip().startswith('q='):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        code = supported(tag)
        if code and quality > 0:
            choices.append((-quality, index, code))
    return min(choices)[2] if choices else None


def set_language(language: str) -> None:
    """Set the server default, used when neither the request nor the page says otherwise (start-up only)."""
    _state['default'] = supported(language) or 'en'


def default_language() -> str:
    return str(_state['default'])


def set_language_resolver(resolver: Callable[[], str | None] | None) -> None:
    """Let the UI tell the language of the page whose handler or update is running (start-up only)."""
    _state['resolver'] = resolver


def current_language() -> str:
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    resolver = _state['resolver']
    if resolver is not None and (page := resolver()) is not None:
        return str(page)
    return default_language()


@contextmanager
def use_language(language: str | None) -> Iterator[str]:
    """Pin the language for the code inside (and the tasks it starts); None or unknown means the default."""
    code = supported(language) or default_language()
    token = _pinned.set(code)
    try:
        yield code
    finally:
        _pinned.reset(token)


def keeping_language(function: Callable[P, T]) -> Callable[P, T]:
    """`function`, to be run in the language current now, wherever it runs later: a thread of `run.io_bound` or
    `run_in_executor` starts with an empty context and no page, so it would otherwise speak the server default."""
    language = current_language()

    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        with use_language(language):
            return function(*args, **kwargs)
    return run


def browser_locale(language: str | None = None) -> str:
    code = language or current_language()
    return BROWSER_LOCALES.get(code, code)


def babel_locale(language: str | None = None) -> str:
    code = language or current_language()
    return BABEL_LOCALES.get(code, code)


def is_rtl(language: str | None = None) -> bool:
    return (language or current_language()) in RTL


class PseudoTranslations(_gettext.NullTranslations):
    """Wraps every message, so a test can see which visible text never went through `_()`."""

    def gettext(self, message: str) -> str:
        return f'⟦{message}⟧'

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return f'⟦{msgid1 if n == 1 else msgid2}⟧'


@cache
def catalogue(language: str) -> _gettext.NullTranslations:
    """The catalogue of one language, loaded once; the `.mo` is compiled from the `.po` if missing or stale."""
    if language == PSEUDO:
        return PseudoTranslations()
    po = LOCALE_DIR / language / 'LC_MESSAGES' / f'{DOMAIN}.po'
    if language == 'en' or not po.exists():
        return _gettext.NullTranslations()
    mo = po.with_suffix('.mo')
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        data = compile_po(po)
        try:
            partial = mo.with_suffix(f'.{os.getpid()}.tmp')
            partial.write_bytes(data)
            partial.replace(mo)  # atomic: a reader never sees half a file
        except OSError:  # a read-only install: keep it in memory
            return _gettext.GNUTranslations(BytesIO(data))
    with mo.open('rb') as handle:
        return _gettext.GNUTranslations(handle)


def compile_po(po: Path) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open('rb') as handle:
        catalog = read_po(handle)
    out = BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


class Message(str):
    """A translated message that remembers its msgid (and plural and parameters) to be said again in another
    language with `.in_language(language)`. Everything else treats it as the plain `str` it is."""

    msgid: str
    plural: str | None
    n: int | None
    args: tuple[Any, ...]
    kwargs: dict[str, Any] | None

    def __new__(cls, text: str, msgid: str | None = None, plural: str | None = None, n: int | None = None,
                args: tuple[Any, ...] = (), kwargs: dict[str, Any] | None = None) -> 'Message':
        made = super().__new__(cls, text)
        made.msgid, made.plural, made.n = text if msgid is None else msgid, plural, n
        made.args, made.kwargs = args, kwargs
        return made

    def __getnewargs__(self) -> tuple[Any, ...]:  # type: ignore[override]  # copy and pickle keep the msgid
        return str(self), self.msgid, self.plural, self.n, self.args, self.kwargs

    def format(self, *args: Any, **kwargs: Any) -> 'Message':  # type: ignore[override]
        return Message(str.format(self, *args, **kwargs), self.msgid, self.plural, self.n, args, kwargs)

    def in_language(self, language: str | None = None) -> str:
        cat = catalogue(language or current_language())
        text = cat.gettext(self.msgid) if self.plural is None else cat.ngettext(self.msgid, self.plural, self.n or 0)
        if self.kwargs is None and not self.args:
            return text
        kwargs = {key: render(value, language) for key, value in (self.kwargs or {}).items()}
        try:
            return text.format(*self.args, **kwargs)
        except (KeyError, IndexError, ValueError):  # a broken translation must not hide the error itself
            return str(self)


def _(message: str) -> str:
    """Translate a user-facing string into the current language."""
    return Message(catalogue(current_language()).gettext(message), message)


def N_(message: str) -> str:
    """Mark a message for extraction where it is translated later through a variable, as in `_(NAMES[key])`."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return Message(catalogue(current_language()).ngettext(singular, plural, n), singular, plural, n)


def render(text: str, language: str | None = None) -> str:
    """`text` in `language` (default: the current one) if it is a `Message`; any other text as it is."""
    return text.in_language(language) if isinstance(text, Message) else text
