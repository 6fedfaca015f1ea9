"""Raised hands between segments: by default a segment change lowers them and tells their owners; with
`hands_carry_over` they stay up, in their order."""

from facilitator.errors import InvalidInput
from facilitator.notices import NoticeKind
from tests.factories import World, json_state

from .helpers import refused
from .test_hands import hands
from .test_speakers import to_segment


def raised_in_the_showcase(world: World) -> tuple[object, ...]:
    issued = world.new_session()
    mod = to_segment(world, issued, 1)
    world.service.set_hands(mod, issued.code, True)
    people = [world.participant(issued, name) for name in ('Amina', 'Kofi', 'Lena')]
    for person in people:
        world.service.raise_hand(person, issued.code)
        world.clock.advance(5)
    return issued, mod, people


def test_with_the_default_setting_the_next_segment_clears_hands_and_tells_their_owners(world: World) -> None:
    issued, mod, people = raised_in_the_showcase(world)
    assert json_state(world.service, issued.code)['hands_carry_over'] is False
    world.service.next_segment(mod, issued.code)
    assert hands(world, issued.code) == []
    for person in people:
        notice = world.service.my_notice(person)
        assert notice is not None and notice.kind == NoticeKind.HAND_LOWERED
    told = {p for event in world.events[-1:] for p in event.people}
    assert told == {str(p.participant_id) for p in people}, 'the event names exactly the people told'


def test_carrying_hands_over_keeps_them_in_their_order(world: World) -> None:
    issued, mod, people = raised_in_the_showcase(world)
    world.service.set_hands_carry_over(mod, issued.code, True)
    world.service.next_segment(mod, issued.code)
    assert hands(world, issued.code) == ['Amina', 'Kofi', 'Lena']
    assert world.service.my_notice(people[0]) is None


def test_the_carry_over_setting_is_true_or_false(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    refused(world, issued, InvalidInput, lambda: world.service.set_hands_carry_over(mod, issued.code, 'yes'))
