"""Raised hands through the service, with a fake clock: raising, lowering, points of order, fair order, privacy,
and what segment changes, the end and a reset do to the line and the hands choice."""

import contextlib

import pytest

from facilitator.actors import ANONYMOUS
from facilitator.errors import Conflict, Forbidden, InvalidInput
from facilitator.organizer import IssuedKeys
from tests.factories import World, json_state

from .helpers import now_ms
from .test_speakers import add, current, one, refused, speakers, to_segment, waiting


def hands(world: World, code: str) -> list[str]:
    """The names on the waiting raised hands, in line order."""
    return [s['name'] for s in speakers(world, code) if s['state'] == 'waiting' and s['kind'] == 'hand']


def in_dialogue(world: World) -> IssuedKeys:
    issued = world.new_session()
    to_segment(world, issued, 2)
    return issued


# raising and lowering -----------------------------------------------------------------------------------------------

def test_a_raised_hand_joins_the_line_after_those_already_waiting(world: World) -> None:
    issued = in_dialogue(world)
    add(world, issued, 'Ana')
    amina = world.participant(issued, 'Amina', 'civil_society')
    kofi = world.participant(issued, 'Kofi', 'academia')
    first = world.service.raise_hand(amina, issued.code)
    world.clock.advance(5)
    world.service.raise_hand(kofi, issued.code, 'comment')
    assert waiting(world, issued.code) == ['Ana', 'Amina', 'Kofi']
    hand = one(world, issued.code, first)
    assert (hand['kind'], hand['hand_type'], hand['group']) == ('hand', 'question', 'civil_society')
    assert hand['participant_id'] == str(amina.participant_id)
    assert (hand['planned_seconds'], hand['contributions']) == (
        json_state(world.service, issued.code)['hand_seconds'], 0)


def test_raising_twice_keeps_one_entry_and_a_new_type_updates_it(world: World) -> None:
    issued = in_dialogue(world)
    amina = world.participant(issued, 'Amina')
    first = world.service.raise_hand(amina, issued.code, 'question')
    world.service.raise_hand(world.participant(issued, 'Kofi'), issued.code)
    events = len(world.events)
    assert world.service.raise_hand(amina, issued.code, 'question') == first
    assert len(world.events) == events, 'an identical raise changes nothing'
    world.clock.advance(30)
    assert world.service.raise_hand(amina, issued.code, 'reply') == first
    assert hands(world, issued.code) == ['Amina', 'Kofi'], 'one entry, still in its place'
    assert one(world, issued.code, first)['hand_type'] == 'reply'


def test_a_skipped_hand_raised_again_and_put_back_is_still_one_entry(world: World) -> None:
    issued = in_dialogue(world)
    mod = world.moderator(issued)
    amina = world.participant(issued, 'Amina')
    old = world.service.raise_hand(amina, issued.code)
    world.service.skip_speaker(mod, issued.code, old)
    world.service.raise_hand(amina, issued.code)
    with contextlib.suppress(Conflict):  # refusing the restore would be as good as merging the two
        world.service.restore_speaker(mod, issued.code, old)
    assert hands(world, issued.code) == ['Amina']


@pytest.mark.parametrize('hand_type', ['shout', 'QUESTION', 42])
def test_an_unknown_hand_type_is_refused(world: World, hand_type: object) -> None:
    issued = in_dialogue(world)
    amina = world.participant(issued)
    refused(world, issued, InvalidInput, lambda: world.service.raise_hand(amina, issued.code, hand_type))


def test_someone_who_has_not_joined_cannot_raise_a_hand(world: World) -> None:
    issued = in_dialogue(world)
    other = world.new_session()
    stranger = world.participant(other, 'Eve')
    for actor in (ANONYMOUS, world.moderator(issued), world.rapporteur(issued), stranger):
        refused(world, issued, Forbidden, lambda a=actor: world.service.raise_hand(a, issued.code))
    assert hands(world, issued.code) == []


def test_lower_hand_leaves_the_line_and_lowering_again_changes_nothing(world: World) -> None:
    issued = in_dialogue(world)
    amina = world.participant(issued, 'Amina')
    world.service.raise_hand(amina, issued.code)
    assert world.service.lower_hand(amina, issued.code) is True
    assert hands(world, issued.code) == []
    before = len(world.events)
    assert world.service.lower_hand(amina, issued.code) is False
    assert len(world.events) == before


def test_lower_hand_refuses_staff(world: World) -> None:
    issued = in_dialogue(world)
    world.service.raise_hand(world.participant(issued, 'Amina'), issued.code)
    for actor in (ANONYMOUS, world.moderator(issued)):
        refused(world, issued, Forbidden, lambda a=actor: world.service.lower_hand(a, issued.code))


