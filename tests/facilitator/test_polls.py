"""Live polls through the service: drafting, one open poll per scope, answers that replace, results per group with
the small-group rule, word clouds, and exact counts after a concurrent storm."""

import json
import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlmodel import select

from db.models import PollAnswer
from facilitator.actors import Actor
from facilitator.errors import Conflict, Forbidden, InvalidInput
from facilitator.events import ChangeKind
from facilitator.organizer import IssuedKeys
from tests.factories import World, json_state

from .helpers import refused

GROUPS = ('government', 'industry', 'civil_society', 'academia', 'international_organization', 'youth', 'other')


def poll_of(world: World, code: str, poll_id: str, *, staff: bool = False) -> dict[str, Any]:
    state = world.service.state(code, staff=staff) if staff else None
    polls = [p.model_dump(mode='json') for p in state.polls] if state else json_state(world.service, code)['polls']
    return next(p for p in polls if p['id'] == poll_id)


def opened(world: World, **poll: Any) -> tuple[IssuedKeys, Actor, str]:
    issued = world.new_session()
    mod = world.moderator(issued)
    spec = {'question': 'Most pressing risk?', 'options': ['Grooming', 'Scams', 'Bullying']} | poll
    poll_id = world.service.add_poll(mod, issued.code, **spec)
    world.service.open_poll(mod, issued.code, poll_id)
    return issued, mod, poll_id


def counts(poll: dict[str, Any]) -> dict[str, int]:
    return {c['label']: c['count'] for c in poll['results']['counts']}


# correct use ----------------------------------------------------------------------------------------------------------

def test_an_answer_counts_and_a_second_one_replaces_it(world: World) -> None:
    issued, _mod, poll_id = opened(world)
    amina = world.participant(issued)
    before = json_state(world.service, issued.code)
    world.service.answer_poll(amina, issued.code, poll_id, choices=[0])
    world.service.answer_poll(amina, issued.code, poll_id, choices=[2])
    assert world.events[-1].kind == ChangeKind.INPUT
    state = json_state(world.service, issued.code)
    assert state['agenda_version'] == before['agenda_version'], 'answers are input, not a control change'
    staff = poll_of(world, issued.code, poll_id, staff=True)
    assert staff['answers'] == 1
    assert counts(staff) == {'Grooming': 0, 'Scams': 0, 'Bullying': 1}


def test_participants_see_no_results_until_they_are_shown(world: World) -> None:
    issued, mod, poll_id = opened(world)
    world.service.answer_poll(world.participant(issued), issued.code, poll_id, choices=[1])
    public = poll_of(world, issued.code, poll_id)
    assert (public['answers'], public['results'], public['results_visible']) == (1, None, False)
    world.service.set_poll_results(mod, issued.code, poll_id, True)
    assert counts(poll_of(world, issued.code, poll_id))['Scams'] == 1
    world.service.set_poll_results(mod, issued.code, poll_id, False)
    assert poll_of(world, issued.code, poll_id)['results'] is None


def test_one_poll_is_open_per_scope(world: World) -> None:
    issued, mod, first = opened(world)
    world.service.open_rooms(mod, issued.code, 10)
    room = json_state(world.service, issued.code)['rooms'][0]['id']
    in_room = world.service.add_poll(mod, issued.code, question='Ready?', kind='scale', room_id=room)
    world.service.open_poll(mod, issued.code, in_room)
    assert poll_of(world, issued.code, first)['state'] == 'open', 'a room poll leaves the plenary one open'
    second = world.service.add_poll(mod, issued.code, question='One word', kind='words')
    world.service.open_poll(mod, issued.code, second)
    assert [poll_of(world, issued.code, p)['state'] for p in (first, in_room, second)] == ['closed', 'open', 'open']


