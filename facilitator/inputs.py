"""One input model per command, validated once and shared by the pages and the API.

Each field runs the same rule as `validation.py`, so a bad value is an `InvalidInput` (422) with the human sentence
and code it always had; a missing field says which one. Numbers are bounded before any arithmetic, so a 400-digit
integer is a 422 like any other out-of-range value.
"""

import uuid
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, model_validator

from db.enums import HandType, PostKind, StakeholderGroup

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


def _extension(value: object) -> int:
    return bounded_seconds(value, field=_('The extension'), allow_negative=True)


def _speaking_time(value: object) -> int:
    return bounded_seconds(value, field=_('The speaking time'))


def _planned(value: object) -> int:
    return bounded_seconds(value, field=_('The planned time'))


def _ident(value: object) -> str:
    """An id as text; unknown, foreign and malformed ids are a 404 when the command looks them up."""
    return str(value) if isinstance(value, str | uuid.UUID | int) and not isinstance(value, bool) else repr(value)


def _whole(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(_('The position must be a whole number.'), code='no_such_position')
    return value


def _minutes(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 480:
        raise InvalidInput(_('The minutes must be a number from 1 to 480.'))
    return float(value)


def _grace(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_GRACE_SECONDS:
        raise InvalidInput(_('The grace period must be 0 to 600 seconds.'))
    return value


def _room_index(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(_('There is no such room to report back.'), code='no_such_room')
    return value


def _message(value: object) -> str:
    return check.text(value, field=_('The message'), max_length=280)


def _hand_type(value: object) -> HandType:
    try:
        return HandType(str(value or 'question'))
    except ValueError:
        raise InvalidInput(_('Unknown hand type. Use question, comment, reply or point_of_order.')) from None


def _post_text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(_('Write something first (1 to 1,000 characters).'), code='empty_text')
    clean = check.strip_controls(value).strip()
    if not clean:
        raise InvalidInput(_('Write something first (1 to 1,000 characters).'), code='empty_text')
    if len(clean) > MAX_TEXT:
        raise InvalidInput(_('That is {n} characters; the limit is 1,000.').format(n=len(clean)),
                           code='text_too_long')
    return clean


def _post_kind(value: object) -> PostKind:
    try:
        return PostKind(str(value))
    except ValueError:
        raise InvalidInput(_('Unknown kind. Use risk, opportunity, solution, question or comment.')) from None


def _person_name(value: object) -> str:
    return check.text(value, field=_('Your name'), max_length=80)


def _speaker_name(value: object) -> str:
    return check.text(value, field=_('The name'), max_length=80)


def _organization(value: object) -> str:
    return check.text(value, field=_('The organisation'), max_length=120, required=False)


def _talk_title(value: object) -> str:
    return check.text(value, field=_('The talk title'), max_length=200, required=False)


def _reason(value: object) -> str:
    return check.text(value, field=_('The reason'), max_length=500, required=False)


def _post_action(value: object) -> str:
    if not isinstance(value, str) or value not in POST_ACTIONS:
        raise InvalidInput(_('Unknown action. Use one of: {names}.').format(names=', '.join(POST_ACTIONS)))
    return value


def _tag(value: object) -> str:
    if not isinstance(value, str) or value not in TAGS:
        raise InvalidInput(_('Unknown tag. Use key_takeaway or actionable_solution.'))
    return value


def _new_name(value: object) -> str:
    return check.text(value, field=_('The new name'), max_length=80)


def _person_action(value: object) -> str:
    if not isinstance(value, str) or value not in {'rename', 'remove'}:
        raise InvalidInput(_('Unknown action. Use rename or remove.'))
    return value


class CommandInput(BaseModel):
    """The body of one command. Fields it does not know (such as `action`) are ignored."""

    model_config = ConfigDict(frozen=True, extra='ignore')

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> Self:
        """Validate `data`; any failure is an InvalidInput (422) with a sentence a person understands."""
        try:
            return cls.model_validate(dict(data))
        except ValidationError as error:
            missing = [str(e['loc'][0]) for e in error.errors() if e['type'] == 'missing' and e['loc']]
            if missing:
                raise InvalidInput(_('Missing field: {names}.').format(names=', '.join(missing))) from None
            names = ', '.join(str(e['loc'][0]) for e in error.errors() if e['loc']) or cls.__name__
            raise InvalidInput(_('This value is not valid: {names}.').format(names=names)) from None


class NoInput(CommandInput):
    """An action without fields of its own."""


class Extension(CommandInput):
    seconds: Annotated[int, BeforeValidator(_extension)]
    """May be negative; at most eight hours either way."""


class ResetInput(CommandInput):
    clear_input: Annotated[bool, flag('clear_input')] = False


class SpeakerRef(CommandInput):
    speaker_id: Annotated[str, BeforeValidator(_ident)]


class SpeakerMove(SpeakerRef):
    position: Annotated[int, BeforeValidator(_whole)]


class Switch(CommandInput):
    on: Annotated[bool, flag('on')]


class HandTime(CommandInput):
    seconds: Annotated[int, BeforeValidator(_speaking_time)]


class RoomsOpening(CommandInput):
    minutes: Annotated[float | None, optional(_minutes)] = None
    grace_seconds: Annotated[int | None, optional(_grace)] = None


class ReportBack(CommandInput):
    room_index: Annotated[int | None, optional(_room_index)] = None


class BroadcastInput(CommandInput):
    message: Annotated[str, BeforeValidator(_message)]


def _template(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInput(_('The template must be the id of a template, as text.'))
    return value


def _text_or_none(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInput(_('{field} must be text.').format(field=_('This value')))
    return value


class SessionInput(CommandInput):
    """A new session: the template, and optionally its title, start (ISO 8601) and IANA time zone."""

    template: Annotated[str, BeforeValidator(_template)]
    title: Annotated[str | None, optional(_text_or_none)] = None
    starts_at: Annotated[str | None, optional(_text_or_none)] = None
    timezone: Annotated[str | None, optional(_text_or_none)] = None


class JoinInput(CommandInput):
    name: Annotated[str, BeforeValidator(_person_name)]
    group: Annotated[StakeholderGroup, BeforeValidator(check.group)]
    organization: Annotated[str, BeforeValidator(_organization)] = ''
    show_name: Annotated[bool | None, optional(boolean('show_name'))] = None


class HandInput(CommandInput):
    type: Annotated[HandType, BeforeValidator(_hand_type)] = HandType.QUESTION


class SpeakerInput(CommandInput):
    name: Annotated[str, BeforeValidator(_speaker_name)]
    organization: Annotated[str, BeforeValidator(_organization)] = ''
    title: Annotated[str, BeforeValidator(_talk_title)] = ''
    planned_seconds: Annotated[int | None, optional(_planned)] = None


class SpeakerPatch(CommandInput):
    """Only the fields given change."""

    name: Annotated[str | None, optional(_speaker_name)] = None
    organization: Annotated[str | None, optional(_organization)] = None
    title: Annotated[str | None, optional(_talk_title)] = None
    planned_seconds: Annotated[int | None, optional(_planned)] = None


class QuestionInput(CommandInput):
    text: Annotated[str, BeforeValidator(_post_text)]
    anonymous: Annotated[bool, flag('anonymous')] = False


class PostInput(QuestionInput):
    kind: Annotated[PostKind, BeforeValidator(_post_kind)] = PostKind.COMMENT


class PostEdit(CommandInput):
    text: Annotated[str, BeforeValidator(_post_text)]


class PostModeration(CommandInput):
    action: Annotated[str, BeforeValidator(_post_action)]
    tag: object = None
    """Checked only by `tag` and `untag` (`tag_name`); other actions ignore it."""
    reason: Annotated[str, BeforeValidator(_reason)] = ''

    @property
    def tag_name(self) -> str:
        return _tag(self.tag)

    @model_validator(mode='after')
    def _hiding_needs_a_reason(self) -> Self:
        if self.action == 'hide' and not self.reason:
            raise InvalidInput(_('{field} must not be empty.').format(field=_('The reason')))
        return self


class ParticipantModeration(CommandInput):
    action: Annotated[str, BeforeValidator(_person_action)]
    name: object = None
    """The new name, checked by `rename` (`new_name`); `remove` needs none."""
    reason: Annotated[str, BeforeValidator(_reason)] = ''

    @property
    def new_name(self) -> str:
        return _new_name(self.name)
