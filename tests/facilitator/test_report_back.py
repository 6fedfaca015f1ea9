"""Report-back: it begins only when the moderator starts it, and a rapporteur's summary marked ready shows beside
the top posts (the one marked ready last)."""

import pytest

from facilitator.errors import Forbidden, InvalidInput
from tests.factories import World, json_state
from ui.live_status import report_back

from .helpers import refused
from .test_rooms import with_rooms


def test_rooms_closing_on_their_timer_do_not_start_the_report_back(world: World) -> None:
    issued, mod, _rooms = with_rooms(world)
    world.clock.advance(3600)
    assert world.service.close_expired_rooms() == [issued.code]
    assert json_state(world.service, issued.code)['report_back_room'] is None
    world.service.report_back(mod, issued.code, 0)
    assert json_state(world.service, issued.code)['report_back_room'] == 0


def test_a_summary_marked_ready_shows_in_the_report_back_and_the_last_one_ready_wins(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    rita = world.rapporteur(issued)
    world.service.close_rooms(mod, issued.code)
    world.service.report_back(mod, issued.code, 0)
    world.service.set_room_summary(rita, issued.code, rooms[0], text='A draft', ready=False)
    assert json_state(world.service, issued.code)['rooms'][0]['summary'] == '', 'a draft stays off public screens'
    assert report_back(world.service.state(issued.code))['summary'] is None  # type: ignore[index]
    world.service.set_room_summary(rita, issued.code, rooms[0], text='Shared data rooms, with safeguards')
    world.clock.advance(10)
    world.service.set_room_summary(mod, issued.code, rooms[0], text='Safety by design, audited yearly')
    shown = report_back(world.service.state(issued.code))
    assert shown is not None and shown['summary'] == 'Safety by design, audited yearly'


def test_a_participant_cannot_write_a_summary_and_an_empty_one_is_refused(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    amina = world.participant(issued)
    refused(world, issued, Forbidden, lambda: world.service.set_room_summary(amina, issued.code, rooms[0], text='x'))
    with pytest.raises(InvalidInput):
        world.service.set_room_summary(mod, issued.code, rooms[0], text='  ')
