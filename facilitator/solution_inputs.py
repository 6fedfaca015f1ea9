"""The input models of the solution commands, shared by the pages and the API (see `inputs.py`)."""

from typing import Annotated

from pydantic import BeforeValidator

from db.enums import SolutionStatus

from . import input_rules as rule
from . import validation as check
from .errors import InvalidInput
from .i18n import _
from .inputs import CommandInput


def owner_name(value: object) -> str:
    return check.name(value, field=_('The owner'), max_length=200, required=False)


def topic_name(value: object) -> str:
    return check.text(value, field=_('The topic'), max_length=200, required=False)


def status_code(value: object) -> SolutionStatus:
    if isinstance(value, str) and value in {s.value for s in SolutionStatus}:
        return SolutionStatus(value)
    raise InvalidInput(_('Unknown status. Use proposed, committed, in_progress or done.'), code='invalid_status')


class AdoptInput(CommandInput):
    """Adopt a session's post tagged as an actionable solution into its series' list."""

    post_id: Annotated[str, BeforeValidator(rule.ident)]


class SolutionInput(CommandInput):
    """A solution added by hand."""

    text: Annotated[str, BeforeValidator(rule.post_text)]
    topic: Annotated[str, BeforeValidator(topic_name)] = ''
    owner: Annotated[str, BeforeValidator(owner_name)] = ''


class SolutionPatch(CommandInput):
    """Only the fields given change."""

    text: Annotated[str | None, rule.optional(rule.post_text)] = None
    topic: Annotated[str | None, rule.optional(topic_name)] = None
    owner: Annotated[str | None, rule.optional(owner_name)] = None
    status: Annotated[SolutionStatus | None, rule.optional(status_code)] = None


class SolutionNoteInput(CommandInput):
    text: Annotated[str, BeforeValidator(rule.post_text)]
