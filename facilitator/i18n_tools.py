"""Catalogue upkeep: `python -m facilitator.i18n_tools update|compile|check`.

- `update`: extract every `_()`/`ngettext()` message from facilitator/, ui/ and api/ into `locales/facilitator.pot`,
  then merge it into each language's `.po` (new messages arrive untranslated, gone ones are dropped).
- `compile`: build the `.mo` files (the app also does it on first use when one is missing or stale).
- `check`: list, per language, the messages still untranslated or with placeholders that do not match; exits 1
  if there are any. Run it after merging branches that added strings.
"""

import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from .i18n import DOMAIN, LANGUAGES, LOCALE_DIR, compile_po

ROOT = LOCALE_DIR.parent
SOURCES = ('facilitator', 'ui', 'api')
KEYWORDS = {'_': None, 'N_': None, 'ngettext': (1, 2)}
PLACEHOLDER = re.compile(r'\{[^{}]*\}')
TEMPLATE = LOCALE_DIR / f'{DOMAIN}.pot'
TRANSLATED = tuple(code for code in LANGUAGES if code != 'en')
"""English is the source language: its messages are the msgids themselves, so it has no catalogue."""
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
"""Every header keeps this date, so re-running `update` on unchanged code changes no file (no merge conflicts)."""


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / 'LC_MESSAGES' / f'{DOMAIN}.po'


def extract() -> Catalog:
    """Every message of the code, without source locations (they would turn each merge into a conflict)."""
    template = Catalog(project='facilitator', domain=DOMAIN, creation_date=FIXED_DATE)
    for folder in SOURCES:
        found = extract_from_dir(ROOT / folder, method_map=[('**.py', 'python')], keywords=KEYWORDS,
                                 comment_tags=('TRANSLATORS:',))
        for _filename, _lineno, message, comments, context in found:
            template.add(message, None, auto_comments=comments, context=context)
    return template


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open('rb') as handle:
        return read_po(handle, locale=locale)


def write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open('wb') as handle:
        write_po(handle, catalog, omit_header=False, no_location=True, sort_output=True, width=120)


def update() -> None:
    template = extract()
    write(TEMPLATE, template)
    for language in TRANSLATED:
        path = po_path(language)
        catalog = read(path, language) if path.exists() else Catalog(locale=language, domain=DOMAIN)
        catalog.update(template, update_header_comment=False, no_fuzzy_matching=True, update_creation_date=False)
        catalog.creation_date = catalog.revision_date = FIXED_DATE
        catalog.obsolete.clear()
        write(path, catalog)
    print(f'{len(template)} messages; now run: python -m facilitator.i18n_tools check')


def compile_all() -> None:
    for language in TRANSLATED:
        path = po_path(language)
        if path.exists():
            path.with_suffix('.mo').write_bytes(compile_po(path))


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def problems(language: str, template: Catalog | None = None) -> list[str]:
    """What is missing or wrong in one language's catalogue, against the code's messages."""
    template = template or extract()
    catalog = read(po_path(language), language) if po_path(language).exists() else Catalog(locale=language)
    found: list[str] = []
    for message in template:
        if not message.id:
            continue
        ids = [str(i) for i in (message.id if isinstance(message.id, (tuple, list)) else (message.id,))]
        entry = catalog.get(message.id, context=message.context)
        raw: Iterable[object] = ()
        if entry is not None and not entry.fuzzy:
            raw = entry.string if isinstance(entry.string, (tuple, list)) else (entry.string,)
        strings = [str(s) for s in raw if s]
        if language != 'en' and (not strings or (entry is not None and isinstance(message.id, tuple)
                                                 and len(strings) < catalog.num_plurals)):
            found.append(f'{language}: untranslated: {ids[0]!r}')
            continue
        for text in strings:
            if placeholders(text) not in (placeholders(ids[0]), placeholders(ids[-1])):
                found.append(f'{language}: placeholders differ: {ids[0]!r} -> {text!r}')
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else 'check'
    if command == 'update':
        update()
    elif command == 'compile':
        compile_all()
    elif command == 'check':
        template = extract()
        found = [line for language in LANGUAGES for line in problems(language, template)]
        print('\n'.join(found) or f'all {len(LANGUAGES)} catalogues complete ({len(template)} messages)')
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
