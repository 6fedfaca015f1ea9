"""online_count: distinct participants with an open page; anonymous pages do not count, two tabs count once."""

from datetime import UTC, datetime, timedelta

from facilitator.events import ChangeKind, SessionChanged
from facilitator.presence import Presence
from tests.factories import World, json_state


def test_two_tabs_of_one_participant_count_once_and_anonymous_pages_not_at_all(world: World) -> None:
    issued = world.new_session()
    amina, kofi = (world.service.join(issued.code, name=n, group='youth').participant_id for n in ('Amina', 'Kofi'))
    for _ in range(5):
        world.service.client_connected(issued.code, None)  # a join form, a stage screen, an anonymous feed
    assert json_state(world.service, issued.code)['online_count'] == 0
    world.service.client_connected(issued.code, amina)
    events = len(world.events)
    world.service.client_connected(issued.code, amina)  # a second tab
    assert len(world.events) == events, 'no announcement when the count does not move'
    world.service.client_connected(issued.code, kofi)
    assert json_state(world.service, issued.code)['online_count'] == 2
    assert world.events[-1].kind == ChangeKind.PEOPLE
    world.service.client_disconnected(issued.code, amina)
    assert json_state(world.service, issued.code)['online_count'] == 2, 'Amina still has a tab open'
    world.service.client_disconnected(issued.code, amina)
    world.service.client_disconnected(issued.code, None)
    assert json_state(world.service, issued.code)['online_count'] == 1


def test_a_disconnect_without_a_connect_never_goes_below_zero() -> None:
    presence = Presence()
    assert presence.disconnected('ABC', 'p') is False
    assert presence.online('ABC') == 0
    assert presence.connected('ABC', 'p') is True and presence.online('ABC') == 1


def test_other_instances_counts_add_up_and_a_silent_instance_drops_out() -> None:
    t0 = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    presence = Presence()
    presence.connected('ABC', 'p1')
    presence.heard(SessionChanged(code='ABC', version=1, kind=ChangeKind.PEOPLE, online_here=2, origin='b'), t0)
    presence.heard(SessionChanged(code='ABC', version=1, kind=ChangeKind.PEOPLE, online_here=5), t0)  # our own
    assert (presence.local('ABC'), presence.online('ABC')) == (1, 3)
    moved = presence.merge([('c', 'ABC', 4, t0)], since=t0 - timedelta(seconds=20), now=t0 + timedelta(seconds=1))
    assert moved == {'ABC'} and presence.online('ABC') == 7
    later = t0 + timedelta(seconds=30)
    assert presence.merge([('c', 'ABC', 4, later)], since=later - timedelta(seconds=20), now=later) == {'ABC'}
    assert presence.online('ABC') == 5, "b went quiet: its pages drop out; c's count stays"
