"""Each page's language: fixed when the page is built, used by its event handlers and live updates, and chosen
with a picker on every page.

The language middleware has already pinned the request's language when a page function runs. `apply()` (called by
`shell.frame()`, which every page calls first) stores it on the NiceGUI client, gives the page its own Quasar
language pack and `<html lang dir>`, and adds the picker. Later, handlers and live updates run inside the page's
slot, not inside a request: `page_language()` finds the client from the slot and tells `_()` its language.
"""

import copy
import json
from collections.abc import Callable
from functools import cache
from typing import Any, cast

from nicegui import ui
from nicegui.language import Language
from nicegui.slot import Slot, get_task_id

from facilitator.i18n import (
    LANGUAGES,
    NATIVE_NAMES,
    PSEUDO,
    _,
    browser_locale,
    current_language,
    is_rtl,
    pseudo_enabled,
    set_language_resolver,
    supported,
    use_language,
)

KEY = 'facilitator_language'


def page_language() -> str | None:
    """The language of the page whose handler or update is running, if any (cheap: no slot stack is created)."""
    stack = Slot.stacks.get(get_task_id())
    if not stack:
        return None
    try:
        client = stack[-1].parent.client
    except RuntimeError:  # the slot's element is gone
        return None
    language = client.storage.get(KEY)
    return language if isinstance(language, str) else None


def install() -> None:
    """Let `_()` follow the page (start-up only)."""
    set_language_resolver(page_language)


def apply() -> str:
    """Fix this page's language, its `<html lang dir>` and Quasar pack, and add the language picker."""
    client = ui.context.client
    if isinstance(client.storage.get(KEY), str):  # frame() called twice (a page, then its refusal): once is enough
        return str(client.storage[KEY])
    code = current_language()
    client.storage[KEY] = code
    page = copy.copy(client.page)  # NiceGUI's page object is shared by every client of the route
    page.language = cast(Language, browser_locale(code))
    client.page = page
    if is_rtl(code):  # Quasar sets dir="rtl" from the Arabic pack when it starts; this avoids a flash before
        ui.add_head_html('<script>document.documentElement.dir = "rtl";</script>')
    picker(code)
    return code


def choices() -> dict[str, str]:
    names = {code: NATIVE_NAMES[code] for code in LANGUAGES}
    return {**names, PSEUDO: '⟦pseudo⟧'} if pseudo_enabled() else names


def picker(code: str) -> None:
    """A select with each language in its own name; choosing one reloads the page with `?lang=`, remembered."""

    def choose(value: Any) -> None:
        chosen = supported(str(value))
        if chosen and chosen != code:
            ui.run_javascript('const u = new URL(window.location.href); '
                              f'u.searchParams.set("lang", {json.dumps(chosen)}); window.location.assign(u.href);')

    with ui.element('div').classes('lang-picker'):
        ui.select(choices(), value=code, label=_('Language'), on_change=lambda e: choose(e.value)) \
            .props('dense outlined options-dense').mark('language-picker')


@cache
def _labels_json(builder: Callable[[], object], language: str) -> str:
    with use_language(language):
        return json.dumps(builder()).replace('</', '<\\/')


def labels_json(builder: Callable[[], object]) -> str:
    """The browser labels of `builder` in the current language, serialised once per language and reused by every
    page in that language (the labels are our own words, never user input)."""
    return _labels_json(builder, current_language())