def test_a_called_hand_is_the_current_speaker_with_the_hand_time(world: World) -> None:
    issued = in_dialogue(world)
    mod = world.moderator(issued)
    world.service.set_hand_seconds(mod, issued.code, 90)
    amina = world.participant(issued, 'Amina')
    hand = world.service.raise_hand(amina, issued.code)
    world.service.next_speaker(mod, issued.code)
    speaking = current(world, issued.code)
    assert speaking is not None
    assert (speaking['id'], speaking['participant_id']) == (hand, str(amina.participant_id))
    assert (speaking['planned_seconds'], speaking['remaining_seconds'], speaking['contributions']) == (90, 90, 1)
    assert world.service.lower_hand(amina, issued.code) is False, 'a hand being heard is no longer raised'


@pytest.mark.parametrize('seconds', [0, -30, 1.5, '60'])
def test_set_hand_seconds_refuses_bad_input(world: World, seconds: object) -> None:
    issued = world.new_session()
    refused(world, issued, InvalidInput, lambda: world.service.set_hand_seconds(world.moderator(issued), issued.code,
                                                                                seconds))


# hands open and closed ----------------------------------------------------------------------------------------------

def test_hands_open_by_default_only_while_the_dialogue_runs_or_is_paused(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)

    def is_open() -> bool:
        return bool(json_state(world.service, issued.code)['hands_open'])

    assert not is_open()
    world.service.start_segment(mod, issued.code)
    assert not is_open()
    world.service.next_segment(mod, issued.code)
    assert not is_open()
    amina = world.participant(issued)
    refused(world, issued, Conflict, lambda: world.service.raise_hand(amina, issued.code), code='hands_closed')
    world.service.next_segment(mod, issued.code)
    assert is_open()
    world.service.pause_segment(mod, issued.code)
    assert is_open()
    world.service.raise_hand(amina, issued.code)
    world.service.end_session(mod, issued.code)
    assert not is_open()