def test_a_room_poll_takes_answers_from_its_room_only(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    world.service.open_rooms(mod, issued.code, 10)
    rooms = [r['id'] for r in json_state(world.service, issued.code)['rooms']]
    poll_id = world.service.add_poll(mod, issued.code, question='Ready?', kind='scale', room_id=rooms[0])
    world.service.open_poll(mod, issued.code, poll_id)
    amina, kofi = world.participant(issued), world.participant(issued, 'Kofi', 'academia')
    world.service.join_room(amina, issued.code, rooms[0])
    world.service.join_room(kofi, issued.code, rooms[1])
    world.service.answer_poll(amina, issued.code, poll_id, value=4)
    refused(world, issued, Forbidden, lambda: world.service.answer_poll(kofi, issued.code, poll_id, value=2),
            code='not_in_room')


def test_drafts_are_edited_reordered_and_deleted(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    a = world.service.add_poll(mod, issued.code, question='A?', options=['x', 'y'])
    b = world.service.add_poll(mod, issued.code, question='B?', kind='scale')
    c = world.service.add_poll(mod, issued.code, question='C?', kind='words')
    world.service.update_poll(mod, issued.code, c, position=0)
    world.service.update_poll(mod, issued.code, a, question='A, edited?', options=['x', 'y', 'z'], multiple=True)
    polls = json_state(world.service, issued.code)['polls']
    assert [p['question'] for p in polls] == ['C?', 'A, edited?', 'B?']
    assert polls[1]['options'] == ['x', 'y', 'z'] and polls[1]['multiple']
    world.service.remove_poll(mod, issued.code, b)
    assert [p['id'] for p in json_state(world.service, issued.code)['polls']] == [c, a]


def test_scale_and_multiple_choice(world: World) -> None:
    issued, mod, poll_id = opened(world, multiple=True)
    amina = world.participant(issued)
    world.service.answer_poll(amina, issued.code, poll_id, choices=[2, 0])
    assert counts(poll_of(world, issued.code, poll_id, staff=True)) == {'Grooming': 1, 'Scams': 0, 'Bullying': 1}
    scale = world.service.add_poll(mod, issued.code, question='How ready?', kind='scale')
    world.service.open_poll(mod, issued.code, scale)
    world.service.answer_poll(amina, issued.code, scale, value=4)
    world.service.answer_poll(world.participant(issued, 'Kofi'), issued.code, scale, value=2)
    result = poll_of(world, issued.code, scale, staff=True)['results']
    assert [c['count'] for c in result['counts']] == [0, 1, 0, 1, 0]
    assert result['mean'] == 3.0


def test_words_are_counted_whole_normalised_and_filtered(world: World) -> None:
    issued, mod, poll_id = opened(world, kind='words', options=[])
    answers = [['Safety by design', '  trust '], ['safety  BY design'], ['安全', 'merde'], ['Café'], ['cafe\u0301']]
    for index, words in enumerate(answers):
        world.service.answer_poll(world.participant(issued, f'P{index}'), issued.code, poll_id, words=words)
    assert counts(poll_of(world, issued.code, poll_id, staff=True)) == {
        'safety by design': 2, 'café': 2, 'trust': 1, '安全': 1}
    world.service.block_poll_word(mod, issued.code, poll_id, 'Trust')
    assert 'trust' not in counts(poll_of(world, issued.code, poll_id, staff=True))


def test_groups_with_fewer_than_three_answers_are_merged(world: World) -> None:
    issued, _mod, poll_id = opened(world)
    people = [('industry', 0)] * 3 + [('youth', 1), ('academia', 1)]
    for index, (group, choice) in enumerate(people):
        world.service.answer_poll(world.participant(issued, f'P{index}', group), issued.code, poll_id,
                                  choices=[choice])
    result = poll_of(world, issued.code, poll_id, staff=True)['results']
    assert result['by_group'] == {'industry': [3, 0, 0], 'smaller_groups': [0, 2, 0]}
    assert result['group_answers'] == {'industry': 3, 'smaller_groups': 2}


def test_the_counts_equal_the_stored_answers_after_a_concurrent_storm(world: World) -> None:
    """500 answers from 100 people on 8 threads, each person answering about five times: one answer each, and the
    counts overall and per group are exactly those of the stored rows."""
    issued, _mod, poll_id = opened(world, multiple=True)
    people = [world.participant(issued, f'P{i}', GROUPS[i % len(GROUPS)]) for i in range(100)]
    rng = random.Random(16)
    calls = [(people[i % 100], sorted(rng.sample(range(3), rng.randint(1, 3)))) for i in range(500)]
    rng.shuffle(calls)
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda call: world.service.answer_poll(call[0], issued.code, poll_id, choices=call[1]),
                      calls))
    with world.service._read() as db:
        stored = list(db.exec(select(PollAnswer)))
    assert len(stored) == 100
    result = poll_of(world, issued.code, poll_id, staff=True)
    assert result['answers'] == 100
    expected: Counter[int] = Counter(i for a in stored for i in a.choices)
    assert [c['count'] for c in result['results']['counts']] == [expected[i] for i in range(3)]
    for group in GROUPS:
        mine = [a for a in stored if a.group.value == group]
        assert result['results']['by_group'][group] == [sum(i in a.choices for a in mine) for i in range(3)]


