"""Rapporteur notes: kept per rapporteur, every version kept, conflicts never lose text, restarts lose nothing."""

import json
from dataclasses import replace
from typing import Any

import pytest

from facilitator.actors import ANONYMOUS, Actor
from facilitator.errors import Forbidden, InvalidInput, NotFound
from facilitator.notes import MAX_NOTE
from facilitator.organizer import IssuedKeys
from tests.factories import World, json_state


def staff(world: World, issued: IssuedKeys, name: str, role: str = 'rapporteur') -> Actor:
    actor = world.rapporteur(issued) if role == 'rapporteur' else world.moderator(issued)
    return replace(actor, name=name)


def scopes(world: World, issued: IssuedKeys) -> tuple[str, str]:
    """The scope of the first segment and of the first room."""
    state = json_state(world.service, issued.code)
    return f'segment:{state["segments"][0]["id"]}', f'room:{state["rooms"][0]["id"]}'


def report(world: World, issued: IssuedKeys, *, anonymize: bool = False) -> dict[str, Any]:
    return dict(json.loads(world.service.export(world.moderator(issued), issued.code, 'json',
                                                anonymize=anonymize).content))


# correct use --------------------------------------------------------------------------------------------------------

def test_save_note_keeps_every_version(world: World) -> None:
    issued = world.new_session()
    rita = staff(world, issued, 'Rita')
    segment, _room = scopes(world, issued)
    first = world.service.save_note(rita, issued.code, scope=segment, text='# Opening\n- risks', base_revision=0)
    assert (first.revision, first.conflict) == (1, False)
    second = world.service.save_note(rita, issued.code, scope=segment, text='# Opening\n- risks\n- remedies',
                                     base_revision=1)
    assert (second.revision, second.conflict) == (2, False)
    assert world.service.my_notes(rita, issued.code) == {(segment, 'notes'): ('# Opening\n- risks\n- remedies', 2)}
    assert world.service.note_history(rita, issued.code, scope=segment) == [
        (2, '# Opening\n- risks\n- remedies'), (1, '# Opening\n- risks')]


def test_saving_the_same_text_again_makes_no_new_version(world: World) -> None:
    issued = world.new_session()
    rita = staff(world, issued, 'Rita')
    segment, _room = scopes(world, issued)
    world.service.save_note(rita, issued.code, scope=segment, text='same', base_revision=0)
    again = world.service.save_note(rita, issued.code, scope=segment, text='same', base_revision=1)
    assert (again.revision, again.conflict) == (1, False)
    assert world.service.note_history(rita, issued.code, scope=segment) == [(1, 'same')]


def test_notes_and_summary_of_a_room_are_separate(world: World) -> None:
    issued = world.new_session()
    rita = staff(world, issued, 'Rita')
    _segment, room = scopes(world, issued)
    world.service.save_note(rita, issued.code, scope=room, text='long notes')
    world.service.save_note(rita, issued.code, scope=room, kind='summary', text='short summary')
    assert world.service.my_notes(rita, issued.code) == {(room, 'notes'): ('long notes', 1),
                                                         (room, 'summary'): ('short summary', 1)}
    assert world.service.note_history(rita, issued.code, scope=room, kind='summary') == [(1, 'short summary')]


def test_two_rapporteurs_keep_their_own_notes_and_both_reach_the_report(world: World) -> None:
    issued = world.new_session()
    rita, sam = staff(world, issued, 'Rita'), staff(world, issued, 'Sam')
    segment, room = scopes(world, issued)
    for actor in (sam, rita):
        world.service.save_note(actor, issued.code, scope=segment, text=f'{actor.name} on the opening',
                                base_revision=0)
        world.service.save_note(actor, issued.code, scope=room, text=f'{actor.name} in room A', base_revision=0)
        world.service.save_note(actor, issued.code, scope=room, kind='summary', text=f'{actor.name} sums up')
    assert world.service.my_notes(rita, issued.code) == {
        (segment, 'notes'): ('Rita on the opening', 1), (room, 'notes'): ('Rita in room A', 1),
        (room, 'summary'): ('Rita sums up', 1)}
    assert world.service.my_notes(sam, issued.code)[(segment, 'notes')] == ('Sam on the opening', 1)
    shown = report(world, issued)
    assert shown['segment_notes'][0]['notes'] == [{'author': 'Rita', 'text': 'Rita on the opening'},
                                                  {'author': 'Sam', 'text': 'Sam on the opening'}]
    assert shown['rooms'][0]['notes'] == [{'author': 'Rita', 'text': 'Rita in room A'},
                                          {'author': 'Sam', 'text': 'Sam in room A'}]
    assert shown['rooms'][0]['summaries'] == [{'author': 'Rita', 'text': 'Rita sums up'},
                                              {'author': 'Sam', 'text': 'Sam sums up'}]
    anonymous = report(world, issued, anonymize=True)
    assert [n['author'] for n in anonymous['segment_notes'][0]['notes']] == ['Rapporteur 1', 'Rapporteur 2']
    room_notes = anonymous['rooms'][0]['notes'] + anonymous['rooms'][0]['summaries']
    assert [n['author'] for n in room_notes] == ['Rapporteur 1', 'Rapporteur 2'] * 2


