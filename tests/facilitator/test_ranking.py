"""Rankings: Top, New and common ground across stakeholder groups, as pure functions and in each room's state."""

import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from facilitator.ranking import Sort, Tally, common_ground_score, rank, tallies_for, voting_members
from tests.factories import World

from .test_rooms import member, room, with_rooms

T0 = datetime(2025, 7, 17, 14, 0, tzinfo=UTC)


def tally(minute: int, pinned: bool = False, **by_group: int) -> Tally:
    """A post created `minute` minutes after T0, with these votes per group."""
    return Tally(post_id=uuid.uuid4(), created_at=T0 + timedelta(minutes=minute), pinned=pinned,
                 by_group=Counter(by_group))


def order(tallies: list[Tally], sort: Sort, members: Counter[str] | None = None) -> tuple[list[Tally], Sort]:
    return rank(tallies, sort, members)


# the pure functions -----------------------------------------------------------------------------------------------

def test_top_orders_by_total_votes_then_older_first() -> None:
    older_two, newer_two, three, none = tally(0, industry=2), tally(5, youth=1, academia=1), tally(9, industry=3), \
        tally(1)
    ordered, used = order([none, newer_two, older_two, three], Sort.TOP)
    assert used == Sort.TOP
    assert ordered == [three, older_two, newer_two, none]


def test_new_orders_newest_first() -> None:
    a, b, c = tally(0, industry=5), tally(10), tally(5)
    ordered, used = order([a, b, c], Sort.NEW)
    assert (ordered, used) == ([b, c, a], Sort.NEW)


@pytest.mark.parametrize('sort', list(Sort))
def test_pinned_posts_come_first_in_every_sort(sort: Sort) -> None:
    loud, pinned_quiet = tally(5, industry=9, youth=9), tally(0, pinned=True)
    ordered, _used = order([loud, pinned_quiet], sort, Counter({'industry': 9, 'youth': 9}))
    assert ordered == [pinned_quiet, loud]


def test_common_ground_prefers_what_every_group_backs_over_what_one_group_pushes() -> None:
    # 3 industry and 2 civil society members voted in the room.
    members = Counter({'industry': 3, 'civil_society': 2})
    pushed = tally(0, industry=3)  # 3 votes, all from one group: civil society share 0/2
    shared = tally(5, industry=1, civil_society=1)  # 2 votes: shares 1/3 and 1/2, lowest 1/3
    assert common_ground_score(pushed, members) == 0
    assert common_ground_score(shared, members) == pytest.approx(1 / 3)
    top, _ = order([pushed, shared], Sort.TOP)
    common, used = order([pushed, shared], Sort.COMMON_GROUND, members)
    assert top == [pushed, shared], 'Top follows the raw count'
    assert (common, used) == ([shared, pushed], Sort.COMMON_GROUND)


def test_a_share_is_votes_over_the_groups_voting_members() -> None:
    members = Counter({'industry': 4, 'youth': 1, 'government': 2})
    post = tally(0, industry=2, youth=1, government=2)
    assert common_ground_score(post, members) == pytest.approx(0.5), 'min(2/4, 1/1, 2/2)'
    assert common_ground_score(tally(0, industry=4, youth=1), members) == 0, 'government gave nothing'
    assert common_ground_score(post, Counter()) == 0


def test_common_ground_ties_go_to_more_votes_then_to_the_older_post() -> None:
    members = Counter({'industry': 2, 'youth': 2})
    small = tally(0, industry=1, youth=1)  # score 1/2, 2 votes
    big = tally(5, industry=2, youth=1)  # score 1/2, 3 votes
    newer_small = tally(9, industry=1, youth=1)  # score 1/2, 2 votes, newer
    best = tally(10, industry=2, youth=2)  # score 1
    ordered, used = order([newer_small, small, big, best], Sort.COMMON_GROUND, members)
    assert used == Sort.COMMON_GROUND
    assert ordered == [best, big, small, newer_small]


@pytest.mark.parametrize('members', [None, Counter(), Counter({'industry': 5})])
def test_common_ground_below_two_groups_falls_back_to_top_and_says_so(members: Counter[str] | None) -> None:
    few, many = tally(0, industry=1), tally(5, industry=4)
    ordered, used = order([few, many], Sort.COMMON_GROUND, members)
    assert used == Sort.TOP
    assert ordered == [many, few]


def test_voting_members_counts_distinct_people_per_group_on_these_posts_only() -> None:
    here, there = uuid.uuid4(), uuid.uuid4()
    ana, ben, cy, dee = (uuid.uuid4() for _ in range(4))
    votes = [(here, ana, 'industry'), (here, ben, 'industry'), (here, cy, 'youth'),
             (there, dee, 'government'), (there, ana, 'industry')]
    assert voting_members(votes, {here}) == Counter({'industry': 2, 'youth': 1})
    assert voting_members([*votes, (uuid.uuid4(), cy, 'youth')], {here}) == Counter({'industry': 2, 'youth': 1})
    assert voting_members(votes, {here, there}) == Counter({'industry': 2, 'youth': 1, 'government': 1}), \
        'someone who voted twice counts once'
    assert voting_members(votes, set()) == Counter()


