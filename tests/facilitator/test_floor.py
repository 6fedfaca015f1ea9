"""The hybrid floor and the queue orders, through the service with a fake clock: floor hands, check-in, the
attendance split, speaking time per group, and the four orders of raised hands."""

import pytest

from facilitator.errors import Conflict, Forbidden, InvalidInput
from facilitator.organizer import IssuedKeys
from tests.factories import World, json_state

from .test_hands import hands, in_dialogue
from .test_speakers import refused, speakers


def speak(world: World, issued: IssuedKeys, seconds: int) -> None:
    """Call the first in line and let them speak for `seconds`, then finish."""
    mod = world.moderator(issued)
    world.service.next_speaker(mod, issued.code)
    world.clock.advance(seconds)
    world.service.finish_speaker(mod, issued.code)


# the floor ----------------------------------------------------------------------------------------------------------

def test_a_floor_added_speaker_is_in_the_queue_and_marked_floor(world: World) -> None:
    issued = in_dialogue(world)
    world.service.raise_hand(world.participant(issued, 'Amina'), issued.code)
    person = world.service.add_floor_speaker(world.moderator(issued), issued.code, name='Rui Costa',
                                             organization='Portugal Telecom', group='industry')
    assert hands(world, issued.code) == ['Amina', 'Rui Costa']
    rui = next(s for s in speakers(world, issued.code) if s['name'] == 'Rui Costa')
    assert (rui['kind'], rui['on_floor'], rui['group'], rui['participant_id']) == ('hand', True, 'industry', person)
    assert (rui['organization'], rui['state']) == ('Portugal Telecom', 'waiting')
    people = {p['name']: p for p in json_state(world.service, issued.code, staff=True)['people']}
    assert people['Rui Costa']['on_floor'] is True and people['Amina']['on_floor'] is False


def test_a_floor_hand_moves_the_queue_but_not_the_agenda_version(world: World) -> None:
    issued = in_dialogue(world)
    seen = json_state(world.service, issued.code)['agenda_version']
    world.service.add_floor_speaker(world.moderator(issued), issued.code, name='Rui', group='industry')
    assert json_state(world.service, issued.code)['agenda_version'] == seen
    world.service.next_speaker(world.moderator(issued), issued.code, expected_version=seen)  # not stale


def test_a_recent_floor_speaker_goes_back_in_line_with_one_tap_but_not_twice(world: World) -> None:
    issued = in_dialogue(world)
    mod = world.moderator(issued)
    rui = world.service.add_floor_speaker(mod, issued.code, name='Rui', group='industry')
    speak(world, issued, 60)
    world.service.add_floor_speaker_again(mod, issued.code, rui)
    assert hands(world, issued.code) == ['Rui']
    state = json_state(world.service, issued.code, staff=True)
    assert state['participant_count'] == 1, 'the same person, not a new one'
    refused(world, issued, Conflict, lambda: world.service.add_floor_speaker_again(mod, issued.code, rui),
            code='already_waiting')


def test_a_participant_cannot_add_floor_speakers(world: World) -> None:
    issued = in_dialogue(world)
    amina = world.participant(issued)
    refused(world, issued, Forbidden, lambda: world.service.add_floor_speaker(amina, issued.code, name='Rui',
                                                                              group='industry'))


def test_a_floor_speaker_needs_a_name_and_a_known_group(world: World) -> None:
    issued = in_dialogue(world)
    mod = world.moderator(issued)
    refused(world, issued, InvalidInput, lambda: world.service.add_floor_speaker(mod, issued.code, name=' ',
                                                                                 group='industry'))
    refused(world, issued, InvalidInput, lambda: world.service.add_floor_speaker(mod, issued.code, name='Rui',
                                                                                 group='pirates'))


def test_checking_in_moves_a_participant_and_their_waiting_hand_to_the_floor(world: World) -> None:
    issued = in_dialogue(world)
    amina = world.participant(issued, 'Amina')
    world.service.raise_hand(amina, issued.code)
    assert world.service.check_in(amina, issued.code) is True
    events = len(world.events)
    assert world.service.check_in(amina, issued.code) is False
    assert len(world.events) == events, 'a second check-in changes nothing'
    assert speakers(world, issued.code)[-1]['on_floor'] is True
    assert json_state(world.service, issued.code)['attendance'] == {'floor': 1, 'online': 0}


def test_the_attendance_split_adds_up(world: World) -> None:
    issued = in_dialogue(world)
    mod = world.moderator(issued)
    world.participant(issued, 'Amina', 'civil_society')
    world.participant(issued, 'Kofi', 'academia')
    world.service.join(issued.code, name='Lena', group='academia', on_floor=True)
    world.service.add_floor_speaker(mod, issued.code, name='Rui', group='industry')
    gone = world.participant(issued, 'Gone', 'industry')
    world.service.moderate_participant(mod, issued.code, gone.participant_id, 'remove')
    public = json_state(world.service, issued.code)
    assert public['attendance'] == {'floor': 2, 'online': 2}
    assert public['attendance']['floor'] + public['attendance']['online'] == public['participant_count']
    assert 'attendance_by_group' not in public
    staff = json_state(world.service, issued.code, staff=True)
    assert staff['attendance_by_group'] == {'academia': {'floor': 1, 'online': 1},
                                            'civil_society': {'floor': 0, 'online': 1},
                                            'industry': {'floor': 1, 'online': 0}}