def test_a_moderator_may_take_notes_too(world: World) -> None:
    issued = world.new_session()
    maya = staff(world, issued, 'Maya', role='moderator')
    segment, _room = scopes(world, issued)
    assert world.service.save_note(maya, issued.code, scope=segment, text='from the chair').revision == 1
    assert report(world, issued)['segment_notes'][0]['notes'] == [{'author': 'Maya', 'text': 'from the chair'}]


def test_blank_notes_stay_out_of_the_report(world: World) -> None:
    issued = world.new_session()
    rita = staff(world, issued, 'Rita')
    segment, _room = scopes(world, issued)
    world.service.save_note(rita, issued.code, scope=segment, text='draft')
    world.service.save_note(rita, issued.code, scope=segment, text='  \n ')
    assert report(world, issued)['segment_notes'][0]['notes'] == []
    assert world.service.note_history(rita, issued.code, scope=segment)[-1] == (1, 'draft')


# conflicts ----------------------------------------------------------------------------------------------------------

def test_a_stale_base_revision_is_a_conflict_but_the_text_is_saved(world: World) -> None:
    """Two tabs of one rapporteur: the second saves on top of a version it never saw."""
    issued = world.new_session()
    rita = staff(world, issued, 'Rita')
    segment, _room = scopes(world, issued)
    world.service.save_note(rita, issued.code, scope=segment, text='v1', base_revision=0)
    tab_a = world.service.save_note(rita, issued.code, scope=segment, text='v2 from tab A', base_revision=1)
    assert not tab_a.conflict
    tab_b = world.service.save_note(rita, issued.code, scope=segment, text='v2 from tab B', base_revision=1)
    assert (tab_b.revision, tab_b.conflict) == (3, True)
    assert world.service.my_notes(rita, issued.code)[(segment, 'notes')] == ('v2 from tab B', 3)
    assert world.service.note_history(rita, issued.code, scope=segment) == [
        (3, 'v2 from tab B'), (2, 'v2 from tab A'), (1, 'v1')]
    assert report(world, issued)['segment_notes'][0]['notes'] == [{'author': 'Rita', 'text': 'v2 from tab B'}]


def test_a_stale_save_of_the_same_text_is_still_reported(world: World) -> None:
    issued = world.new_session()
    rita = staff(world, issued, 'Rita')
    segment, _room = scopes(world, issued)
    world.service.save_note(rita, issued.code, scope=segment, text='agreed', base_revision=0)
    world.service.save_note(rita, issued.code, scope=segment, text='changed', base_revision=1)
    stale = world.service.save_note(rita, issued.code, scope=segment, text='changed', base_revision=1)
    assert stale.conflict
    assert world.service.my_notes(rita, issued.code)[(segment, 'notes')][0] == 'changed'
    assert (1, 'agreed') in world.service.note_history(rita, issued.code, scope=segment)


# restart ------------------------------------------------------------------------------------------------------------

def test_notes_and_their_history_survive_a_restart(world: World) -> None:
    issued = world.new_session()
    rita, sam = staff(world, issued, 'Rita'), staff(world, issued, 'Sam')
    segment, room = scopes(world, issued)
    world.service.save_note(rita, issued.code, scope=segment, text='before', base_revision=0)
    world.service.save_note(rita, issued.code, scope=segment, text='after — مرحبا 你好 🙂', base_revision=1)
    world.service.save_note(sam, issued.code, scope=room, kind='summary', text='Sam’s summary')
    mine, history = world.service.my_notes(rita, issued.code), world.service.note_history(rita, issued.code,
                                                                                          scope=segment)
    after = world.restart()
    rita_again = replace(after.rapporteur(issued), name='Rita')
    assert after.service.my_notes(rita_again, issued.code) == mine
    assert after.service.note_history(rita_again, issued.code, scope=segment) == history
    continued = after.service.save_note(rita_again, issued.code, scope=segment, text='third', base_revision=2)
    assert (continued.revision, continued.conflict) == (3, False)
    shown = report(after, issued)
    assert shown['segment_notes'][0]['notes'] == [{'author': 'Rita', 'text': 'third'}]
    assert shown['rooms'][0]['summaries'] == [{'author': 'Sam', 'text': 'Sam’s summary'}]


