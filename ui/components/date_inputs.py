"""Date and time inputs that follow their own format label: YYYY-MM-DD and HH:MM in 24-hour time, whatever the
browser's locale (a native `type=date`/`type=time` input shows the browser's format, often 12-hour)."""

from nicegui import ui

from facilitator.i18n import _


def date_input(label: str, value: str) -> ui.input:
    """Typed as YYYY-MM-DD, or picked from a calendar that writes the same format."""
    field = ui.input(label, value=value, validation={_('Use YYYY-MM-DD'): lambda v: len(v or '') == 10}) \
        .props('outlined mask="####-##-##" fill-mask="_"')
    with field.add_slot('append'):
        ui.icon('event').classes('cursor-pointer').props('aria-hidden=true')
        with ui.menu() as menu:
            ui.date(mask='YYYY-MM-DD').bind_value(field).on_value_change(menu.close)
    return field


def time_input(label: str, value: str) -> ui.input:
    """Typed as HH:MM (24-hour), or picked from a 24-hour clock."""
    field = ui.input(label, value=value, validation={_('Use HH:MM, 24-hour'): lambda v: _valid_time(v or '')}) \
        .props('outlined mask="##:##" fill-mask="_"')
    with field.add_slot('append'):
        ui.icon('schedule').classes('cursor-pointer').props('aria-hidden=true')
        with ui.menu():
            ui.time(mask='HH:mm').props('format24h').bind_value(field)
    return field


def _valid_time(value: str) -> bool:
    hours, _sep, minutes = value.partition(':')
    return hours.isdigit() and minutes.isdigit() and 0 <= int(hours) < 24 and 0 <= int(minutes) < 60