def test_tallies_count_votes_by_group_and_ignore_unknown_posts() -> None:
    a, b, stray = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    people = [uuid.uuid4() for _ in range(3)]
    tallies = tallies_for([(a, T0, False), (b, T0 + timedelta(minutes=1), True)],
                          [(a, people[0], 'industry'), (a, people[1], 'youth'), (a, people[2], 'youth'),
                           (stray, people[0], 'industry')])
    assert set(tallies) == {a, b}
    assert (tallies[a].total, tallies[a].by_group) == (3, Counter({'industry': 1, 'youth': 2}))
    assert (tallies[b].total, tallies[b].pinned, tallies[b].created_at) == (0, True, T0 + timedelta(minutes=1))


# the room ranking in the state ------------------------------------------------------------------------------------

def test_each_room_reports_top_and_common_ground(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    industry = [member(world, issued, rooms[0], f'Ind{i}', 'industry') for i in range(3)]
    civil = [member(world, issued, rooms[0], f'Civ{i}', 'civil_society') for i in range(2)]
    member(world, issued, rooms[0], 'Quiet', 'youth')  # a member who never votes is not a group counted
    pushed = world.service.add_post(industry[0], issued.code, rooms[0], text='Self-regulation is enough')
    world.clock.advance(60)
    shared = world.service.add_post(civil[0], issued.code, rooms[0], text='Independent audits of safety claims')
    for person in industry:
        world.service.cast_vote(person, issued.code, pushed)
    for person in [industry[0], civil[0]]:
        world.service.cast_vote(person, issued.code, shared)
    ranking = room(world, issued.code, rooms[0])['ranking']
    assert ranking == {'top': [pushed, shared], 'common_ground': [shared, pushed],
                       'common_ground_used': 'common_ground', 'groups_counted': 2}
    posts = room(world, issued.code, rooms[0])['posts']
    assert [p['id'] for p in posts] == [pushed, shared], 'the post list follows Top'
    assert posts[0]['votes_by_group'] == {'industry': 3}


def test_a_room_where_one_group_voted_falls_back_to_top(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    ana = member(world, issued, rooms[0], 'Ana', 'industry')
    ben = member(world, issued, rooms[0], 'Ben', 'industry')
    member(world, issued, rooms[0], 'Cy', 'youth')  # a member, but no vote: not counted
    first = world.service.add_post(ana, issued.code, rooms[0], text='One')
    world.clock.advance(1)
    second = world.service.add_post(ben, issued.code, rooms[0], text='Two')
    world.service.cast_vote(ana, issued.code, second)
    world.service.cast_vote(ben, issued.code, second)
    ranking = room(world, issued.code, rooms[0])['ranking']
    assert ranking == {'top': [second, first], 'common_ground': [second, first], 'common_ground_used': 'top',
                       'groups_counted': 1}
    assert room(world, issued.code, rooms[1])['ranking'] == {'top': [], 'common_ground': [],
                                                             'common_ground_used': 'top', 'groups_counted': 0}


def test_groups_counted_are_those_who_voted_in_this_room(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    ana = member(world, issued, rooms[0], 'Ana', 'industry')
    gov = member(world, issued, rooms[1], 'Gov', 'government')
    youth = member(world, issued, rooms[1], 'Yu', 'youth')
    here = world.service.add_post(ana, issued.code, rooms[0], text='Room one')
    there = world.service.add_post(gov, issued.code, rooms[1], text='Room two')
    world.service.cast_vote(ana, issued.code, here)
    world.service.cast_vote(gov, issued.code, there)
    world.service.cast_vote(youth, issued.code, there)
    assert room(world, issued.code, rooms[0])['ranking']['groups_counted'] == 1, 'room two votes do not count here'
    assert room(world, issued.code, rooms[1])['ranking']['groups_counted'] == 2
    world.service.moderate_post(mod, issued.code, there, 'hide', reason='Test')
    assert room(world, issued.code, rooms[1])['ranking'] == {'top': [], 'common_ground': [],
                                                             'common_ground_used': 'top', 'groups_counted': 0}, \
        'votes on a hidden post count for nobody'


def test_pending_posts_are_not_ranked(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    ana = member(world, issued, rooms[0], 'Ana', 'industry')
    world.service.set_pre_moderation(mod, issued.code, True)
    pending = world.service.add_post(ana, issued.code, rooms[0], text='Waiting')
    staff_room = room(world, issued.code, rooms[0], staff=True)
    assert [p['id'] for p in staff_room['posts']] == [pending]
    assert staff_room['ranking']['top'] == []
    assert room(world, issued.code, rooms[0])['posts'] == []
