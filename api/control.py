"""The control actions of `POST /control`, by name: each is an input model and a handler.

Stream decks, the API and the tests call these. The role is checked before the body is read, then the body is
validated once by the action's model, then the service command runs its pipeline (role, version, state rules).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from facilitator.actors import MODERATION, Actor
from facilitator.errors import InvalidInput
from facilitator.i18n import _
from facilitator.inputs import (
    BroadcastInput,
    CommandInput,
    CueRef,
    Extension,
    FlashInput,
    HandTime,
    NoInput,
    PollRef,
    ReportBack,
    ResetInput,
    RoomsOpening,
    SpeakerMove,
    SpeakerRef,
    Switch,
)
from facilitator.pipeline import require_role
from facilitator.service import FacilitatorService
from facilitator.snapshot import SessionState

Service = FacilitatorService
Handler = Callable[[Service, Actor, str, Any, int | None], object]
"""(service, actor, code, the validated body, expected_version)"""


@dataclass(frozen=True)
class Control:
    model: type[CommandInput]
    handler: Handler
    relative: bool = False
    """Relative actions add to what is there (extend); all others are absolute (see README, API)."""


def _plain(command: Callable[..., object]) -> Handler:
    """A handler for a command that takes no body: `command(actor, code, expected_version=v)`."""

    def handle(service: Service, actor: Actor, code: str, body: NoInput, version: int | None) -> object:
        return command(service, actor, code, expected_version=version)

    handle.__name__ = command.__name__
    return handle


def _shown(shown: bool) -> Handler:
    def join_slide(service: Service, actor: Actor, code: str, body: NoInput, version: int | None) -> None:
        service.show_join_slide(actor, code, shown, expected_version=version)
    return join_slide


def _hands(is_open: bool) -> Handler:
    def hands(service: Service, actor: Actor, code: str, body: NoInput, version: int | None) -> None:
        service.set_hands(actor, code, is_open, expected_version=version)
    return hands


def _questions(is_open: bool) -> Handler:
    def questions(service: Service, actor: Actor, code: str, body: NoInput, version: int | None) -> None:
        service.set_questions_open(actor, code, is_open, expected_version=version)
    return questions


def _extend(service: Service, actor: Actor, code: str, body: Extension, version: int | None) -> None:
    service.extend_segment(actor, code, body.seconds, expected_version=version)


def _reset(service: Service, actor: Actor, code: str, body: ResetInput, version: int | None) -> None:
    service.reset_session(actor, code, clear_input=body.clear_input, expected_version=version)


def _skip(service: Service, actor: Actor, code: str, body: SpeakerRef, version: int | None) -> None:
    service.skip_speaker(actor, code, body.speaker_id, expected_version=version)


def _restore(service: Service, actor: Actor, code: str, body: SpeakerRef, version: int | None) -> None:
    service.restore_speaker(actor, code, body.speaker_id, expected_version=version)


def _call(service: Service, actor: Actor, code: str, body: SpeakerRef, version: int | None) -> None:
    service.call_speaker(actor, code, body.speaker_id, expected_version=version)


def _move(service: Service, actor: Actor, code: str, body: SpeakerMove, version: int | None) -> None:
    service.move_speaker(actor, code, body.speaker_id, body.position, expected_version=version)


def _extend_speaker(service: Service, actor: Actor, code: str, body: Extension, version: int | None) -> None:
    service.extend_speaker(actor, code, body.seconds, expected_version=version)


def _fair_order(service: Service, actor: Actor, code: str, body: Switch, version: int | None) -> None:
    service.set_fair_order(actor, code, body.on, expected_version=version)


def _hands_carry_over(service: Service, actor: Actor, code: str, body: Switch, version: int | None) -> None:
    service.set_hands_carry_over(actor, code, body.on, expected_version=version)


def _hand_time(service: Service, actor: Actor, code: str, body: HandTime, version: int | None) -> None:
    service.set_hand_seconds(actor, code, body.seconds, expected_version=version)


def _open_rooms(service: Service, actor: Actor, code: str, body: RoomsOpening, version: int | None) -> None:
    service.open_rooms(actor, code, body.minutes, grace_seconds=body.grace_seconds, expected_version=version)


def _extend_rooms(service: Service, actor: Actor, code: str, body: Extension, version: int | None) -> None:
    service.extend_rooms(actor, code, body.seconds, expected_version=version)


def _report_back(service: Service, actor: Actor, code: str, body: ReportBack, version: int | None) -> None:
    service.report_back(actor, code, body.room_index, expected_version=version)


def _room_switching(service: Service, actor: Actor, code: str, body: Switch, version: int | None) -> None:
    service.set_room_switching(actor, code, body.on, expected_version=version)


def _auto_balance(service: Service, actor: Actor, code: str, body: NoInput, version: int | None) -> None:
    service.auto_balance(actor, code, expected_version=version)


def _broadcast(service: Service, actor: Actor, code: str, body: BroadcastInput, version: int | None) -> None:
    service.broadcast(actor, code, body.message, expected_version=version)


def _flash(service: Service, actor: Actor, code: str, body: FlashInput, version: int | None) -> None:
    service.flash(actor, code, body.message, expected_version=version)


def _pre_moderation(service: Service, actor: Actor, code: str, body: Switch, version: int | None) -> None:
    service.set_pre_moderation(actor, code, body.on, expected_version=version)


def _poll(command: Callable[..., object]) -> Handler:
    """A handler for a poll action: `command(actor, code, poll_id, expected_version=v)`."""

    def handle(service: Service, actor: Actor, code: str, body: PollRef, version: int | None) -> object:
        return command(service, actor, code, body.poll_id, expected_version=version)

    handle.__name__ = command.__name__
    return handle


def _poll_results(shown: bool) -> Handler:
    def results(service: Service, actor: Actor, code: str, body: PollRef, version: int | None) -> None:
        service.set_poll_results(actor, code, body.poll_id, shown, expected_version=version)
    return results


def _cue(service: Service, actor: Actor, code: str, body: CueRef, version: int | None) -> None:
    service.cue_speaker(actor, code, body.speaker_id, body.message, expected_version=version)


ACTIONS: dict[str, Control] = {
    # the timer
    'start': Control(NoInput, _plain(Service.start_segment)),
    'pause': Control(NoInput, _plain(Service.pause_segment)),
    'resume': Control(NoInput, _plain(Service.resume_segment)),
    'next': Control(NoInput, _plain(Service.next_segment)),
    'previous': Control(NoInput, _plain(Service.previous_segment)),
    'extend': Control(Extension, _extend, relative=True),
    'undo': Control(NoInput, _plain(Service.undo_timer)),
    'end_session': Control(NoInput, _plain(Service.end_session)),
    'reset': Control(ResetInput, _reset),
    'show_join_slide': Control(NoInput, _shown(True)),
    'hide_join_slide': Control(NoInput, _shown(False)),
    # the speaker queue and hands
    'next_speaker': Control(NoInput, _plain(Service.next_speaker)),
    'finish_speaker': Control(NoInput, _plain(Service.finish_speaker)),
    'skip_speaker': Control(SpeakerRef, _skip),
    'restore_speaker': Control(SpeakerRef, _restore),
    'call_speaker': Control(SpeakerRef, _call),
    'move_speaker': Control(SpeakerMove, _move),
    'extend_speaker': Control(Extension, _extend_speaker, relative=True),
    'open_hands': Control(NoInput, _hands(True)),
    'close_hands': Control(NoInput, _hands(False)),
    'fair_order': Control(Switch, _fair_order),
    'hand_time': Control(HandTime, _hand_time),
    'hands_carry_over': Control(Switch, _hands_carry_over),
    # rooms, broadcasts and Q&A
    'open_rooms': Control(RoomsOpening, _open_rooms),
    'extend_rooms': Control(Extension, _extend_rooms, relative=True),
    'close_rooms': Control(NoInput, _plain(Service.close_rooms)),
    'report_back': Control(ReportBack, _report_back),
    'room_switching': Control(Switch, _room_switching),
    'auto_balance': Control(NoInput, _auto_balance),
    'broadcast': Control(BroadcastInput, _broadcast),
    'clear_broadcast': Control(NoInput, _plain(Service.clear_broadcast)),
    'open_questions': Control(NoInput, _questions(True)),
    'close_questions': Control(NoInput, _questions(False)),
    'pre_moderation': Control(Switch, _pre_moderation),
    # the stage
    'flash': Control(FlashInput, _flash),
    'clear_flash': Control(NoInput, _plain(Service.clear_flash)),
    # polls
    'open_poll': Control(PollRef, _poll(Service.open_poll)),
    'close_poll': Control(PollRef, _poll(Service.close_poll)),
    'show_poll_results': Control(PollRef, _poll_results(True)),
    'hide_poll_results': Control(PollRef, _poll_results(False)),
    # presenters
    'cue_speaker': Control(CueRef, _cue),
}


def run_control(service: FacilitatorService, actor: Actor, code: str, body: dict[str, Any]) -> SessionState:
    """Run one control action and return the new state."""
    action = body.get('action')
    if not isinstance(action, str) or action not in ACTIONS:
        raise InvalidInput(_('Unknown action. Use one of: {names}.').format(names=', '.join(ACTIONS)))
    expected = body.get('expected_version')
    if expected is not None and (isinstance(expected, bool) or not isinstance(expected, int)):
        raise InvalidInput(_('expected_version must be a whole number.'))
    require_role(actor, MODERATION)  # before the body: a participant gets 403 whatever they send
    control = ACTIONS[action]
    control.handler(service, actor, code, control.model.parse(body), expected)
    return service.state(code)
