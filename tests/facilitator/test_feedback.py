"""Nothing happens silently: held posts are visible to their author, a hidden post tells its author why, staff
can list hidden posts and unhide them, and a rename names the renamed person in the event."""

import pytest

from facilitator.errors import Forbidden
from facilitator.notices import NoticeKind
from tests.factories import World, json_state

from .helpers import staged


def test_a_pre_moderated_post_is_held_for_its_author_only(world: World) -> None:
    stage = staged(world)
    service, code = world.service, stage.code
    service.set_pre_moderation(stage.mod, code, True)
    held = service.add_post(stage.amina, code, stage.rooms[0], text='Waiting for review')
    kofi = world.participant(stage.issued, 'Kofi')
    assert [p.id for p in service.my_held_posts(stage.amina)] == [held]
    assert service.my_held_posts(kofi) == []
    service.moderate_post(stage.mod, code, held, 'approve')
    assert service.my_held_posts(stage.amina) == []


def test_hiding_a_post_tells_its_author_the_reason(world: World) -> None:
    stage = staged(world)
    world.service.moderate_post(stage.mod, stage.code, stage.post, 'hide', reason='Off topic')
    notice = world.service.my_notice(stage.amina)
    assert notice is not None
    assert (notice.kind, notice.detail) == (NoticeKind.POST_HIDDEN, 'Off topic')
    assert world.events[-1].people == (str(stage.amina.participant_id),)


def test_staff_list_hidden_posts_and_can_unhide_them(world: World) -> None:
    stage = staged(world)
    service, code = world.service, stage.code
    service.moderate_post(stage.mod, code, stage.post, 'hide', reason='Duplicate')
    [hidden] = service.hidden_posts(stage.mod, code)
    assert (hidden.id, hidden.text, hidden.author, hidden.reason) == (stage.post, 'Shared data rooms', 'Amina',
                                                                      'Duplicate')
    service.moderate_post(stage.mod, code, hidden.id, 'unhide')
    assert service.hidden_posts(stage.mod, code) == []
    assert [p['id'] for p in json_state(service, code)['rooms'][0]['posts']] == [stage.post]
    with pytest.raises(Forbidden):
        service.hidden_posts(stage.amina, code)


def test_a_rename_reaches_the_renamed_person(world: World) -> None:
    stage = staged(world)
    world.service.moderate_participant(stage.mod, stage.code, stage.amina.participant_id, 'rename', name='A. O.')
    notice = world.service.my_notice(stage.amina)
    assert notice is not None and (notice.kind, notice.detail) == (NoticeKind.RENAMED, 'A. O.')
    assert world.events[-1].people == (str(stage.amina.participant_id),)
