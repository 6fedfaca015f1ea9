"""The end of a session: participant input is refused (`session_ended`) until a reset, staff work goes on, and
presenters never called are "not called" in the state and the report."""

from facilitator.errors import Conflict
from facilitator.report import build_report
from tests.factories import World, json_state

from .helpers import staged, without_trace


def test_after_the_end_every_kind_of_participant_input_is_refused_without_a_trace(world: World) -> None:
    stage = staged(world)
    service, code, amina = world.service, stage.code, stage.amina
    service.end_session(stage.mod, code)
    attempts = [
        lambda: service.add_post(amina, code, stage.rooms[0], text='After the end'),
        lambda: service.add_question(amina, code, text='After the end?'),
        lambda: service.cast_vote(amina, code, stage.question),
        lambda: service.withdraw_vote(amina, code, stage.question),
        lambda: service.edit_post(amina, code, stage.post, text='Changed after the end'),
        lambda: service.raise_hand(amina, code),
        lambda: service.call_moderator(amina, code),
    ]
    for attempt in attempts:
        without_trace(world, Conflict, attempt, code='session_ended')


def test_after_the_end_notes_moderation_and_deleting_your_own_post_still_work(world: World) -> None:
    stage = staged(world)
    service, code = world.service, stage.code
    service.end_session(stage.mod, code)
    service.save_note(stage.mod, code, scope=f'segment:{stage.segment}', text='Written after the end')
    service.moderate_post(stage.mod, code, stage.post, 'tag', tag='key_takeaway')
    service.moderate_post(stage.mod, code, stage.question, 'answer')
    service.delete_post(stage.amina, code, stage.post)
    assert json_state(service, code)['rooms'][0]['posts'] == []


def test_a_reset_reopens_participant_input(world: World) -> None:
    stage = staged(world)
    world.service.end_session(stage.mod, stage.code)
    world.service.reset_session(stage.mod, stage.code)
    assert world.service.add_question(stage.amina, stage.code, text='Asked after the reset?')


def test_presenters_never_called_are_not_called_in_the_state_and_the_report(world: World) -> None:
    stage = staged(world)
    service, code = world.service, stage.code
    called = service.add_speaker(stage.mod, code, name='Bo Chen', organization='Acme')
    service.call_speaker(stage.mod, code, called)
    assert not any(s['not_called'] for s in json_state(service, code)['speakers']), 'before the end: still waiting'
    service.end_session(stage.mod, code)
    flags = {s['name']: s['not_called'] for s in json_state(service, code)['speakers']}
    assert flags == {'Ana Ruiz': True, 'Bo Chen': False}
    with service._read() as db:
        report = build_report(db, service._load(db, code), world.clock(), anonymize=False)
    assert [s['name'] for s in report['speakers']['not_called']] == ['Ana Ruiz']


def test_presenters_are_not_called_once_the_showcase_is_over(world: World) -> None:
    stage = staged(world)
    service, code = world.service, stage.code
    service.start_segment(stage.mod, code)
    service.next_segment(stage.mod, code)  # into the showcase
    assert not json_state(service, code)['speakers'][0]['not_called']
    service.next_segment(stage.mod, code)  # the showcase is done: on to the dialogue
    assert json_state(service, code)['speakers'][0]['not_called']
