"""iCalendar events for a session: one stable UID per session, a SEQUENCE that grows with each reschedule."""

from dataclasses import dataclass
from datetime import datetime

import icalendar

PRODID = '-//facilitator//COP Industry Connect//EN'


@dataclass(frozen=True)
class CalendarEvent:
    """What a calendar needs to know of a session."""

    uid: str
    sequence: int
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str
    description: str
    url: str


def session_uid(session_id: object) -> str:
    """The UID never changes for a session, so calendars move the event instead of adding another."""
    return f'{session_id}@facilitator'


def to_ics(event: CalendarEvent, now: datetime, *, method: str = 'PUBLISH', organizer: str | None = None,
           attendee: tuple[str, str] | None = None) -> str:
    """One VEVENT in a VCALENDAR. `method` is PUBLISH (the public file), REQUEST (an invitation or its update)
    or CANCEL; `attendee` is (name, email) in a registrant's copy."""
    calendar = icalendar.Calendar()
    calendar.add('prodid', PRODID)
    calendar.add('version', '2.0')
    calendar.add('method', method)
    vevent = icalendar.Event()
    vevent.add('uid', event.uid)
    vevent.add('sequence', event.sequence)
    vevent.add('dtstamp', now)
    vevent.add('dtstart', event.starts_at)
    vevent.add('dtend', event.ends_at)
    vevent.add('summary', event.title)
    vevent.add('location', event.location)
    vevent.add('description', event.description)
    vevent.add('url', event.url)
    vevent.add('status', 'CANCELLED' if method == 'CANCEL' else 'CONFIRMED')
    if organizer:
        vevent.add('organizer', f'mailto:{organizer}')
    if attendee:
        name, email = attendee
        vevent.add('attendee', f'mailto:{email}', parameters={'CN': name, 'RSVP': 'FALSE', 'ROLE': 'REQ-PARTICIPANT'})
    calendar.add_component(vevent)
    return calendar.to_ical().decode()
