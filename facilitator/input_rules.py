"""The rules of single input fields, shared by the command models in `inputs.py`.

Each rule runs the same check as `validation.py` and raises its `InvalidInput` (422) with the human sentence and
code it always had; pydantic lets a non-ValueError exception through unchanged. Numbers are bounded before any
arithmetic, so a 400-digit integer is a 422 like any other out-of-range value.
"""

import uuid
from collections.abc import Callable
from typing import Any

from pydantic import BeforeValidator

from db.enums import HandType, PostKind, QueueOrder

from . import validation as check
from .errors import InvalidInput
from .i18n import _

Ident = str | uuid.UUID
"""The id of a row of the session, as a page or a path gives it; malformed ids are a 404 where they are looked up."""
MAX_TEXT = 1000
MAX_GRACE_SECONDS = 600
POST_ACTIONS = ('hide', 'unhide', 'pin', 'unpin', 'tag', 'untag', 'approve', 'answer', 'unanswer', 'spotlight',
                'unspotlight')
TAGS = ('key_takeaway', 'actionable_solution')


def bounded_seconds(value: object, *, field: str, allow_negative: bool = False) -> int:
    """`validation.seconds`, with huge integers refused before they reach float arithmetic."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > check.MAX_SEGMENT_SECONDS:
        raise InvalidInput(_('{field} must be at most 8 hours.').format(field=field))
    return check.seconds(value, field=field, allow_negative=allow_negative)


def boolean(name: str) -> Callable[[object], bool]:
    def parse(value: object) -> bool:
        if not isinstance(value, bool):
            raise InvalidInput(_('{field} must be true or false.').format(field=name))
        return value
    return parse


def flag(name: str) -> BeforeValidator:
    return BeforeValidator(boolean(name))


def optional(parse: Callable[[Any], Any]) -> BeforeValidator:
    """A field that may be left out or null; when given, `parse` checks it."""
    return BeforeValidator(lambda value: None if value is None else parse(value))


def extension(value: object) -> int:
    return bounded_seconds(value, field=_('The extension'), allow_negative=True)


def speaking_time(value: object) -> int:
    return bounded_seconds(value, field=_('The speaking time'))


def planned(value: object) -> int:
    return bounded_seconds(value, field=_('The planned time'))


def ident(value: object) -> str:
    """An id as text; unknown, foreign and malformed ids are a 404 when the command looks them up."""
    return str(value) if isinstance(value, str | uuid.UUID | int) and not isinstance(value, bool) else repr(value)


def whole(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(_('The position must be a whole number.'), code='no_such_position')
    return value


def minutes(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 480:
        raise InvalidInput(_('The minutes must be a number from 1 to 480.'))
    return float(value)


def grace(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_GRACE_SECONDS:
        raise InvalidInput(_('The grace period must be 0 to 600 seconds.'))
    return value


def room_index(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(_('There is no such room to report back.'), code='no_such_room')
    return value


def message(value: object) -> str:
    return check.text(value, field=_('The message'), max_length=280)


MAX_FLASH_LENGTH = 140


def flash_message(value: object) -> str:
    return check.text(value, field=_('The message'), max_length=MAX_FLASH_LENGTH)


def hand_type(value: object) -> HandType:
    try:
        return HandType(str(value or 'question'))
    except ValueError:
        raise InvalidInput(_('Unknown hand type. Use question, comment, reply or point_of_order.')) from None


def queue_order(value: object) -> QueueOrder:
    try:
        return QueueOrder(value) if isinstance(value, str) else QueueOrder('')
    except ValueError:
        raise InvalidInput(_('Unknown queue order. Use raised, fewest_contributions, least_time or '
                             'alternate_floor.'), code='unknown_queue_order') from None


def post_text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(_('Write something first (1 to 1,000 characters).'), code='empty_text')
    clean = check.strip_controls(value).strip()
    if not check.visible(clean):
        raise InvalidInput(_('Write something first (1 to 1,000 characters).'), code='empty_text')
    if len(clean) > MAX_TEXT:
        raise InvalidInput(_('That is {n} characters; the limit is 1,000.').format(n=len(clean)),
                           code='text_too_long')
    return clean


def post_kind(value: object) -> PostKind:
    try:
        return PostKind(str(value))
    except ValueError:
        raise InvalidInput(_('Unknown kind. Use risk, opportunity, solution, question or comment.')) from None


def person_name(value: object) -> str:
    return check.name(value, field=_('Your name'), max_length=80)


def speaker_name(value: object) -> str:
    return check.name(value, field=_('The name'), max_length=80)


def organization(value: object) -> str:
    return check.name(value, field=_('The organisation'), max_length=120, required=False)


def talk_title(value: object) -> str:
    return check.text(value, field=_('The talk title'), max_length=200, required=False)


def reason(value: object) -> str:
    return check.text(value, field=_('The reason'), max_length=500, required=False)


def post_action(value: object) -> str:
    if not isinstance(value, str) or value not in POST_ACTIONS:
        raise InvalidInput(_('Unknown action. Use one of: {names}.').format(names=', '.join(POST_ACTIONS)))
    return value


def tag(value: object) -> str:
    if not isinstance(value, str) or value not in TAGS:
        raise InvalidInput(_('Unknown tag. Use key_takeaway or actionable_solution.'))
    return value


def new_name(value: object) -> str:
    return check.name(value, field=_('The new name'), max_length=80)


def optional_name(value: object) -> str:
    return check.name(value, field=_('The new name'), max_length=80, required=False)


def as_text(value: object) -> str:
    """Any value as text, for a field that only some actions read (and check)."""
    return value if isinstance(value, str) else repr(value)


def person_action(value: object) -> str:
    if not isinstance(value, str) or value not in {'rename', 'remove'}:
        raise InvalidInput(_('Unknown action. Use rename or remove.'))
    return value


def template(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInput(_('The template must be the id of a template, as text.'))
    return value


def text_or_none(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInput(_('{field} must be text.').format(field=_('This value')))
    return value


# polls ---------------------------------------------------------------------------------------------------------------

MAX_POLL_OPTIONS = 10
MAX_PHRASES = 3
MAX_PHRASE = 30
SCALE = (1, 5)


def poll_question(value: object) -> str:
    return check.text(value, field=_('The question'), max_length=280)


def poll_kind(value: object) -> str:
    if not isinstance(value, str) or value not in {'choice', 'scale', 'words'}:
        raise InvalidInput(_('Unknown poll kind. Use choice, scale or words.'))
    return value


def poll_options(value: object) -> list[str]:
    if not isinstance(value, list) or len(value) > MAX_POLL_OPTIONS:
        raise InvalidInput(_('The options must be a list of at most {n}.').format(n=MAX_POLL_OPTIONS))
    return [check.text(option, field=_('An option'), max_length=80) for option in value]


def choices(value: object) -> list[int]:
    """Option indexes: whole numbers, none twice. Whether each exists is the poll's to say (422 too)."""
    if (not isinstance(value, list) or not value or len(value) > MAX_POLL_OPTIONS
            or any(isinstance(v, bool) or not isinstance(v, int) for v in value) or len(set(value)) != len(value)):
        raise InvalidInput(_('Choose one or more of the options.'), code='no_such_option')
    return value


def scale_value(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not SCALE[0] <= value <= SCALE[1]:
        raise InvalidInput(_('Choose a value from 1 to 5.'), code='no_such_option')
    return value


def phrases(value: object) -> list[str]:
    """1–3 phrases of up to 30 characters, normalised (NFC, lower case, single spaces); the same phrase twice counts
    once. Phrases are never split into words."""
    from .profanity import normalise
    if not isinstance(value, list) or not value or len(value) > MAX_PHRASES or not all(
            isinstance(v, str) for v in value):
        raise InvalidInput(_('Give one to three words or short phrases.'), code='invalid_words')
    clean = list(dict.fromkeys(normalise(v) for v in value))
    if not all(check.visible(v) for v in clean) or any(len(v) > MAX_PHRASE for v in clean):
        raise InvalidInput(_('Each word or phrase needs 1 to 30 characters.'), code='invalid_words')
    return clean


def blocked_word(value: object) -> str:
    from .profanity import normalise
    return normalise(check.text(value, field=_('The word'), max_length=MAX_PHRASE))
