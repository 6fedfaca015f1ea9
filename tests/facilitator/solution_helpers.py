"""A series with sessions whose breakout posts are tagged as actionable solutions, for the solution tests."""

from dataclasses import dataclass
from datetime import datetime

from facilitator.actors import Actor
from facilitator.organizer import IssuedKeys
from tests.factories import World

from .test_rooms import member, room_ids

SLUG = 'cop-2026'


@dataclass
class Tagged:
    issued: IssuedKeys
    post_id: str
    rooms: list[str]


def series_session(world: World, *, title: str, starts_at: datetime | None = None) -> IssuedKeys:
    if not any(s['slug'] == SLUG for s in world.service.list_series(world.organizer)):
        world.service.create_series(world.organizer, slug=SLUG, title='COP Industry Connect 2026')
    return world.new_session(title=title, series=SLUG, starts_at=starts_at)


def tagged_post(world: World, issued: IssuedKeys, text: str, *, voters: tuple[str, ...] = ()) -> Tagged:
    """Rooms open; an industry author posts `text` in room 0, people of `voters`' groups vote; the rapporteur tags
    it as an actionable solution."""
    mod = world.moderator(issued)
    world.service.open_rooms(mod, issued.code, 20)
    rooms = room_ids(world, issued.code)
    author = member(world, issued, rooms[0], 'Nadia Author', 'industry')
    post_id = world.service.add_post(author, issued.code, rooms[0], text=text)
    for i, group in enumerate(voters):
        voter = member(world, issued, rooms[0], f'Voter {i}', group)
        world.service.cast_vote(voter, issued.code, post_id)
    world.service.moderate_post(world.rapporteur(issued), issued.code, post_id, 'tag', tag='actionable_solution')
    return Tagged(issued=issued, post_id=post_id, rooms=rooms)


def adopt(world: World, tagged: Tagged, actor: Actor | None = None) -> str:
    return world.service.adopt_solution(actor or world.rapporteur(tagged.issued), tagged.issued.code,
                                        tagged.post_id).id
