"""One input model per command, validated once and shared by the pages and the API.

A field's rule lives in `input_rules.py`; a missing field says which one. Every failure is an `InvalidInput` (422)
with a sentence a person understands.
"""

from collections.abc import Mapping
from typing import Annotated, Any, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, model_validator

from db.enums import HandType, PostKind, QueueOrder, StakeholderGroup

from . import input_rules as rule
from . import validation as check
from .errors import InvalidInput
from .i18n import _


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
    seconds: Annotated[int, BeforeValidator(rule.extension)]
    """May be negative; at most eight hours either way."""


class ResetInput(CommandInput):
    clear_input: Annotated[bool, rule.flag('clear_input')] = False


class SpeakerRef(CommandInput):
    speaker_id: Annotated[str, BeforeValidator(rule.ident)]


class SpeakerMove(SpeakerRef):
    position: Annotated[int, BeforeValidator(rule.whole)]


class Switch(CommandInput):
    on: Annotated[bool, rule.flag('on')]


class QueueOrderInput(CommandInput):
    order: Annotated[QueueOrder, BeforeValidator(rule.queue_order)]


class HandTime(CommandInput):
    seconds: Annotated[int, BeforeValidator(rule.speaking_time)]


class RoomsOpening(CommandInput):
    minutes: Annotated[float | None, rule.optional(rule.minutes)] = None
    grace_seconds: Annotated[int | None, rule.optional(rule.grace)] = None


class ReportBack(CommandInput):
    room_index: Annotated[int | None, rule.optional(rule.room_index)] = None


class RoomSummary(CommandInput):
    """A rapporteur's short summary of a room; `ready` puts it on the stage in the report-back."""

    text: Annotated[str, BeforeValidator(rule.post_text)]
    ready: Annotated[bool, rule.flag('ready')] = True


class BroadcastInput(CommandInput):
    message: Annotated[str, BeforeValidator(rule.message)]


class FlashInput(CommandInput):
    message: Annotated[str, BeforeValidator(rule.flash_message)]


class SessionInput(CommandInput):
    """A new session: the template, and optionally its title, start (ISO 8601) and IANA time zone."""

    template: Annotated[str, BeforeValidator(rule.template)]
    title: Annotated[str | None, rule.optional(rule.text_or_none)] = None
    starts_at: Annotated[str | None, rule.optional(rule.text_or_none)] = None
    timezone: Annotated[str | None, rule.optional(rule.text_or_none)] = None
    series: object = None
    """the slug of the series the session belongs to (checked by the series rules)"""
    registration_required: object = None
    """true: only registrants' personal links let people in (checked by the series rules)"""


class JoinInput(CommandInput):
    name: Annotated[str, BeforeValidator(rule.person_name)]
    group: Annotated[StakeholderGroup, BeforeValidator(check.group)]
    organization: Annotated[str, BeforeValidator(rule.organization)] = ''
    show_name: Annotated[bool | None, rule.optional(rule.boolean('show_name'))] = None


class FloorPersonInput(JoinInput):
    """Someone in the room whom the floor manager puts in the speaker line: name, organisation, group."""

    type: Annotated[HandType, BeforeValidator(rule.hand_type)] = HandType.QUESTION


class HandInput(CommandInput):
    type: Annotated[HandType, BeforeValidator(rule.hand_type)] = HandType.QUESTION


class SpeakerInput(CommandInput):
    name: Annotated[str, BeforeValidator(rule.speaker_name)]
    organization: Annotated[str, BeforeValidator(rule.organization)] = ''
    title: Annotated[str, BeforeValidator(rule.talk_title)] = ''
    planned_seconds: Annotated[int | None, rule.optional(rule.planned)] = None


class SpeakerPatch(CommandInput):
    """Only the fields given change."""

    name: Annotated[str | None, rule.optional(rule.speaker_name)] = None
    organization: Annotated[str | None, rule.optional(rule.organization)] = None
    title: Annotated[str | None, rule.optional(rule.talk_title)] = None
    planned_seconds: Annotated[int | None, rule.optional(rule.planned)] = None


class QuestionInput(CommandInput):
    text: Annotated[str, BeforeValidator(rule.post_text)]
    anonymous: Annotated[bool, rule.flag('anonymous')] = False


class PostInput(QuestionInput):
    kind: Annotated[PostKind, BeforeValidator(rule.post_kind)] = PostKind.COMMENT


class PostEdit(CommandInput):
    text: Annotated[str, BeforeValidator(rule.post_text)]


