"""Identity: joining, personal links, browsers, staff grants and bearer secrets."""

import json

import pytest

from db.enums import Role, StakeholderGroup
from facilitator.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from facilitator.events import ChangeKind
from tests.factories import ADMIN_TOKEN, World, json_state

from .helpers import refused

# join ----------------------------------------------------------------------------------------------------------------

def test_join_returns_a_personal_token_and_link(world: World) -> None:
    issued = world.new_session()
    before = json_state(world.service, issued.code)
    world.events.clear()
    joined = world.service.join(issued.code.lower(), name='  Amina   Diallo ', group='civil_society',
                                organization='Child Helpline')
    assert joined.url == f'http://testserver/s/{issued.code}?t={joined.token}'
    assert len(joined.token) >= 22
    state = json_state(world.service, issued.code)
    assert state['participant_count'] == before['participant_count'] + 1
    assert (state['version'], state['agenda_version']) == (before['version'] + 1, before['agenda_version'])
    assert [(e.code, e.kind) for e in world.events] == [(issued.code, ChangeKind.PEOPLE)]
    assert joined.token not in json.dumps(state)
    actor = world.service.authenticate(issued.code, joined.token)
    assert (actor.role, str(actor.participant_id), actor.name) == (Role.PARTICIPANT, joined.participant_id,
                                                                   'Amina Diallo')


@pytest.mark.parametrize(('group', 'shown'), [(g.value, g != StakeholderGroup.YOUTH) for g in StakeholderGroup])
def test_show_name_defaults_to_hidden_for_youth_only(world: World, group: str, shown: bool) -> None:
    issued = world.new_session()
    world.service.join(issued.code, name='Sam', group=group, browser_id='b1')
    profile = world.service.participant_for_browser(issued.code, 'b1')
    assert profile is not None
    assert (profile.group, profile.show_name) == (group, shown)


@pytest.mark.parametrize(('group', 'show_name'), [('youth', True), ('industry', False)])
def test_show_name_can_be_chosen(world: World, group: str, show_name: bool) -> None:
    issued = world.new_session()
    world.service.join(issued.code, name='Sam', group=group, show_name=show_name, browser_id='b1')
    profile = world.service.participant_for_browser(issued.code, 'b1')
    assert profile is not None and profile.show_name is show_name


def test_join_accepts_a_name_of_exactly_80_characters(world: World) -> None:
    issued = world.new_session()
    world.service.join(issued.code, name='n' * 80, group='academia', browser_id='b1')
    profile = world.service.participant_for_browser(issued.code, 'b1')
    assert profile is not None and profile.name == 'n' * 80


def test_join_an_unknown_session_is_not_found(world: World) -> None:
    with pytest.raises(NotFound) as caught:
        world.service.join('NOPE99', name='Amina', group='youth')
    assert caught.value.code == 'session_not_found'
    assert world.events == []


def test_join_checks_the_input_before_anything_is_written(world: World) -> None:
    issued = world.new_session()
    world.service.join(issued.code, name='First', group='youth', browser_id='b1')
    refused(world, issued, InvalidInput,
            lambda: world.service.join(issued.code, name='', group='youth', browser_id='b1'))
    profile = world.service.participant_for_browser(issued.code, 'b1')
    assert profile is not None and profile.name == 'First', 'a refused join does not take the browser'


def test_joining_again_from_the_same_browser_gives_it_the_new_identity(world: World) -> None:
    issued = world.new_session()
    first = world.service.join(issued.code, name='First', group='youth', browser_id='b1')
    second = world.service.join(issued.code, name='Second', group='industry', browser_id='b1')
    profile = world.service.participant_for_browser(issued.code, 'b1')
    assert profile is not None and profile.id == second.participant_id
    assert world.service.authenticate(issued.code, first.token).name == 'First', 'the old token still works'
    assert json_state(world.service, issued.code)['participant_count'] == 2


def test_a_browser_is_mapped_per_session(world: World) -> None:
    one, two = world.new_session(), world.new_session()
    world.service.join(one.code, name='Amina', group='youth', browser_id='b1')
    assert world.service.participant_for_browser(two.code, 'b1') is None
    world.service.join(two.code, name='Amina', group='youth', browser_id='b1')
    assert world.service.participant_for_browser(one.code, 'b1') is not None


# personal links ------------------------------------------------------------------------------------------------------

def test_claim_personal_link_binds_the_browser(world: World) -> None:
    issued = world.new_session()
    joined = world.service.join(issued.code, name='Amina', group='youth', browser_id='laptop')
    assert world.service.claim_personal_link(issued.code, joined.token, 'phone') is True
    profile = world.service.participant_for_browser(issued.code, 'phone')
    assert profile is not None and profile.id == joined.participant_id
    assert world.service.claim_personal_link(issued.code, joined.token, 'phone') is True, 'idempotent'


def test_claim_moves_the_browser_away_from_another_identity(world: World) -> None:
    issued = world.new_session()
    mine = world.service.join(issued.code, name='Amina', group='youth')
    world.service.join(issued.code, name='Borrowed', group='youth', browser_id='shared')
    assert world.service.claim_personal_link(issued.code, mine.token, 'shared') is True
    profile = world.service.participant_for_browser(issued.code, 'shared')
    assert profile is not None and profile.name == 'Amina'


@pytest.mark.parametrize('token', ['garbage', '', 'other-session'])
def test_claim_with_a_bad_token_returns_false_and_binds_nothing(world: World, token: str) -> None:
    issued = world.new_session()
    if token == 'other-session':
        token = world.service.join(world.new_session().code, name='Elsewhere', group='youth').token
    world.service.join(issued.code, name='Owner', group='youth', browser_id='b1')
    assert world.service.claim_personal_link(issued.code, token, 'b1') is False
    assert world.service.claim_personal_link(issued.code, token, 'b2') is False
    assert world.service.participant_for_browser(issued.code, 'b2') is None
    profile = world.service.participant_for_browser(issued.code, 'b1')
    assert profile is not None and profile.name == 'Owner'


