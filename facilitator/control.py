"""The control actions of `POST /control`, by name. Stream decks and the API call these."""

from collections.abc import Callable
from typing import Any

from .actors import Actor
from .errors import InvalidInput
from .i18n import _
from .service import FacilitatorService

Action = Callable[[FacilitatorService, Actor, str, dict[str, Any], int | None], object]

ACTIONS: dict[str, Action] = {
    'start': lambda s, a, c, b, v: s.start_segment(a, c, expected_version=v),
    'pause': lambda s, a, c, b, v: s.pause_segment(a, c, expected_version=v),
    'resume': lambda s, a, c, b, v: s.resume_segment(a, c, expected_version=v),
    'next': lambda s, a, c, b, v: s.next_segment(a, c, expected_version=v),
    'previous': lambda s, a, c, b, v: s.previous_segment(a, c, expected_version=v),
    'extend': lambda s, a, c, b, v: s.extend_segment(a, c, b.get('seconds'), expected_version=v),
    'undo': lambda s, a, c, b, v: s.undo_timer(a, c, expected_version=v),
    'end_session': lambda s, a, c, b, v: s.end_session(a, c, expected_version=v),
    'reset': lambda s, a, c, b, v: s.reset_session(a, c, clear_input=_flag(b, 'clear_input'), expected_version=v),
    'show_join_slide': lambda s, a, c, b, v: s.show_join_slide(a, c, True, expected_version=v),
    'hide_join_slide': lambda s, a, c, b, v: s.show_join_slide(a, c, False, expected_version=v),
}


def _flag(body: dict[str, Any], name: str) -> bool:
    value = body.get(name, False)
    if not isinstance(value, bool):
        raise InvalidInput(_('{field} must be true or false.').format(field=name))
    return value


def run_control(service: FacilitatorService, actor: Actor, code: str, body: dict[str, Any]) -> dict[str, Any]:
    """Run one control action and return the new state."""
    action = body.get('action')
    if not isinstance(action, str) or action not in ACTIONS:
        raise InvalidInput(_('Unknown action. Use one of: {names}.').format(names=', '.join(ACTIONS)))
    expected = body.get('expected_version')
    if expected is not None and (isinstance(expected, bool) or not isinstance(expected, int)):
        raise InvalidInput(_('expected_version must be a whole number.'))
    ACTIONS[action](service, actor, code, body, expected)
    return service.state(code)


def _speaker_actions() -> dict[str, Action]:
    return {
        'next_speaker': lambda s, a, c, b, v: s.next_speaker(a, c, expected_version=v),
        'finish_speaker': lambda s, a, c, b, v: s.finish_speaker(a, c, expected_version=v),
        'skip_speaker': lambda s, a, c, b, v: s.skip_speaker(a, c, _field(b, 'speaker_id'), expected_version=v),
        'restore_speaker': lambda s, a, c, b, v: s.restore_speaker(a, c, _field(b, 'speaker_id'),
                                                                   expected_version=v),
        'call_speaker': lambda s, a, c, b, v: s.call_speaker(a, c, _field(b, 'speaker_id'), expected_version=v),
        'move_speaker': lambda s, a, c, b, v: s.move_speaker(a, c, _field(b, 'speaker_id'), _field(b, 'position'),
                                                             expected_version=v),
        'extend_speaker': lambda s, a, c, b, v: s.extend_speaker(a, c, _field(b, 'seconds'), expected_version=v),
        'open_hands': lambda s, a, c, b, v: s.set_hands(a, c, True, expected_version=v),
        'close_hands': lambda s, a, c, b, v: s.set_hands(a, c, False, expected_version=v),
        'fair_order': lambda s, a, c, b, v: s.set_fair_order(a, c, _field(b, 'on'), expected_version=v),
        'hand_time': lambda s, a, c, b, v: s.set_hand_seconds(a, c, _field(b, 'seconds'), expected_version=v),
    }


def _field(body: dict[str, Any], name: str) -> Any:
    if name not in body:
        raise InvalidInput(_('Missing field: {names}.').format(names=name))
    return body[name]


ACTIONS.update(_speaker_actions())


def _room_actions() -> dict[str, Action]:
    return {
        'open_rooms': lambda s, a, c, b, v: s.open_rooms(a, c, b.get('minutes'), grace_seconds=b.get('grace_seconds'),
                                                         expected_version=v),
        'extend_rooms': lambda s, a, c, b, v: s.extend_rooms(a, c, _field(b, 'seconds'), expected_version=v),
        'close_rooms': lambda s, a, c, b, v: s.close_rooms(a, c, expected_version=v),
        'report_back': lambda s, a, c, b, v: s.report_back(a, c, b.get('room_index'), expected_version=v),
        'room_switching': lambda s, a, c, b, v: s.set_room_switching(a, c, _field(b, 'on')),
        'auto_balance': lambda s, a, c, b, v: s.auto_balance(a, c),
        'broadcast': lambda s, a, c, b, v: s.broadcast(a, c, _field(b, 'message'), expected_version=v),
        'clear_broadcast': lambda s, a, c, b, v: s.clear_broadcast(a, c, expected_version=v),
        'open_questions': lambda s, a, c, b, v: s.set_questions_open(a, c, True, expected_version=v),
        'close_questions': lambda s, a, c, b, v: s.set_questions_open(a, c, False, expected_version=v),
        'pre_moderation': lambda s, a, c, b, v: s.set_pre_moderation(a, c, _field(b, 'on')),
    }


ACTIONS.update(_room_actions())


def _stage_actions() -> dict[str, Action]:
    return {
        'flash': lambda s, a, c, b, v: s.flash(a, c, _field(b, 'message'), expected_version=v),
        'clear_flash': lambda s, a, c, b, v: s.clear_flash(a, c, expected_version=v),
    }


ACTIONS.update(_stage_actions())
