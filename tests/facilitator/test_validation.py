"""Bad input is an InvalidInput (422) and changes nothing."""

import math

import pytest

from facilitator.errors import InvalidInput
from facilitator.validation import MAX_SEGMENT_SECONDS
from tests.factories import World, json_state

from .helpers import PLANNED, refused, segment

NOT_A_DURATION = [0, 'abc', '60', None, True, False, math.nan, 1.5, -0.5, math.inf, -math.inf, [60], {'s': 60},
                  MAX_SEGMENT_SECONDS + 1, 10 ** 30, 1e300]
NOT_A_PLANNED_DURATION = [*NOT_A_DURATION, -1, -60, -MAX_SEGMENT_SECONDS]
BAD_TEXT = ['', ' ', ' \t ', None, 42, ['Amina']]


def _ids(x: object) -> str:
    return repr(x)[:20]


# durations -----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('seconds', [*NOT_A_DURATION, -MAX_SEGMENT_SECONDS - 1], ids=_ids)
def test_extend_refuses_a_bad_amount(world: World, seconds: object) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    refused(world, issued, InvalidInput, lambda: world.service.extend_segment(mod, issued.code, seconds),
            code='invalid_input')


@pytest.mark.parametrize('seconds', [1, -1, 60.0, MAX_SEGMENT_SECONDS, -MAX_SEGMENT_SECONDS])
def test_extend_accepts_whole_seconds_within_eight_hours_either_way(world: World, seconds: float) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.start_segment(mod, issued.code)
    world.service.extend_segment(mod, issued.code, seconds)
    assert segment(world, issued.code, 0)['remaining_seconds'] == PLANNED[0] + seconds


@pytest.mark.parametrize('seconds', NOT_A_PLANNED_DURATION, ids=_ids)
def test_add_segment_refuses_a_bad_duration(world: World, seconds: object) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    refused(world, issued, InvalidInput,
            lambda: world.service.add_segment(mod, issued.code, title='Wrap-up', planned_seconds=seconds))


@pytest.mark.parametrize('seconds', [1, 60.0, MAX_SEGMENT_SECONDS])
def test_add_segment_accepts_a_good_duration(world: World, seconds: float) -> None:
    issued = world.new_session()
    world.service.add_segment(world.moderator(issued), issued.code, title='Wrap-up', planned_seconds=seconds)
    added = segment(world, issued.code, 3)
    assert (added['planned_seconds'], added['remaining_seconds']) == (seconds, seconds)


@pytest.mark.parametrize('seconds', [s for s in NOT_A_PLANNED_DURATION if s is not None], ids=_ids)
def test_update_segment_refuses_a_bad_duration(world: World, seconds: object) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    seg_id = segment(world, issued.code, 1)['id']
    refused(world, issued, InvalidInput,
            lambda: world.service.update_segment(mod, issued.code, seg_id, title='Renamed', planned_seconds=seconds))


# text ----------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('name', [*BAD_TEXT, 'x' * 81, 'x' * 200], ids=_ids)
def test_join_refuses_a_bad_name(world: World, name: object) -> None:
    issued = world.new_session()
    refused(world, issued, InvalidInput, lambda: world.service.join(issued.code, name=name, group='youth'))
    assert json_state(world.service, issued.code)['participant_count'] == 0


@pytest.mark.parametrize('title', [*BAD_TEXT, 'x' * 121], ids=_ids)
def test_segment_title_is_checked_on_add_and_update(world: World, title: object) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    seg_id = segment(world, issued.code, 0)['id']
    refused(world, issued, InvalidInput,
            lambda: world.service.add_segment(mod, issued.code, title=title, planned_seconds=60))  # type: ignore[arg-type]
    if title is not None:  # None means "leave the title as it is"
        refused(world, issued, InvalidInput,
                lambda: world.service.update_segment(mod, issued.code, seg_id, title=title))  # type: ignore[arg-type]


@pytest.mark.parametrize('title', [t for t in BAD_TEXT if t is not None] + ['x' * 201], ids=_ids)
def test_session_title_is_checked_on_create_and_update(world: World, title: object) -> None:
    issued = world.new_session()
    sessions = len(world.service.list_sessions(world.organizer))
    with pytest.raises(InvalidInput):
        world.new_session(title=title)
    assert len(world.service.list_sessions(world.organizer)) == sessions
    refused(world, issued, InvalidInput,
            lambda: world.service.update_session(world.moderator(issued), issued.code, title=title))  # type: ignore[arg-type]


