"""The join form with its privacy notice."""

from collections.abc import Awaitable, Callable

from nicegui import ui

from facilitator.i18n import _

from ..labels import group_options


def privacy_notice(retention_days: int) -> None:
    """What is stored and for how long: the days are the server's `FACILITATOR_RETENTION_DAYS`."""
    with ui.expansion(_('Privacy: what we store'), icon='privacy_tip').classes('w-full').props('dense'):
        ui.markdown(_(
            '- **What is stored:** the name, organisation and stakeholder group you give here, and what you post '
            'or vote during the session.\n'
            '- **Who sees it:** the moderators and rapporteurs of this session. Others see your name on your input '
            'only if you choose to show it; otherwise they see your stakeholder group.\n'
            '- **The report** counts people by stakeholder group and lists organisations; its anonymised version '
            'names no person and no organisation.\n'
            '- **Deletion:** the organiser can delete the session with everything in it at any time; the server '
            'deletes it by itself {days} days after the session at the latest. Ask the organiser to delete your data '
            'earlier. If a moderator removes you, your name and organisation are erased at once.').format(
            days=retention_days))


def join_form(on_join: Callable[[str, str, str, bool], Awaitable[None]], *, retention_days: int) -> None:
    """Name, organisation, group and the "show my name" choice (off by default for youth)."""
    with ui.card().classes('w-full max-w-xl'):
        ui.label(_('Join the session')).classes('text-h5').props('role=heading aria-level=2')
        name = ui.input(_('Your name'), validation={_('Please enter your name'): lambda v: bool(v and v.strip()),
                                                   _('At most 80 characters'): lambda v: len(v or '') <= 80}) \
            .props('outlined autocomplete=name maxlength=80').classes('w-full').mark('join-name')
        org = ui.input(_('Organisation (optional)')).props('outlined autocomplete=organization maxlength=120') \
            .classes('w-full').mark('join-organization')
        group = ui.select(group_options(), label=_('Stakeholder group')).props('outlined') \
            .classes('w-full').mark('join-group')
        show = ui.checkbox(_('Show my name publicly on my input'), value=True).mark('join-show-name')
        group.on_value_change(lambda e: show.set_value(e.value != 'youth'))
        privacy_notice(retention_days)

        def submit() -> Awaitable[None] | None:  # the form as it is at the click
            if not group.value:  # the service's own message lists the stored codes, which are for the API
                ui.notify(_('Choose your stakeholder group.'), type='negative', position='top')
                return None
            return on_join(name.value or '', org.value or '', group.value or '', bool(show.value))

        name.on('keydown.enter', submit)
        ui.button(_('Join'), on_click=submit).props('color=primary unelevated').mark('join-submit')
