"""Hypothesis drives the domain commands in random order (derandomized: the same runs every time) and checks the
invariants after every step: at most one running segment, at most one current speaker, vote counts equal the stored
rows, and the versions never decrease."""

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlmodel import Session, func, select

from db.enums import SegmentState, SpeakerState
from db.models import Segment, Speaker, Vote
from facilitator.actors import Actor
from facilitator.errors import DomainError
from tests.factories import World, json_state, make_world


class DialogueMachine(RuleBasedStateMachine):
    """One session, a moderator, a few presenters and participants; every command may be refused by a rule, never
    by a crash."""

    world: World
    code: str
    mod: Actor

    @initialize()
    def setup(self) -> None:
        self.folder = tempfile.TemporaryDirectory()
        self.world = make_world(Path(self.folder.name))
        issued = self.world.new_session()
        self.code, self.mod = issued.code, self.world.moderator(issued)
        self.issued = issued
        self.people: list[Actor] = []
        self.posts: list[str] = []
        self.versions = (0, 0)
        for name in ('Ana', 'Bo', 'Cy'):
            self.world.service.add_speaker(self.mod, self.code, name=name)

    def teardown(self) -> None:
        if hasattr(self, 'world'):
            self.world.service.engine.dispose()
            self.folder.cleanup()

    def _try(self, call: Any) -> None:
        try:
            call()
        except DomainError:
            pass  # refused by a rule: fine, the invariants still hold

    @rule(action=st.sampled_from(['start_segment', 'pause_segment', 'resume_segment', 'next_segment',
                                  'previous_segment', 'end_session', 'next_speaker', 'finish_speaker',
                                  'close_rooms', 'undo_timer']))
    def timer_or_queue(self, action: str) -> None:
        self._try(lambda: getattr(self.world.service, action)(self.mod, self.code))

    @rule(seconds=st.integers(min_value=-600, max_value=600))
    def extend(self, seconds: int) -> None:
        self._try(lambda: self.world.service.extend_segment(self.mod, self.code, seconds))

    @rule(clear=st.booleans())
    def reset(self, clear: bool) -> None:
        self._try(lambda: self.world.service.reset_session(self.mod, self.code, clear_input=clear))
        if clear:
            self.people, self.posts = [], []

    @rule()
    def open_rooms(self) -> None:
        self._try(lambda: self.world.service.open_rooms(self.mod, self.code, 20))

    @rule(seconds=st.integers(min_value=0, max_value=120))
    def time_passes(self, seconds: int) -> None:
        self.world.clock.advance(seconds)

    @rule(group=st.sampled_from(['youth', 'industry', 'academia']))
    def join_and_enter_a_room(self, group: str) -> None:
        if len(self.people) >= 6:
            return
        person = self.world.participant(self.issued, f'P{len(self.people)}', group)
        self.people.append(person)
        room = json_state(self.world.service, self.code)['rooms'][0]['id']
        self._try(lambda: self.world.service.join_room(person, self.code, room))

    @rule(who=st.integers(min_value=0, max_value=5), n=st.integers(min_value=0, max_value=999))
    def post(self, who: int, n: int) -> None:
        if not self.people:
            return
        person = self.people[who % len(self.people)]
        room = json_state(self.world.service, self.code)['rooms'][0]['id']
        try:
            self.posts.append(self.world.service.add_post(person, self.code, room, text=f'Idea {n}'))
        except DomainError:
            pass

    @rule(who=st.integers(min_value=0, max_value=5), which=st.integers(min_value=0, max_value=20),
          withdraw=st.booleans())
    def vote(self, who: int, which: int, withdraw: bool) -> None:
        if not self.people or not self.posts:
            return
        person, post = self.people[who % len(self.people)], self.posts[which % len(self.posts)]
        command = self.world.service.withdraw_vote if withdraw else self.world.service.cast_vote
        self._try(lambda: command(person, self.code, post))

    @invariant()
    def at_most_one_running_segment_and_one_current_speaker(self) -> None:
        if not hasattr(self, 'world'):
            return
        with Session(self.world.service.engine) as db:
            running = db.exec(select(func.count()).select_from(Segment).where(Segment.state == SegmentState.RUNNING))
            speaking = db.exec(select(func.count()).select_from(Speaker)
                               .where(Speaker.state == SpeakerState.SPEAKING))
            assert running.one() <= 1
            assert speaking.one() <= 1

    @invariant()
    def vote_counts_equal_the_stored_rows_and_versions_never_decrease(self) -> None:
        if not hasattr(self, 'world'):
            return
        state = json_state(self.world.service, self.code, staff=True)
        with Session(self.world.service.engine) as db:
            for post in [p for room in state['rooms'] for p in room['posts']] + state['questions']:
                if post['approved']:
                    stored = db.exec(select(func.count()).select_from(Vote).where(Vote.post_id == post['id']))
                    assert post['votes'] == stored.one()
                    assert sum(post['votes_by_group'].values()) == post['votes']
        versions = (state['version'], state['agenda_version'])
        assert versions[0] >= self.versions[0] and versions[1] >= self.versions[1]
        self.versions = versions


DialogueMachine.TestCase.settings = settings(derandomize=True, deadline=None, max_examples=6,
                                             stateful_step_count=15, database=None,
                                             suppress_health_check=[HealthCheck.too_slow])
test_the_domain_keeps_its_invariants_whatever_the_order_of_commands = DialogueMachine.TestCase