@pytest.mark.parametrize('topic', [*BAD_TEXT, 'x' * 201], ids=_ids)
def test_topic_is_checked_on_add_and_update(world: World, topic: object) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    room_id = json_state(world.service, issued.code)['rooms'][0]['id']
    refused(world, issued, InvalidInput, lambda: world.service.add_topic(mod, issued.code, topic=topic))
    if topic is not None:
        refused(world, issued, InvalidInput, lambda: world.service.update_topic(mod, issued.code, room_id, topic=topic))


def test_a_prompt_over_its_limit_is_refused(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    refused(world, issued, InvalidInput,
            lambda: world.service.add_topic(mod, issued.code, topic='Fine', prompt='p' * 1001))


# choices -------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('group', ['aliens', '', None, 'Youth', 3, 'civil society'], ids=_ids)
def test_join_refuses_an_unknown_group(world: World, group: object) -> None:
    issued = world.new_session()
    refused(world, issued, InvalidInput, lambda: world.service.join(issued.code, name='Amina', group=group))


@pytest.mark.parametrize('template', ['nope', '', 'cop-industry-connect-2025-s5', 'CUSTOM'])
def test_create_refuses_an_unknown_template(world: World, template: str) -> None:
    with pytest.raises(InvalidInput, match='Unknown template'):
        world.new_session(template=template)
    assert world.service.list_sessions(world.organizer) == []
    assert world.events == []


@pytest.mark.parametrize('zone', ['Mars/Olympus_Mons', '', 'europe/zurich', 'UTC+2', '../etc/passwd', 42])
def test_an_unknown_timezone_is_refused_on_create_and_update(world: World, zone: object) -> None:
    with pytest.raises(InvalidInput, match='time zone'):
        world.new_session(timezone=zone)
    issued = world.new_session()
    refused(world, issued, InvalidInput,
            lambda: world.service.update_session(world.organizer, issued.code, timezone=zone))  # type: ignore[arg-type]
    assert len(world.service.list_sessions(world.organizer)) == 1


@pytest.mark.parametrize('starts_at', ['tomorrow', '2025-13-01T14:00', 42, ''])
def test_a_bad_start_time_is_refused(world: World, starts_at: object) -> None:
    issued = world.new_session()
    refused(world, issued, InvalidInput,
            lambda: world.service.update_session(world.organizer, issued.code, starts_at=starts_at))  # type: ignore[arg-type]


@pytest.mark.parametrize('url', ['javascript:alert(1)', 'ftp://files.example.org/call', 'https://', 'example.org',
                                 'data:text/html,<script>alert(1)</script>', '//example.org/x', 'https:///path',
                                 'https://' + 'a' * 500, 42])
def test_a_bad_call_url_is_refused(world: World, url: object) -> None:
    issued = world.new_session()
    refused(world, issued, InvalidInput,
            lambda: world.service.update_session(world.moderator(issued), issued.code, call_url=url))  # type: ignore[arg-type]


def test_a_good_call_url_is_kept_and_an_empty_one_clears_it(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.update_session(mod, issued.code, call_url='  https://meet.example.org/cop?room=1  ')
    assert json_state(world.service, issued.code)['call_url'] == 'https://meet.example.org/cop?room=1'
    world.service.update_session(mod, issued.code, call_url='')
    assert json_state(world.service, issued.code)['call_url'] == ''


@pytest.mark.parametrize('show_name', ['yes', 1, 0, 'false'])
def test_join_refuses_a_show_name_that_is_not_a_boolean(world: World, show_name: object) -> None:
    issued = world.new_session()
    refused(world, issued, InvalidInput,
            lambda: world.service.join(issued.code, name='Amina', group='youth', show_name=show_name))


@pytest.mark.parametrize('organization', ['o' * 121, 42])
def test_join_refuses_a_bad_organisation(world: World, organization: object) -> None:
    issued = world.new_session()
    refused(world, issued, InvalidInput,
            lambda: world.service.join(issued.code, name='Amina', group='youth', organization=organization))


def test_add_segment_refuses_an_unknown_kind(world: World) -> None:
    issued = world.new_session()
    refused(world, issued, InvalidInput, lambda: world.service.add_segment(
        world.moderator(issued), issued.code, title='Wrap-up', planned_seconds=60, kind='keynote'))
