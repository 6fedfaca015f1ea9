"""A finished session with something to publish: two rooms, votes across groups, a tagged solution, a hidden post,
a ready summary, a poll with its results shown and one without, and a lone youth member in room 1."""

from dataclasses import dataclass, field
from typing import Any

from facilitator.actors import Actor
from facilitator.organizer import IssuedKeys
from tests.factories import World, json_state

# name, group, organisation, room
PEOPLE = [
    ('Ingrid Industry', 'industry', 'Acme Telecom', 0), ('Ivan Industry', 'industry', 'Acme Telecom', 0),
    ('Iris Industry', 'industry', 'Bolt Networks', 0), ('Greta Gov', 'government', 'Ministry of Zeta', 0),
    ('Gustav Gov', 'government', 'Ministry of Zeta', 0), ('Gloria Gov', 'government', 'Zeta Regulator', 0),
    ('Yara Youth', 'youth', 'Youth Forum Omega', 1), ('Carl Civil', 'civil_society', 'Kids Online Trust', 1),
    ('Cora Civil', 'civil_society', 'Kids Online Trust', 1), ('Cyd Civil', 'civil_society', 'Safe Web', 1),
]
NAMES = {name for name, *_rest in PEOPLE} | {part for name, *_rest in PEOPLE for part in name.split()}
ORGANISATIONS = {organisation for _name, _group, organisation, _room in PEOPLE}
SOLUTION = 'Age-appropriate design code for every platform'
COMMON = 'Shared incident reporting between industry and regulators'
HIDDEN = 'Offensive rant that was hidden'
YOUTH_POST = 'Ask young people before designing safety features'
SUMMARY = 'The room agreed on shared reporting and design codes.'


@dataclass
class Finished:
    world: World
    issued: IssuedKeys
    mod: Actor
    rapporteur: Actor
    people: dict[str, Actor] = field(default_factory=dict)
    rooms: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.issued.code


def finished_session(world: World, **session: Any) -> Finished:
    service = world.service
    issued = world.new_session(**session)
    done = Finished(world, issued, world.moderator(issued), world.rapporteur(issued))
    code, mod = issued.code, done.mod
    done.rooms = [room['id'] for room in json_state(service, code)['rooms']]
    service.open_rooms(mod, code, 30)
    for name, group, organisation, room in PEOPLE:
        joined = service.join(code, name=name, group=group, organization=organisation, show_name=True)
        done.people[name] = service.authenticate(code, joined.token)
        service.join_room(done.people[name], code, done.rooms[room])
    people, room0, room1 = done.people, done.rooms[0], done.rooms[1]
    common = service.add_post(people['Ingrid Industry'], code, room0, text=COMMON, kind='solution')
    solution = service.add_post(people['Greta Gov'], code, room0, text=SOLUTION, kind='solution')
    hidden = service.add_post(people['Ivan Industry'], code, room0, text=HIDDEN)
    service.add_post(people['Iris Industry'], code, room0, text='Anonymous idea about audits', anonymous=True)
    youth = service.add_post(people['Yara Youth'], code, room1, text=YOUTH_POST, kind='opportunity')
    for voter in ('Ivan Industry', 'Iris Industry', 'Gustav Gov', 'Gloria Gov'):
        service.cast_vote(people[voter], code, common)
    for voter in ('Gustav Gov', 'Gloria Gov', 'Greta Gov'):
        service.cast_vote(people[voter], code, solution)
    for voter in ('Carl Civil', 'Cora Civil'):
        service.cast_vote(people[voter], code, youth)
    service.moderate_post(mod, code, solution, 'tag', tag='actionable_solution')
    service.moderate_post(mod, code, hidden, 'hide', reason='Offensive')
    service.set_room_summary(done.rapporteur, code, room0, text=SUMMARY)
    service.set_room_summary(done.rapporteur, code, room1, text='A draft nobody may see yet', ready=False)
    shown = service.add_poll(mod, code, question='Who should act first?', options=['Platforms', 'Regulators'])
    unshown = service.add_poll(mod, code, question='Secret poll never shown', options=['Yes', 'No'])
    for poll in (shown, unshown):
        service.open_poll(mod, code, poll)
        for name in ('Ingrid Industry', 'Greta Gov', 'Yara Youth'):
            service.answer_poll(people[name], code, poll, choices=[0])
        service.close_poll(mod, code, poll)
    service.set_poll_results(mod, code, shown, True)
    service.close_rooms(mod, code)
    service.end_session(mod, code)
    return done
