"""Shared page furniture: the frame, error notifications, identity and QR codes."""

from collections.abc import Callable
from typing import ParamSpec, TypeVar

import segno
from nicegui import app, ui

from facilitator.errors import DatabaseBusy, DomainError
from facilitator.i18n import _, render
from facilitator.worker import run

from . import page_language

P = ParamSpec('P')
T = TypeVar('T')
PRIMARY = '#1d4ed8'
PAGE_TIMEOUT_S = 10.0
"""How long a page may take to build (NiceGUI's default is 3 s). Pages read through the worker pool, which a burst
of writes waiting on another process's lock can fill for a few seconds; a slow page beats an error page."""


def frame(title: str, *, dark: bool = False) -> None:
    """Title, colours, the page's language (`<html lang dir>`, Quasar's pack) and the language picker."""
    page_language.apply()
    ui.page_title(f'{title} · facilitator' if title else 'facilitator')
    ui.colors(primary=PRIMARY, secondary='#334155', accent='#6d28d9', positive='#166534',
              negative='#b91c1c', warning='#92400e', info='#1e40af')
    if dark:
        ui.query('body').classes('stage-body')


async def attempt(command: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T | None:
    """Run a command in the worker pool, off the event loop; a broken rule, or a database that cannot take the
    write ("Database busy: ..."), becomes a notification instead of an error page."""
    try:
        return await run(command, *args, **kwargs)
    except DomainError as error:
        refuse(error)
        return None


def refuse(error: DomainError) -> None:
    """Tell the person why their action was refused, in their language."""
    kind = 'warning' if isinstance(error, DatabaseBusy) else 'negative'
    ui.notify(render(error.message), type=kind, position='top', multi_line=True)


def browser_id() -> str:
    """NiceGUI's browser id, carried in a cookie signed with the storage secret."""
    return str(app.storage.browser['id'])


def qr_data_uri(url: str) -> str:
    return segno.make(url, error='m').svg_data_uri(scale=8, border=2)


def not_found(message: str | None = None) -> None:
    frame(_('No such session'))
    with ui.column().classes('page-wrap items-start gap-4'):
        ui.label(_('No such session')).classes('text-h4').props('role=heading aria-level=1')
        ui.label(message or _('There is no session with this code. Check the code or the link you were given.'))
        ui.link(_('Enter another code'), '/')
