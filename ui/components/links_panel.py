"""Links and QR codes: the participant and stage links always, staff links only once when issued."""

from typing import Any

from nicegui import ui

from facilitator.i18n import _
from facilitator.snapshot import SessionState

from ..shell import qr_data_uri


def link_row(label: str, url: str, mark: str) -> None:
    with ui.row().classes('items-center gap-2 w-full no-wrap'):
        ui.input(label, value=url).props('outlined dense readonly').classes('grow').mark(mark)
        ui.button(icon='content_copy', on_click=lambda: (ui.clipboard.write(url), ui.notify(_('Copied')))) \
            .props(f'flat round aria-label="{_("Copy")} {label}"')


def public_links(state: SessionState, stage_url: str) -> None:
    with ui.row().classes('gap-4 items-start w-full'):
        ui.image(qr_data_uri(state.join_url)).classes('w-40 h-40').props(
            f'alt="{_("QR code for the participant link")}"')
        with ui.column().classes('grow gap-2'):
            ui.label(_('Join code: {code}').format(code=state.code)).classes('text-h6')
            link_row(_('Participant link'), state.join_url, 'participant-url')
            link_row(_('Stage screen link'), stage_url, 'stage-url')


def show_issued_links(issued: dict[str, Any], *, then: str | None = None) -> None:
    """The moderator and rapporteur links are shown once: only their hashes are kept."""
    urls = issued['urls']
    with ui.dialog().props('persistent') as dialog, ui.card().classes('w-full max-w-3xl'):
        ui.label(_('Links for {title}').format(title=issued['title'])).classes('text-h6')
        ui.label(_('Copy the moderator and rapporteur links now. They are shown only once; '
                   '"Regenerate links" issues new ones and stops the old ones.')).classes('text-negative')
        link_row(_('Moderator link'), urls['moderator'], 'moderator-url')
        link_row(_('Rapporteur link'), urls['rapporteur'], 'rapporteur-url')
        link_row(_('Participant link'), urls['participant'], 'issued-participant-url')
        link_row(_('Stage screen link'), urls['stage'], 'issued-stage-url')

        def close() -> None:
            dialog.close()
            if then:
                ui.navigate.to(then)

        ui.button(_('I have saved the links'), on_click=close).props('unelevated').mark('links-saved')
    dialog.open()
