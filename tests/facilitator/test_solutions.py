"""Actionable solutions across a series: adopt, edit, note, roles, support under the small-group rule, retention."""

from datetime import timedelta

import pytest

from db.enums import Role, SolutionStatus
from facilitator.errors import Conflict, Forbidden, NotFound, Unauthorized
from facilitator.solution_inputs import SolutionInput, SolutionPatch
from tests.factories import World

from .solution_helpers import SLUG, adopt, series_session, tagged_post

pytestmark = pytest.mark.timeout(60)


def test_a_rapporteur_adopts_a_tagged_post_with_its_topic_origin_and_support_by_group(world: World) -> None:
    issued = series_session(world, title='Session 1')
    tagged = tagged_post(world, issued, 'Age-appropriate design by default',
                         voters=('civil_society',) * 3 + ('youth',))
    adopt(world, tagged)
    [solution] = world.service.series_solutions(SLUG).solutions
    assert solution.text == 'Age-appropriate design by default'
    assert solution.origin_code == issued.code and solution.origin_title == 'Session 1'
    assert solution.topic == world.service.state(issued.code).rooms[0].topic
    assert solution.status == SolutionStatus.PROPOSED and solution.votes == 4
    # three civil society voters show as such; the one youth voter and the one industry author are folded away
    assert solution.support == {'civil_society': 3, 'smaller_groups': 1}
    assert solution.posted_by == 'smaller_groups'


def test_adopting_the_same_post_again_refreshes_its_votes_and_keeps_one_solution(world: World) -> None:
    issued = series_session(world, title='Session 1')
    tagged = tagged_post(world, issued, 'Report buttons everywhere')
    first = adopt(world, tagged)
    from .test_rooms import member
    voter = member(world, issued, tagged.rooms[0], 'Late Voter', 'academia')
    world.service.cast_vote(voter, issued.code, tagged.post_id)
    assert adopt(world, tagged) == first
    [solution] = world.service.series_solutions(SLUG).solutions
    assert solution.votes == 1


def test_an_untagged_post_or_a_session_outside_a_series_cannot_be_adopted(world: World) -> None:
    issued = series_session(world, title='Session 1')
    tagged = tagged_post(world, issued, 'Tagged')
    world.service.moderate_post(world.moderator(issued), issued.code, tagged.post_id, 'untag',
                                tag='actionable_solution')
    with pytest.raises(Conflict) as refused:
        adopt(world, tagged)
    assert refused.value.code == 'not_tagged'
    alone = world.new_session(title='Alone')
    loose = tagged_post(world, alone, 'No series here')
    with pytest.raises(Conflict) as refused:
        adopt(world, loose)
    assert refused.value.code == 'not_in_series'
    assert world.service.series_solutions(SLUG).solutions == []


def test_staff_of_any_session_in_the_series_set_owner_status_and_notes_signed_by_role(world: World) -> None:
    first = series_session(world, title='Session 1')
    second = series_session(world, title='Session 2')
    solution_id = adopt(world, tagged_post(world, first, 'Safety by design'))
    service = world.service
    service.update_solution(world.moderator(second), SLUG, solution_id,
                            SolutionPatch(owner='GSMA', status=SolutionStatus.COMMITTED))
    world.clock.advance(3600)
    service.add_solution_note(world.rapporteur(second), SLUG, solution_id, 'Pilot agreed with two operators')
    [solution] = service.series_solutions(SLUG).solutions
    assert (solution.owner, solution.status) == ('GSMA', SolutionStatus.COMMITTED)
    [note] = solution.notes
    assert note.text == 'Pilot agreed with two operators' and note.author_role == Role.RAPPORTEUR
    assert note.at == world.clock()


def test_participants_foreign_staff_and_the_public_cannot_edit_solutions(world: World) -> None:
    issued = series_session(world, title='Session 1')
    solution_id = adopt(world, tagged_post(world, issued, 'Safety by design'))
    outsider = world.new_session(title='Another programme')
    service = world.service
    for actor in (world.participant(issued), world.moderator(outsider)):
        with pytest.raises(Forbidden):
            service.update_solution(actor, SLUG, solution_id, SolutionPatch(status=SolutionStatus.DONE))
        with pytest.raises(Forbidden):
            service.add_solution_note(actor, SLUG, solution_id, 'Mine')
        with pytest.raises(Forbidden):
            service.add_solution(actor, SLUG, SolutionInput(text='Mine'))
    with pytest.raises(Forbidden):
        service.adopt_solution(world.participant(issued, 'Bo'), issued.code, solution_id)
    with pytest.raises(Unauthorized):
        service.authenticate_series(SLUG, 'not-a-key')
    with pytest.raises(Forbidden):
        service.authenticate_series(SLUG, service.join(issued.code, name='Cy', group='youth').token)
    [solution] = service.series_solutions(SLUG).solutions
    assert solution.status == SolutionStatus.PROPOSED and solution.notes == [] and solution.owner == ''


def test_staff_keys_of_a_session_in_the_series_authenticate_for_the_series(world: World) -> None:
    issued = series_session(world, title='Session 1')
    assert world.service.authenticate_series(SLUG, issued.rapporteur_key).role == Role.RAPPORTEUR
    assert world.service.authenticate_series(SLUG, issued.moderator_key).role == Role.MODERATOR


def test_an_unknown_solution_is_not_found_and_changes_nothing(world: World) -> None:
    issued = series_session(world, title='Session 1')
    with pytest.raises(NotFound):
        world.service.update_solution(world.moderator(issued), SLUG, 'nope', SolutionPatch(owner='X'))


def test_the_retention_purge_of_a_session_keeps_its_solutions_and_their_notes(world: World) -> None:
    from .test_privacy import created
    old = series_session(world, title='Session 1', starts_at=world.clock() - timedelta(days=120))
    created(world, old, 120)
    solution_id = adopt(world, tagged_post(world, old, 'Safety by design'))
    world.service.add_solution_note(world.organizer, SLUG, solution_id, 'Owner found')
    assert world.service.purge_expired(retention_days=90) == [old.code]
    with pytest.raises(NotFound):
        world.service.state(old.code)
    [solution] = world.service.series_solutions(SLUG).solutions
    assert solution.text == 'Safety by design' and solution.origin_title == 'Session 1'
    assert [n.text for n in solution.notes] == ['Owner found']
    assert 'Nadia Author' not in solution.model_dump_json()


def test_carrying_puts_the_open_solutions_into_the_next_sessions_state(world: World) -> None:
    first = series_session(world, title='Session 1')
    second = series_session(world, title='Session 2', starts_at=world.clock() + timedelta(days=30))
    open_id = adopt(world, tagged_post(world, first, 'Safety by design'))
    service = world.service
    done = service.add_solution(world.organizer, SLUG, SolutionInput(text='Already done', topic='Other'))
    service.update_solution(world.organizer, SLUG, done.id, SolutionPatch(status=SolutionStatus.DONE))
    service.update_solution(world.organizer, SLUG, open_id, SolutionPatch(owner='ITU',
                                                                          status=SolutionStatus.IN_PROGRESS))
    before = service.state(second.code).agenda_version
    assert service.carry_solutions(world.moderator(second), second.code) == 1
    state = service.state(second.code)
    assert [(c.text, c.owner, c.status) for c in state.where_we_are] == [
        ('Safety by design', 'ITU', SolutionStatus.IN_PROGRESS)]
    assert state.agenda_version == before + 1
    with pytest.raises(Forbidden):
        service.carry_solutions(world.participant(second), second.code)
    service.clear_carried_solutions(world.moderator(second), second.code)
    assert service.state(second.code).where_we_are == []