# speaking time --------------------------------------------------------------------------------------------------------

def test_speaking_time_per_group_counts_finished_speeches_and_marks_the_current_one(world: World) -> None:
    issued = in_dialogue(world)
    mod = world.moderator(issued)
    world.service.raise_hand(world.participant(issued, 'Amina', 'civil_society'), issued.code)
    world.service.add_floor_speaker(mod, issued.code, name='Rui', group='industry')
    world.service.add_floor_speaker(mod, issued.code, name='Ana', group='industry')
    speak(world, issued, 90)  # Amina
    speak(world, issued, 30)  # Rui
    world.service.next_speaker(mod, issued.code)  # Ana, still speaking
    world.clock.advance(20)
    times = {t['group']: t for t in json_state(world.service, issued.code)['speaking_time']}
    assert times['civil_society']['seconds'] == 90 and times['civil_society']['speaking_since_ms'] is None
    assert (times['industry']['seconds'], times['industry']['speeches']) == (30, 2)
    assert times['industry']['speaking_since_ms'] is not None


# queue orders ---------------------------------------------------------------------------------------------------------

def test_the_alternating_order_alternates_floor_and_online(world: World) -> None:
    issued = in_dialogue(world)
    mod = world.moderator(issued)
    for name in ('On1', 'On2', 'On3'):
        world.service.raise_hand(world.participant(issued, name), issued.code)
        world.clock.advance(1)
    for name in ('Fl1', 'Fl2'):
        world.service.add_floor_speaker(mod, issued.code, name=name, group='industry')
        world.clock.advance(1)
    world.service.set_queue_order(mod, issued.code, 'alternate_floor')
    assert hands(world, issued.code) == ['On1', 'Fl1', 'On2', 'Fl2', 'On3']
    speak(world, issued, 10)  # On1 spoke: the floor is next
    assert hands(world, issued.code) == ['Fl1', 'On2', 'Fl2', 'On3']


def test_least_time_orders_hands_by_their_groups_speaking_time(world: World) -> None:
    issued = in_dialogue(world)
    mod = world.moderator(issued)
    world.service.add_floor_speaker(mod, issued.code, name='Gov', group='government')
    world.service.add_floor_speaker(mod, issued.code, name='Ind', group='industry')
    speak(world, issued, 300)  # government: 5 min
    speak(world, issued, 60)  # industry: 1 min
    world.service.add_floor_speaker(mod, issued.code, name='Gov2', group='government')
    world.service.add_floor_speaker(mod, issued.code, name='Aca', group='academia')
    world.service.add_floor_speaker(mod, issued.code, name='Ind2', group='industry')
    world.service.set_queue_order(mod, issued.code, 'least_time')
    assert hands(world, issued.code) == ['Aca', 'Ind2', 'Gov2']
    world.service.set_queue_order(mod, issued.code, 'raised')
    assert hands(world, issued.code) == ['Gov2', 'Aca', 'Ind2']


def test_fewest_contributions_is_the_former_fair_order(world: World) -> None:
    issued = in_dialogue(world)
    mod = world.moderator(issued)
    rui = world.service.add_floor_speaker(mod, issued.code, name='Rui', group='industry')
    speak(world, issued, 30)
    world.service.add_floor_speaker_again(mod, issued.code, rui)
    world.service.add_floor_speaker(mod, issued.code, name='Ana', group='industry')
    world.service.set_fair_order(mod, issued.code, True)
    state = json_state(world.service, issued.code)
    assert (state['queue_order'], state['fair_order']) == ('fewest_contributions', True)
    assert hands(world, issued.code) == ['Ana', 'Rui']


def test_the_queue_order_survives_a_restart(world: World) -> None:
    issued = in_dialogue(world)
    world.service.set_queue_order(world.moderator(issued), issued.code, 'alternate_floor')
    again = world.restart()
    assert json_state(again.service, issued.code)['queue_order'] == 'alternate_floor'


@pytest.mark.parametrize('order', ['fair', 'RAISED', '', 3, None])
def test_an_unknown_queue_order_is_refused(world: World, order: object) -> None:
    issued = in_dialogue(world)
    mod = world.moderator(issued)
    refused(world, issued, InvalidInput, lambda: world.service.set_queue_order(mod, issued.code, order),
            code='unknown_queue_order')


def test_a_participant_cannot_choose_the_queue_order(world: World) -> None:
    issued = in_dialogue(world)
    amina = world.participant(issued)
    refused(world, issued, Forbidden, lambda: world.service.set_queue_order(amina, issued.code, 'least_time'))
