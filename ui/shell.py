"""Shared page furniture: the frame, error notifications, identity and QR codes."""

from collections.abc import Callable
from typing import TypeVar

import segno
from nicegui import app, ui

from facilitator.errors import DomainError
from facilitator.i18n import _, render

from . import page_language

T = TypeVar('T')
PRIMARY = '#1d4ed8'


def frame(title: str, *, dark: bool = False) -> None:
    """Title, colours, the page's language (`<html lang dir>`, Quasar's pack) and the language picker."""
    page_language.apply()
    ui.page_title(f'{title} · facilitator' if title else 'facilitator')
    ui.colors(primary=PRIMARY, secondary='#334155', accent='#6d28d9', positive='#166534',
              negative='#b91c1c', warning='#92400e', info='#1e40af')
    if dark:
        ui.query('body').classes('stage-body')


def attempt(command: Callable[[], T]) -> T | None:
    """Run a command; a broken rule becomes a notification instead of an error page."""
    try:
        return command()
    except DomainError as error:
        ui.notify(render(error.message), type='negative', position='top', multi_line=True)
        return None


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
