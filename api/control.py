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
    QueueOrderInput,
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


def _handler(command: Callable[..., object], *spec: str | bool, **named: str) -> Handler:
    """A named handler: `command(actor, code, *args, **kwargs, expected_version=v)`, where each of `spec` is a field
    of the validated body (a name) or a fixed value (True/False), and `named` maps keyword arguments to fields."""

    def handle(service: Service, actor: Actor, code: str, body: CommandInput, version: int | None) -> object:
        args = [getattr(body, item) if isinstance(item, str) else item for item in spec]
        kwargs = {keyword: getattr(body, field) for keyword, field in named.items()}
        return command(service, actor, code, *args, **kwargs, expected_version=version)

    handle.__name__ = command.__name__
    return handle


ACTIONS: dict[str, Control] = {
    # the timer
    'start': Control(NoInput, _handler(Service.start_segment)),
    'pause': Control(NoInput, _handler(Service.pause_segment)),
    'resume': Control(NoInput, _handler(Service.resume_segment)),
    'next': Control(NoInput, _handler(Service.next_segment)),
    'previous': Control(NoInput, _handler(Service.previous_segment)),
    'extend': Control(Extension, _handler(Service.extend_segment, 'seconds'), relative=True),
    'undo': Control(NoInput, _handler(Service.undo_timer)),
    'end_session': Control(NoInput, _handler(Service.end_session)),
    'reset': Control(ResetInput, _handler(Service.reset_session, clear_input='clear_input')),
    'show_join_slide': Control(NoInput, _handler(Service.show_join_slide, True)),
    'hide_join_slide': Control(NoInput, _handler(Service.show_join_slide, False)),
    # the speaker queue and hands
    'next_speaker': Control(NoInput, _handler(Service.next_speaker)),
    'finish_speaker': Control(NoInput, _handler(Service.finish_speaker)),
    'skip_speaker': Control(SpeakerRef, _handler(Service.skip_speaker, 'speaker_id')),
    'restore_speaker': Control(SpeakerRef, _handler(Service.restore_speaker, 'speaker_id')),
    'call_speaker': Control(SpeakerRef, _handler(Service.call_speaker, 'speaker_id')),
    'move_speaker': Control(SpeakerMove, _handler(Service.move_speaker, 'speaker_id', 'position')),
    'extend_speaker': Control(Extension, _handler(Service.extend_speaker, 'seconds'), relative=True),
    'open_hands': Control(NoInput, _handler(Service.set_hands, True)),
    'close_hands': Control(NoInput, _handler(Service.set_hands, False)),
    'queue_order': Control(QueueOrderInput, _handler(Service.set_queue_order, 'order')),
    'fair_order': Control(Switch, _handler(Service.set_fair_order, 'on')),  # the former switch: fewest_contributions
    'hand_time': Control(HandTime, _handler(Service.set_hand_seconds, 'seconds')),
    'hands_carry_over': Control(Switch, _handler(Service.set_hands_carry_over, 'on')),
    # rooms, broadcasts and Q&A
    'open_rooms': Control(RoomsOpening, _handler(Service.open_rooms, 'minutes', grace_seconds='grace_seconds')),
    'extend_rooms': Control(Extension, _handler(Service.extend_rooms, 'seconds'), relative=True),
    'close_rooms': Control(NoInput, _handler(Service.close_rooms)),
    'report_back': Control(ReportBack, _handler(Service.report_back, 'room_index')),
    'room_switching': Control(Switch, _handler(Service.set_room_switching, 'on')),
    'auto_balance': Control(NoInput, _handler(Service.auto_balance)),
    'broadcast': Control(BroadcastInput, _handler(Service.broadcast, 'message')),
    'clear_broadcast': Control(NoInput, _handler(Service.clear_broadcast)),
    'open_questions': Control(NoInput, _handler(Service.set_questions_open, True)),
    'close_questions': Control(NoInput, _handler(Service.set_questions_open, False)),
    'pre_moderation': Control(Switch, _handler(Service.set_pre_moderation, 'on')),
    # the stage
    'flash': Control(FlashInput, _handler(Service.flash, 'message')),
    'clear_flash': Control(NoInput, _handler(Service.clear_flash)),
    # polls
    'open_poll': Control(PollRef, _handler(Service.open_poll, 'poll_id')),
    'close_poll': Control(PollRef, _handler(Service.close_poll, 'poll_id')),
    'show_poll_results': Control(PollRef, _handler(Service.set_poll_results, 'poll_id', True)),
    'hide_poll_results': Control(PollRef, _handler(Service.set_poll_results, 'poll_id', False)),
    # presenters
    'cue_speaker': Control(CueRef, _handler(Service.cue_speaker, 'speaker_id', 'message')),
    # the series' open solutions in the scene-setting ("where we are")
    'carry_solutions': Control(NoInput, _handler(Service.carry_solutions)),
    'clear_carried_solutions': Control(NoInput, _handler(Service.clear_carried_solutions)),
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