# invalid state and input ----------------------------------------------------------------------------------------------

def test_answering_a_poll_that_is_not_open_is_refused(world: World) -> None:
    issued, mod, poll_id = opened(world)
    amina = world.participant(issued)
    world.service.close_poll(mod, issued.code, poll_id)
    refused(world, issued, Conflict, lambda: world.service.answer_poll(amina, issued.code, poll_id, choices=[0]),
            code='poll_not_open')
    refused(world, issued, Conflict, lambda: world.service.close_poll(mod, issued.code, poll_id),
            code='poll_not_open')


def test_after_the_end_answers_get_session_ended(world: World) -> None:
    issued, mod, poll_id = opened(world)
    amina = world.participant(issued)
    world.service.end_session(mod, issued.code)
    refused(world, issued, Conflict, lambda: world.service.answer_poll(amina, issued.code, poll_id, choices=[0]),
            code='session_ended')


@pytest.mark.parametrize('answer', [{'choices': [3]}, {'choices': [-1]}, {'choices': [0, 1]}, {'value': 3},
                                    {'choices': []}, {'words': ['x']}, {}])
def test_an_answer_that_does_not_fit_is_invalid(world: World, answer: dict[str, Any]) -> None:
    issued, _mod, poll_id = opened(world)
    amina = world.participant(issued)
    refused(world, issued, InvalidInput, lambda: world.service.answer_poll(amina, issued.code, poll_id, **answer))


@pytest.mark.parametrize('words', [[], ['a', 'b', 'c', 'd'], ['x' * 31], ['   ']])
def test_words_out_of_bounds_are_invalid(world: World, words: list[str]) -> None:
    issued, _mod, poll_id = opened(world, kind='words', options=[])
    amina = world.participant(issued)
    refused(world, issued, InvalidInput, lambda: world.service.answer_poll(amina, issued.code, poll_id, words=words))


def test_an_open_poll_cannot_be_edited_or_deleted(world: World) -> None:
    issued, mod, poll_id = opened(world)
    refused(world, issued, Conflict, lambda: world.service.update_poll(mod, issued.code, poll_id, question='New?'),
            code='poll_not_draft')
    refused(world, issued, Conflict, lambda: world.service.remove_poll(mod, issued.code, poll_id),
            code='poll_not_draft')


def test_a_choice_poll_needs_two_options(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    refused(world, issued, InvalidInput, lambda: world.service.add_poll(mod, issued.code, question='Q?',
                                                                        options=['only']))


# wrong role -----------------------------------------------------------------------------------------------------------

def test_participants_cannot_run_polls_and_staff_cannot_answer(world: World) -> None:
    issued, mod, poll_id = opened(world)
    amina = world.participant(issued)
    refused(world, issued, Forbidden, lambda: world.service.add_poll(amina, issued.code, question='Q?',
                                                                     kind='scale'))
    refused(world, issued, Forbidden, lambda: world.service.set_poll_results(amina, issued.code, poll_id, True))
    refused(world, issued, Forbidden, lambda: world.service.answer_poll(mod, issued.code, poll_id, choices=[0]))


def test_the_results_are_in_the_report(world: World) -> None:
    issued, mod, poll_id = opened(world)
    world.service.add_poll(mod, issued.code, question='Never opened', kind='scale')
    for index, group in enumerate(['industry'] * 3 + ['youth']):
        world.service.answer_poll(world.participant(issued, f'P{index}', group), issued.code, poll_id,
                                  choices=[index % 2])
    world.service.close_poll(mod, issued.code, poll_id)
    report = json.loads(world.service.export(mod, issued.code, 'json').content)
    assert [p['question'] for p in report['polls']] == ['Most pressing risk?'], 'drafts never ran'
    poll = report['polls'][0]
    assert [c['count'] for c in poll['counts']] == [2, 2, 0]
    assert poll['by_group'] == {'Industry': [2, 1, 0], 'Smaller groups': [0, 1, 0]}
    markdown = world.service.export(mod, issued.code, 'md').content.decode()
    assert '## Polls' in markdown and '| Grooming | 2 | 2 | 0 |' in markdown
