"""The flood guard: more than 60 posts within 60 s in one room from participants who joined less than 10 minutes ago
turn pre-moderation on; the console is told why, and one click turns it off again."""

from facilitator.events import ChangeKind
from facilitator.flood_guard import FLOOD_POSTS, FRESH_S, REASON
from facilitator.organizer import IssuedKeys
from tests.factories import World, json_state

from .test_rooms import member, with_rooms


def _fresh_crowd(world: World, issued: IssuedKeys, room_id: str, n: int, prefix: str) -> list:
    return [member(world, issued, room_id, f'{prefix} {i}', 'youth') for i in range(n)]


def test_fifty_fresh_participants_posting_twice_turn_pre_moderation_on_and_the_moderator_is_told(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    crowd = _fresh_crowd(world, issued, rooms[0], 50, 'Fresh')
    start = world.clock()
    for round_ in range(2):
        for i, actor in enumerate(crowd):
            world.service.add_post(actor, issued.code, rooms[0], text=f'Post {round_} from {i}')
        world.clock.advance(1)
    staff = json_state(world.service, issued.code, staff=True)
    assert staff['pre_moderation'] is True
    guard = staff['flood_guard']
    assert guard is not None and guard['reason'] == REASON and guard['room'] == staff['rooms'][0]['topic']
    assert guard['on_at_ms'] >= round(start.timestamp() * 1000)
    posts = staff['rooms'][0]['posts']
    assert sum(1 for p in posts if p['approved']) == FLOOD_POSTS, 'the post that tipped it over waits too'
    assert sum(1 for p in posts if not p['approved']) == 100 - FLOOD_POSTS
    assert 'flood_guard' not in json_state(world.service, issued.code), 'the public snapshot does not say'
    assert any(e.kind == ChangeKind.NEW_INPUT for e in world.events[-3:]), 'the change was published with the post'


def test_one_click_turns_it_off_and_the_posts_so_far_stop_counting(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    crowd = _fresh_crowd(world, issued, rooms[0], 31, 'Fresh')
    for round_ in range(2):
        for i, actor in enumerate(crowd):
            world.service.add_post(actor, issued.code, rooms[0], text=f'Post {round_} from {i}')
    assert json_state(world.service, issued.code, staff=True)['flood_guard'] is not None
    world.service.set_pre_moderation(mod, issued.code, False)
    world.service.add_post(crowd[0], issued.code, rooms[0], text='After the moderator looked')
    staff = json_state(world.service, issued.code, staff=True)
    assert (staff['pre_moderation'], staff['flood_guard']) == (False, None)


def test_established_participants_or_another_room_do_not_trip_it(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    old = _fresh_crowd(world, issued, rooms[0], 31, 'Early')
    other = _fresh_crowd(world, issued, rooms[1], 20, 'Elsewhere')
    world.clock.advance(FRESH_S + 1)  # the early ones are no longer fresh
    fresh = _fresh_crowd(world, issued, rooms[0], 20, 'Late')
    for round_ in range(2):
        for i, actor in enumerate([*old, *fresh]):
            world.service.add_post(actor, issued.code, rooms[0], text=f'Room post {round_} {i}')
        for i, actor in enumerate(other):
            world.service.add_post(actor, issued.code, rooms[1], text=f'Other room {round_} {i}')
    staff = json_state(world.service, issued.code, staff=True)
    assert (staff['pre_moderation'], staff['flood_guard']) == (False, None), '40 fresh posts per room is no flood'