def test_actor_for_participant(world: World) -> None:
    issued, other = world.new_session(), world.new_session()
    joined = world.service.join(issued.code, name='Amina', group='youth')
    actor = world.service.actor_for_participant(issued.code, joined.participant_id)
    assert (actor.role, str(actor.participant_id)) == (Role.PARTICIPANT, joined.participant_id)
    with pytest.raises(Unauthorized):
        world.service.actor_for_participant(other.code, joined.participant_id)


# authenticate --------------------------------------------------------------------------------------------------------

def test_authenticate_each_kind_of_secret(world: World) -> None:
    issued = world.new_session()
    session_id = world.moderator(issued).session_id
    assert session_id is not None
    organizer = world.service.authenticate(None, ADMIN_TOKEN)
    assert (organizer.role, organizer.session_id) == (Role.ORGANIZER, None)
    assert world.service.authenticate(issued.code, ADMIN_TOKEN).role == Role.ORGANIZER
    moderator = world.service.authenticate(issued.code, issued.moderator_key)
    assert (moderator.role, moderator.session_id) == (Role.MODERATOR, session_id)
    rapporteur = world.service.authenticate(issued.code.lower(), issued.rapporteur_key)
    assert (rapporteur.role, rapporteur.session_id) == (Role.RAPPORTEUR, session_id)
    joined = world.service.join(issued.code, name='Amina', group='youth')
    participant = world.service.authenticate(issued.code, joined.token)
    assert (participant.role, participant.session_id, str(participant.participant_id)) == (
        Role.PARTICIPANT, session_id, joined.participant_id)


def test_a_participant_token_of_another_session_is_forbidden(world: World) -> None:
    issued, other = world.new_session(), world.new_session()
    joined = world.service.join(other.code, name='Amina', group='youth')
    with pytest.raises(Forbidden):
        world.service.authenticate(issued.code, joined.token)


@pytest.mark.parametrize('secret', ['garbage', 'x' * 500, None, '', 'Bearer test-organizer-token',
                                    ADMIN_TOKEN.upper(), ADMIN_TOKEN + ' '])
def test_garbage_is_unauthorized(world: World, secret: str | None) -> None:
    issued = world.new_session()
    with pytest.raises(Unauthorized):
        world.service.authenticate(issued.code, secret)
    with pytest.raises(Unauthorized):
        world.service.authenticate(None, secret)


def test_a_session_secret_without_a_session_code_is_unauthorized(world: World) -> None:
    issued = world.new_session()
    with pytest.raises(Unauthorized):
        world.service.authenticate(None, issued.moderator_key)


def test_a_valid_key_for_an_unknown_code_is_not_found(world: World) -> None:
    issued = world.new_session()
    with pytest.raises(NotFound):
        world.service.authenticate('NOPE99', issued.moderator_key)


# staff grants --------------------------------------------------------------------------------------------------------

def test_grant_staff_swaps_a_key_for_a_browser_grant(world: World) -> None:
    issued, other = world.new_session(), world.new_session()
    service = world.service
    assert service.grant_staff(issued.code, issued.rapporteur_key, 'b1') == Role.RAPPORTEUR
    actor = service.staff_for_browser(issued.code, 'b1', Role.RAPPORTEUR)
    assert actor is not None and actor.role == Role.RAPPORTEUR
    assert service.staff_for_browser(issued.code, 'b1', Role.MODERATOR) is None, 'a rapporteur is not a moderator'
    assert service.staff_for_browser(other.code, 'b1', Role.RAPPORTEUR) is None
    assert service.staff_for_browser(issued.code, 'b2', Role.RAPPORTEUR) is None
    assert service.grant_staff(issued.code, 'wrong-key', 'b3') is None
    assert service.grant_staff(other.code, issued.moderator_key, 'b3') is None
    assert service.staff_for_browser(other.code, 'b3', Role.MODERATOR) is None


def test_set_staff_name(world: World) -> None:
    issued = world.new_session()
    service = world.service
    service.grant_staff(issued.code, issued.moderator_key, 'b1')
    mod = service.staff_for_browser(issued.code, 'b1', Role.MODERATOR)
    assert mod is not None
    renamed = service.set_staff_name(mod, issued.code, 'b1', ' Lena ')
    assert renamed.name == 'Lena'
    again = service.staff_for_browser(issued.code, 'b1', Role.MODERATOR)
    assert again is not None and again.name == 'Lena'
    with pytest.raises(InvalidInput):
        service.set_staff_name(mod, issued.code, 'b1', '   ')
    with pytest.raises(Forbidden):
        service.set_staff_name(mod, issued.code, 'never-granted', 'Lena')
    with pytest.raises(Forbidden):
        service.set_staff_name(world.participant(issued), issued.code, 'b1', 'Mallory')
    after = service.staff_for_browser(issued.code, 'b1', Role.MODERATOR)
    assert after is not None and after.name == 'Lena'


def test_organizer_login_needs_the_organizer_token(world: World) -> None:
    issued = world.new_session()
    service = world.service
    assert service.organizer_login('wrong', 'b1') is False
    assert service.organizer_for_browser('b1') is None
    assert service.organizer_login(issued.moderator_key, 'b1') is False
    assert service.organizer_login(ADMIN_TOKEN, 'b1') is True
    actor = service.organizer_for_browser('b1')
    assert actor is not None and actor.role == Role.ORGANIZER
    assert service.organizer_for_browser('b2') is None
