"""Group breakdowns never show a group with fewer than 3 members in the room on its own: they are "smaller groups"."""

import json

from facilitator.labels import SMALLER_GROUPS
from facilitator.small_groups import merge_members, merge_small
from tests.factories import World

from .test_rooms import member, room, with_rooms


def test_a_group_with_one_or_two_members_is_not_shown_on_its_own_in_the_public_snapshot(world: World) -> None:
    issued, _mod, rooms = with_rooms(world)
    industry = [member(world, issued, rooms[0], f'Ind {n}', 'industry') for n in range(3)]
    youth = [member(world, issued, rooms[0], f'Youth {n}', 'youth') for n in range(2)]
    lone = member(world, issued, rooms[0], 'Only academic', 'academia')
    post_id = world.service.add_post(industry[0], issued.code, rooms[0], text='Age-appropriate design')
    for actor in [*industry, *youth, lone]:
        world.service.cast_vote(actor, issued.code, post_id)
    for staff in (False, True):
        shown = room(world, issued.code, rooms[0], staff=staff)
        assert shown['members_by_group'] == {'industry': 3, SMALLER_GROUPS: 3}
        [post] = shown['posts']
        assert post['votes_by_group'] == {'industry': 3, SMALLER_GROUPS: 3}
        assert 'academia' not in post['votes_by_group'] and 'youth' not in post['votes_by_group']


def test_the_report_names_the_merged_groups_smaller_groups(world: World) -> None:
    issued, mod, rooms = with_rooms(world)
    amina = member(world, issued, rooms[0], 'Amina', 'civil_society')
    kofi = member(world, issued, rooms[0], 'Kofi', 'youth')
    post_id = world.service.add_post(amina, issued.code, rooms[0], text='Safety by default')
    world.service.cast_vote(kofi, issued.code, post_id)
    report = json.loads(world.service.export(mod, issued.code, 'json').content)
    [first] = [r for r in report['rooms'] if r['id'] == rooms[0]]
    assert first['members_by_group'] == {'Smaller groups': 2}
    assert first['posts'][0]['votes_by_group'] == {'Smaller groups': 1}


def test_merging_keeps_groups_of_three_and_folds_the_rest() -> None:
    assert merge_small({'youth': 1, 'industry': 2}, {'youth': 2, 'industry': 3}) == {SMALLER_GROUPS: 1, 'industry': 2}
    assert merge_members({'youth': 2, 'academia': 1, 'industry': 5}) == {SMALLER_GROUPS: 3, 'industry': 5}
    assert merge_small({'youth': 0}, {'youth': 5}) == {}, 'zero counts are left out'