def test_open_hands_opens_at_any_time_and_close_hands_closes_the_dialogue(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    amina = world.participant(issued, 'Amina')
    world.service.set_hands(mod, issued.code, True)  # before the session has even started
    world.service.raise_hand(amina, issued.code)
    assert hands(world, issued.code) == ['Amina']
    to_segment(world, issued, 2)
    world.service.set_hands(mod, issued.code, False)
    assert json_state(world.service, issued.code)['hands_open'] is False
    kofi = world.participant(issued, 'Kofi')
    refused(world, issued, Conflict, lambda: world.service.raise_hand(kofi, issued.code), code='hands_closed')


# point of order and fair order --------------------------------------------------------------------------------------

def test_a_point_of_order_jumps_the_line_but_stays_after_earlier_ones(world: World) -> None:
    issued = in_dialogue(world)
    mod = world.moderator(issued)
    add(world, issued, 'Ana', 'Ben')
    for name, hand_type in [('Quinn', 'question'), ('Pia', 'point_of_order'), ('Rui', 'comment'),
                            ('Paz', 'point_of_order')]:
        world.clock.advance(10)
        world.service.raise_hand(world.participant(issued, name), issued.code, hand_type)
    assert waiting(world, issued.code) == ['Pia', 'Paz', 'Ana', 'Ben', 'Quinn', 'Rui']
    world.service.next_speaker(mod, issued.code)
    assert current(world, issued.code)['name'] == 'Pia'  # type: ignore[index]


def test_changing_a_hand_to_point_of_order_moves_it_to_the_front(world: World) -> None:
    issued = in_dialogue(world)
    add(world, issued, 'Ana')
    rui = world.participant(issued, 'Rui')
    world.service.raise_hand(rui, issued.code)
    world.service.raise_hand(rui, issued.code, 'point_of_order')
    assert waiting(world, issued.code) == ['Rui', 'Ana']


def test_fair_order_puts_fewest_contributions_first_and_presenters_keep_their_slots(world: World) -> None:
    issued = in_dialogue(world)
    mod = world.moderator(issued)
    amina, kofi, lea = (world.participant(issued, n) for n in ('Amina', 'Kofi', 'Lea'))
    world.service.raise_hand(amina, issued.code)
    world.service.next_speaker(mod, issued.code)  # Amina has spoken once
    world.service.finish_speaker(mod, issued.code)
    world.clock.advance(10)
    world.service.raise_hand(amina, issued.code)
    add(world, issued, 'Presenter')
    world.clock.advance(10)
    world.service.raise_hand(kofi, issued.code)
    world.clock.advance(10)
    world.service.raise_hand(lea, issued.code)
    assert waiting(world, issued.code) == ['Amina', 'Presenter', 'Kofi', 'Lea']
    world.service.set_fair_order(mod, issued.code, True)
    assert waiting(world, issued.code) == ['Kofi', 'Presenter', 'Lea', 'Amina']
    assert json_state(world.service, issued.code)['fair_order'] is True
    world.service.next_speaker(mod, issued.code)
    assert current(world, issued.code)['name'] == 'Kofi'  # type: ignore[index]
    world.service.set_fair_order(mod, issued.code, False)
    assert waiting(world, issued.code) == ['Amina', 'Presenter', 'Lea']


@pytest.mark.parametrize('on', ['yes', 1, None])
def test_fair_order_refuses_anything_but_true_or_false(world: World, on: object) -> None:
    issued = world.new_session()
    refused(world, issued, InvalidInput, lambda: world.service.set_fair_order(world.moderator(issued), issued.code,
                                                                              on))


def test_moving_a_hand_by_hand_turns_fair_order_off(world: World) -> None:
    issued = in_dialogue(world)
    mod = world.moderator(issued)
    world.service.set_fair_order(mod, issued.code, True)
    world.service.raise_hand(world.participant(issued, 'Amina'), issued.code)
    world.clock.advance(1)
    kofi = world.service.raise_hand(world.participant(issued, 'Kofi'), issued.code)
    world.service.move_speaker(mod, issued.code, kofi, 0)
    assert hands(world, issued.code) == ['Kofi', 'Amina']
    assert json_state(world.service, issued.code)['fair_order'] is False


# privacy ------------------------------------------------------------------------------------------------------------

def test_a_youth_participant_is_named_only_for_staff(world: World) -> None:
    issued = in_dialogue(world)
    joined = world.service.join(issued.code, name='Kofi Mensah', group='youth', organization='Youth IGF')
    kofi = world.service.authenticate(issued.code, joined.token)
    hand = world.service.raise_hand(kofi, issued.code)
    world.service.raise_hand(world.participant(issued, 'Amina', 'industry'), issued.code)
    public = {s['id']: s for s in json_state(world.service, issued.code)['speakers']}
    assert (public[hand]['name'], public[hand]['organization'], public[hand]['group']) == (None, '', 'youth')
    assert [s['name'] for s in public.values()] == [None, 'Amina']
    staff = one(world, issued.code, hand)
    assert (staff['name'], staff['organization']) == ('Kofi Mensah', 'Youth IGF')
    world.service.next_speaker(world.moderator(issued), issued.code)
    assert json_state(world.service, issued.code)['current_speaker']['name'] is None
    assert 'Kofi Mensah' not in repr(json_state(world.service, issued.code))


# segment changes, end and reset -------------------------------------------------------------------------------------

@pytest.mark.parametrize(('step', 'choice'), [
    ('next_segment', False),  # closed in the showcase; the dialogue then opens them by default
    ('previous_segment', True),  # opened in the showcase; the opening segment then has them closed by default
])
def test_a_segment_change_finishes_the_speaker_and_drops_the_hands_choice(world: World, step: str,
                                                                           choice: bool) -> None:
    issued = world.new_session()
    mod = to_segment(world, issued, 1)
    [ana] = add(world, issued, 'Ana')
    world.service.set_hands(mod, issued.code, choice)
    world.service.next_speaker(mod, issued.code)
    world.clock.advance(200)
    assert json_state(world.service, issued.code)['hands_open'] is choice
    getattr(world.service, step)(mod, issued.code)
    done = one(world, issued.code, ana)
    assert (done['state'], done['ended_at_ms']) == ('done', now_ms(world))
    state = json_state(world.service, issued.code)
    assert state['current_speaker'] is None
    assert state['hands_open'] is not choice


def test_end_session_finishes_the_speaker(world: World) -> None:
    issued = world.new_session()
    mod = to_segment(world, issued, 1)
    [ana] = add(world, issued, 'Ana')
    world.service.next_speaker(mod, issued.code)
    world.clock.advance(60)
    world.service.end_session(mod, issued.code)
    assert one(world, issued.code, ana)['state'] == 'done'
    assert one(world, issued.code, ana)['ended_at_ms'] == now_ms(world)
    assert json_state(world.service, issued.code)['current_speaker'] is None


def test_reset_rewinds_presenters_and_drops_hands(world: World) -> None:
    issued = world.new_session()
    mod = to_segment(world, issued, 2)
    ana, ben, cleo = add(world, issued, 'Ana', 'Ben', 'Cleo')
    world.service.raise_hand(world.participant(issued, 'Kofi', 'youth'), issued.code)
    world.service.set_hands(mod, issued.code, True)
    world.service.next_speaker(mod, issued.code)
    world.clock.advance(30)
    world.service.next_speaker(mod, issued.code)
    world.service.skip_speaker(mod, issued.code, cleo)
    world.service.reset_session(mod, issued.code)
    state = json_state(world.service, issued.code, staff=True)
    assert [s['name'] for s in state['speakers']] == ['Ana', 'Ben', 'Cleo']
    for speaker in state['speakers']:
        assert speaker['state'] == 'waiting'
        assert speaker['started_at_ms'] is speaker['ended_at_ms'] is speaker['ends_at_ms'] is None
        assert speaker['remaining_seconds'] == speaker['planned_seconds'] == 600
    assert state['current_speaker'] is None
    assert state['hands_open'] is False, 'the open_hands choice must not outlive the reset'
    world.service.next_speaker(mod, issued.code)
    assert current(world, issued.code)['id'] == ana  # type: ignore[index]
    assert one(world, issued.code, ben)['state'] == 'waiting'


def test_reset_leaves_proposed_planned_times_proposed(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    add(world, issued, 'Ana', 'Ben', planned=None)
    world.service.next_speaker(mod, issued.code)
    world.service.reset_session(mod, issued.code)
    assert [s['planned_proposed'] for s in speakers(world, issued.code)] == [True, True]