class PostModeration(CommandInput):
    action: Annotated[str, BeforeValidator(rule.post_action)]
    tag: Annotated[str | None, rule.optional(rule.as_text)] = None
    """Checked by `tag` and `untag`; other actions ignore it."""
    reason: Annotated[str, BeforeValidator(rule.reason)] = ''

    @model_validator(mode='after')
    def _rules_of_the_action(self) -> Self:
        if self.action == 'hide' and not self.reason:
            raise InvalidInput(_('{field} must not be empty.').format(field=_('The reason')))
        if self.action in {'tag', 'untag'}:
            rule.tag(self.tag)
        return self

    @property
    def tag_name(self) -> str:
        """The tag of `tag` and `untag` (checked on parsing)."""
        return rule.tag(self.tag)


class ParticipantModeration(CommandInput):
    action: Annotated[str, BeforeValidator(rule.person_action)]
    name: Annotated[str | None, rule.optional(rule.optional_name)] = None
    """The new name: required by `rename`; `remove` needs none."""
    reason: Annotated[str, BeforeValidator(rule.reason)] = ''

    @model_validator(mode='after')
    def _renaming_needs_a_name(self) -> Self:
        if self.action == 'rename':
            rule.new_name(self.name)
        return self

    @property
    def new_name(self) -> str:
        """The new name of `rename` (checked on parsing)."""
        return rule.new_name(self.name)


class SeriesCreate(CommandInput):
    """A new series: the slug of its public page and its title are required; the series rules check them."""

    slug: Any
    title: Any


class RegistrationInput(CommandInput):
    """A registration for a session; the registration rules check each field (email, group, country, consent)."""

    name: Any
    email: Any
    group: Any
    country: Any
    organization: Any = ''
    consent: Any = False
    accessibility_note: Any = ''


class LinkInput(CommandInput):
    """A personal link's token, or a cancel link's key."""

    token: Annotated[str, BeforeValidator(rule.as_text)] = ''
    key: Annotated[str, BeforeValidator(rule.as_text)] = ''


class PollInput(CommandInput):
    """A new poll: `options` for choice polls only (2–10); `room_id` null for the plenary."""

    question: Annotated[str, BeforeValidator(rule.poll_question)]
    kind: Annotated[str, BeforeValidator(rule.poll_kind)] = 'choice'
    options: Annotated[list[str], BeforeValidator(rule.poll_options)] = []
    multiple: Annotated[bool, rule.flag('multiple')] = False
    room_id: Annotated[str | None, rule.optional(rule.ident)] = None

    @model_validator(mode='after')
    def _choice_needs_options(self) -> Self:
        if self.kind == 'choice' and len(self.options) < 2:
            raise InvalidInput(_('A choice poll needs at least two options.'), code='too_few_options')
        return self


class PollPatch(CommandInput):
    """A draft's changes: only the fields given change; `position` moves it among the polls."""

    question: Annotated[str | None, rule.optional(rule.poll_question)] = None
    options: Annotated[list[str] | None, rule.optional(rule.poll_options)] = None
    multiple: Annotated[bool | None, rule.optional(rule.boolean('multiple'))] = None
    position: Annotated[int | None, rule.optional(rule.whole)] = None


class PollRef(CommandInput):
    poll_id: Annotated[str, BeforeValidator(rule.ident)]


class PollAnswerInput(CommandInput):
    """Exactly one of: `choices` (option indexes), `value` (1–5) or `words` (1–3 phrases)."""

    choices: Annotated[list[int] | None, rule.optional(rule.choices)] = None
    value: Annotated[int | None, rule.optional(rule.scale_value)] = None
    words: Annotated[list[str] | None, rule.optional(rule.phrases)] = None

    @model_validator(mode='after')
    def _one_kind_of_answer(self) -> Self:
        if sum(v is not None for v in (self.choices, self.value, self.words)) != 1:
            raise InvalidInput(_('Answer with choices, a value or words.'), code='invalid_answer')
        return self


class BlockedWordInput(CommandInput):
    word: Annotated[str, BeforeValidator(rule.blocked_word)]


class CueInput(CommandInput):
    """A private cue to a presenter: a preset ("1 minute", "Wrap up please", "Louder", "Next slide") or free text."""

    message: Annotated[str, BeforeValidator(rule.flash_message)]


class CueRef(CommandInput):
    speaker_id: Annotated[str, BeforeValidator(rule.ident)]
    message: Annotated[str, BeforeValidator(rule.flash_message)]


class OutcomeInput(CommandInput):
    """Publish the session's outcome (`true`, again to refresh it) or withdraw it (`false`)."""

    published: Annotated[bool, rule.flag('published')]
