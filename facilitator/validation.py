"""Input rules shared by the commands. Each failure is an `InvalidInput` with a human sentence."""

import math
import re
import unicodedata
from datetime import UTC, date, datetime, time
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from db.enums import StakeholderGroup

from .errors import InvalidInput
from .i18n import _

MAX_SEGMENT_SECONDS = 8 * 3600
MAX_SEGMENTS = 30


_CONTROL = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')


def strip_controls(value: str) -> str:
    """Drop control characters (NUL and friends) that no database or document should hold; keep tabs and newlines."""
    return _CONTROL.sub('', value)


_BIDI_CONTROLS = re.compile('[\u202a-\u202e\u2066-\u2069]')
_BLANK_LETTERS = frozenset('\u115f\u1160\u3164\uffa0\u2800')  # fillers and the blank braille cell: letters no one sees


def visible(value: str) -> bool:
    """Whether `value` holds a character a reader can see: not only spaces, zero-width or other format characters
    (U+200B, U+200C, U+200D, U+2060, U+FEFF and friends)."""
    return any(unicodedata.category(ch)[0] not in 'CZ' and ch not in _BLANK_LETTERS for ch in value)


def name(value: object, *, field: str, max_length: int = 80, required: bool = True) -> str:
    """A person's name or organisation: `text`, without the bidi overrides and isolates (U+202A-202E,
    U+2066-2069) that make a name read backwards or spill its direction into the text around it."""
    if isinstance(value, str):
        value = _BIDI_CONTROLS.sub('', value)
    return text(value, field=field, max_length=max_length, required=required)


def text(value: object, *, field: str, max_length: int, required: bool = True) -> str:
    """Trimmed text of 1..max_length characters (0.. when not required). Text with nothing visible is empty."""
    if value is None:
        value = ''
    if not isinstance(value, str):
        raise InvalidInput(_('{field} must be text.').format(field=field))
    value = strip_controls(value)
    cleaned = ' '.join(value.split()) if '\n' not in value else value.strip()
    if not visible(cleaned):
        cleaned = ''
    if required and not cleaned:
        raise InvalidInput(_('{field} must not be empty.').format(field=field))
    if len(cleaned) > max_length:
        raise InvalidInput(_('{field} must be at most {n} characters.').format(field=field, n=max_length))
    return cleaned


def seconds(value: object, *, field: str, allow_negative: bool = False) -> int:
    """A whole number of seconds within eight hours (non-zero)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(_('{field} must be a number of seconds.').format(field=field))
    if math.isnan(value) or math.isinf(value) or int(value) != value:
        raise InvalidInput(_('{field} must be a whole number of seconds.').format(field=field))
    number = int(value)
    if number == 0 or (number < 0 and not allow_negative):
        raise InvalidInput(_('{field} must be more than zero.').format(field=field))
    if abs(number) > MAX_SEGMENT_SECONDS:
        raise InvalidInput(_('{field} must be at most 8 hours.').format(field=field))
    return number


def group(value: object) -> StakeholderGroup:
    try:
        return StakeholderGroup(str(value))
    except ValueError:
        names = ', '.join(g.value for g in StakeholderGroup)
        raise InvalidInput(_('Unknown stakeholder group. Choose one of: {names}.').format(names=names)) from None


def timezone(value: object) -> str:
    if not isinstance(value, str) or not value or value not in _zones():
        raise InvalidInput(_('Unknown time zone. Use an IANA name such as Europe/Zurich.'))
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(_('Unknown time zone. Use an IANA name such as Europe/Zurich.')) from None
    return value


def aware(value: object) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace('Z', '+00:00'))
        except ValueError:
            raise InvalidInput(_('The start time must be an ISO 8601 date and time.')) from None
    if not isinstance(value, datetime):
        raise InvalidInput(_('The start time must be an ISO 8601 date and time.'))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        value = value.astimezone(UTC)
    except OverflowError:
        raise InvalidInput(_('The start time is out of range.')) from None
    if not 1970 <= value.year <= 9000:  # the agenda's end must still be a representable date
        raise InvalidInput(_('The start time is out of range.'))
    return value


def call_url(value: object) -> str:
    cleaned = text(value, field=_('The call link'), max_length=500, required=False)
    if not cleaned:
        return ''
    parsed = urlparse(cleaned)
    if parsed.scheme not in {'http', 'https'} or not parsed.netloc:
        raise InvalidInput(_('The call link must be a web address starting with https://.'))
    return cleaned


_ZONES: set[str] = set()


def _zones() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones())
    return _ZONES


def local_datetime(day: object, clock_time: object, zone: object) -> datetime:
    """A date and time as read on a clock in `zone`, in UTC."""
    tz = ZoneInfo(timezone(zone))
    try:
        parsed_day = date.fromisoformat(str(day))
        parsed_time = time.fromisoformat(str(clock_time))
    except ValueError:
        raise InvalidInput(_('Enter the date as YYYY-MM-DD and the time as HH:MM.')) from None
    return aware(datetime.combine(parsed_day, parsed_time, tzinfo=tz))


def zone_names() -> list[str]:
    return sorted(_zones())
