"""Text hygiene: names and posts need a visible character; names lose bidi overrides and isolates."""

import pytest

from facilitator import validation as check
from facilitator.errors import InvalidInput
from tests.factories import World, json_state

ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u200b\u200d\ufeff', ' \u200b \u2060 ', '\u3164',
              '\u2800', '\u202e\u2066']


@pytest.mark.parametrize('blank', ZERO_WIDTH)
def test_a_name_of_only_invisible_characters_is_refused_as_empty(world: World, blank: str) -> None:
    issued = world.new_session()
    before = json_state(world.service, issued.code)['participant_count']
    with pytest.raises(InvalidInput, match='must not be empty') as refused:
        world.service.join(issued.code, name=blank, group='industry')
    assert refused.value.status == 422
    assert json_state(world.service, issued.code)['participant_count'] == before


@pytest.mark.parametrize('blank', ZERO_WIDTH)
def test_a_post_of_only_invisible_characters_is_refused(world: World, blank: str) -> None:
    issued = world.new_session()
    moderator = world.moderator(issued)
    world.service.open_rooms(moderator, issued.code, 10)
    room = json_state(world.service, issued.code)['rooms'][0]
    amina = world.participant(issued)
    world.service.join_room(amina, issued.code, room['id'])
    with pytest.raises(InvalidInput) as refused:
        world.service.add_post(amina, issued.code, room['id'], text=blank)
    assert refused.value.status == 422
    assert json_state(world.service, issued.code)['rooms'][0]['posts'] == []


def test_bidi_overrides_and_isolates_are_removed_from_names(world: World) -> None:
    issued = world.new_session()
    world.service.join(issued.code, name='Am\u202eina\u202c \u2066Diallo\u2069', group='academia',
                       organization='\u202dHelp\u2067line\u2068', browser_id='b1')
    profile = world.service.participant_for_browser(issued.code, 'b1')
    assert profile is not None
    assert profile.name == 'Amina Diallo'
    speaker_names = {s['name'] for s in json_state(world.service, issued.code)['speakers']}
    assert not any('\u202e' in name for name in speaker_names)


def test_a_name_with_visible_letters_and_joiners_keeps_the_joiners() -> None:
    family = '\U0001f469\u200d\U0001f467'  # a ZWJ emoji sequence is visible
    assert check.name(f'Ana {family}', field='Name') == f'Ana {family}'
    assert check.name('\u0645\u062d\u0645\u062f', field='Name') == '\u0645\u062d\u0645\u062f'  # Arabic stays


def test_an_optional_field_of_only_invisible_characters_becomes_empty() -> None:
    assert check.name('\u200b\u200b', field='Organisation', required=False) == ''
    assert check.text('\ufeff', field='Theme', max_length=100, required=False) == ''


def test_speaker_names_lose_bidi_controls_too(world: World) -> None:
    issued = world.new_session()
    moderator = world.moderator(issued)
    world.service.add_speaker(moderator, issued.code, name='\u202eEve\u202c', organization='\u2066X\u2069')
    added = json_state(world.service, issued.code)['speakers'][-1]
    assert (added['name'], added['organization']) == ('Eve', 'X')
