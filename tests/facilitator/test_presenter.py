"""Presenter links and private cues: the link is in the staff snapshot only, a cue reaches one speaker, the
acknowledgement reaches the staff, and regenerating the staff links replaces every presenter link."""

from urllib.parse import parse_qs, urlsplit

import pytest

from facilitator.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from tests.factories import World, json_state

from .helpers import refused


def key_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)['key'][0]


def presenters(world: World, code: str) -> dict[str, dict[str, object]]:
    return {p.speaker_id: p.model_dump() for p in world.service.state(code, staff=True).presenters}


def test_a_cue_reaches_one_presenter_and_the_acknowledgement_the_console(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    ana = world.service.add_speaker(mod, issued.code, name='Ana')
    bo = world.service.add_speaker(mod, issued.code, name='Bo')
    links = presenters(world, issued.code)
    assert 'presenter' not in json_state(world.service, issued.code), 'never in the public state'
    assert world.service.presenter_for_key(issued.code, key_of(str(links[ana]['presenter_url'])))[1] == ana
    world.service.cue_speaker(mod, issued.code, ana, 'Wrap up please')
    assert world.service.presenter_cue(issued.code, ana).cue == 'Wrap up please'  # type: ignore[union-attr]
    assert world.service.presenter_cue(issued.code, bo).cue is None  # type: ignore[union-attr]
    world.service.acknowledge_cue(issued.code, key_of(str(links[ana]['presenter_url'])))
    assert presenters(world, issued.code)[ana]['acknowledged_at_ms'] is not None
    world.service.cue_speaker(mod, issued.code, ana, 'Louder')
    assert presenters(world, issued.code)[ana]['acknowledged_at_ms'] is None, 'a new cue waits again'


def test_regenerated_staff_links_replace_the_presenter_links(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    ana = world.service.add_speaker(mod, issued.code, name='Ana')
    old = key_of(str(presenters(world, issued.code)[ana]['presenter_url']))
    world.service.regenerate_keys(world.organizer, issued.code)
    with pytest.raises(Unauthorized):
        world.service.presenter_for_key(issued.code, old)
    new = key_of(str(presenters(world, issued.code)[ana]['presenter_url']))
    assert new != old and world.service.presenter_for_key(issued.code, new)[1] == ana


@pytest.mark.parametrize('key', ['', 'x' * 64, '0' * 64])
def test_a_wrong_key_opens_nothing(world: World, key: str) -> None:
    issued = world.new_session()
    with pytest.raises(Unauthorized):
        world.service.presenter_for_key(issued.code, key)


def test_cues_are_for_moderators_and_known_speakers(world: World) -> None:
    issued = world.new_session()
    mod = world.moderator(issued)
    ana = world.service.add_speaker(mod, issued.code, name='Ana')
    amina = world.participant(issued)
    refused(world, issued, Forbidden, lambda: world.service.cue_speaker(amina, issued.code, ana, 'Louder'))
    refused(world, issued, NotFound, lambda: world.service.cue_speaker(mod, issued.code, 'nope', 'Louder'))
    refused(world, issued, InvalidInput, lambda: world.service.cue_speaker(mod, issued.code, ana, ''))