# invalid input and state --------------------------------------------------------------------------------------------

def assert_nothing_saved(world: World, issued: IssuedKeys) -> None:
    for name in ('Rita', ''):
        assert world.service.my_notes(staff(world, issued, name), issued.code) == {}


@pytest.mark.parametrize(('kwargs', 'error'), [
    ({'text': 'x', 'kind': 'minutes'}, InvalidInput),
    ({'text': 'x' * (MAX_NOTE + 1)}, InvalidInput),
    ({'text': None}, InvalidInput),
    ({'text': ['x']}, InvalidInput),
    ({'text': 'x', 'scope': 'segment:not-a-uuid'}, NotFound),
    ({'text': 'x', 'scope': 'speaker:00000000-0000-0000-0000-000000000000'}, NotFound),
    ({'text': 'x', 'scope': 'segment:00000000-0000-0000-0000-000000000000'}, NotFound),
    ({'text': 'x', 'scope': ''}, NotFound),
])
def test_invalid_notes_are_refused_and_nothing_is_saved(world: World, kwargs: dict[str, Any],
                                                        error: type[Exception]) -> None:
    issued = world.new_session()
    segment, _room = scopes(world, issued)
    with pytest.raises(error):
        world.service.save_note(staff(world, issued, 'Rita'), issued.code, **{'scope': segment, **kwargs})
    assert_nothing_saved(world, issued)


def test_a_note_of_exactly_the_limit_is_kept(world: World) -> None:
    issued = world.new_session()
    segment, _room = scopes(world, issued)
    rita = staff(world, issued, 'Rita')
    world.service.save_note(rita, issued.code, scope=segment, text='x' * MAX_NOTE)
    assert world.service.my_notes(rita, issued.code)[(segment, 'notes')] == ('x' * MAX_NOTE, 1)


def test_a_scope_of_another_session_is_not_found(world: World) -> None:
    issued, other = world.new_session(), world.new_session()
    foreign_segment, foreign_room = scopes(world, other)
    rita = staff(world, issued, 'Rita')
    for scope in (foreign_segment, foreign_room):
        with pytest.raises(NotFound):
            world.service.save_note(rita, issued.code, scope=scope, text='x')
    assert_nothing_saved(world, issued)
    assert world.service.my_notes(staff(world, other, 'Rita'), other.code) == {}


def test_a_room_id_is_not_a_segment(world: World) -> None:
    issued = world.new_session()
    _segment, room = scopes(world, issued)
    with pytest.raises(NotFound):
        world.service.save_note(staff(world, issued, 'Rita'), issued.code, scope=room.replace('room:', 'segment:'),
                                text='x')
    assert_nothing_saved(world, issued)


def test_notes_need_a_display_name(world: World) -> None:
    issued = world.new_session()
    segment, _room = scopes(world, issued)
    with pytest.raises(Forbidden):
        world.service.save_note(world.rapporteur(issued), issued.code, scope=segment, text='who wrote this?')
    assert_nothing_saved(world, issued)


# wrong role ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('who', ['participant', 'public', 'other_rapporteur'])
def test_others_may_not_save_read_or_list_notes(world: World, who: str) -> None:
    issued, other = world.new_session(), world.new_session()
    segment, _room = scopes(world, issued)
    rita = staff(world, issued, 'Rita')
    world.service.save_note(rita, issued.code, scope=segment, text='private draft')
    actor = {'participant': lambda: world.participant(issued, name='Rita'),
             'public': lambda: replace(ANONYMOUS, name='Rita'),
             'other_rapporteur': lambda: staff(world, other, 'Rita')}[who]()
    with pytest.raises(Forbidden):
        world.service.save_note(actor, issued.code, scope=segment, text='overwrite', base_revision=1)
    with pytest.raises(Forbidden):
        world.service.my_notes(actor, issued.code)
    with pytest.raises(Forbidden):
        world.service.note_history(actor, issued.code, scope=segment)
    assert world.service.my_notes(rita, issued.code) == {(segment, 'notes'): ('private draft', 1)}
    assert world.service.note_history(rita, issued.code, scope=segment) == [(1, 'private draft')]
