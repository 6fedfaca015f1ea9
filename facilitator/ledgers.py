"""What a group of votes or poll answers reads, read once for the whole group (facilitator/group_commit.py).

Each vote of a group used to read its post and insert its row with the count in a statement of its own, and in a
busy process each statement waits for the interpreter: a group of 40 votes spent 400 ms in 80 round trips that
PostgreSQL ran in under 0.1 ms each. Now the group loads its posts with their counts and who of its voters already
voted for them (two statements), each vote is counted here, and the group's new rows go in one batched insert when
the group flushes. The unique constraint still decides: a vote that another instance stored meanwhile makes the
batch fail, and the group runs again with a savepoint per vote (facilitator/base.py), where it is a repeat. Poll
answers likewise: the group reads its polls and its people's earlier answers to them at once.
"""

import uuid
from dataclasses import dataclass

from sqlmodel import Session

from db import repository as repo
from db.models import DialogueSession, Poll, PollAnswer, Post, Vote

Needs = list[tuple[object, uuid.UUID | None]]
"""each request's (row id as sent, participant id)"""


def _ids(needs: Needs) -> tuple[set[uuid.UUID], set[uuid.UUID]]:
    """The well-formed row ids and the participants of a group's requests (a malformed id finds no row, and its
    request is refused on its own)."""
    rows = {parsed for ident, _person in needs if (parsed := repo.as_uuid(ident)) is not None}
    return rows, {person for _ident, person in needs if person is not None}


@dataclass
class VoteLedger:
    posts: list[Post]
    """the group's posts: held here, they stay in the database session's identity map (which holds rows weakly), so
    the votes' checks find them there without a statement"""
    counts: dict[uuid.UUID, int]
    """each loaded post's vote count, with the votes of this group counted in"""
    voted: set[tuple[uuid.UUID, uuid.UUID]]
    """(post id, participant id) of the votes already stored or cast in this group"""

    @classmethod
    def load(cls, db: Session, session: DialogueSession, needs: Needs) -> 'VoteLedger':
        """The loader of a group of votes; `needs` holds each vote's (post id, participant id)."""
        post_ids, people = _ids(needs)
        loaded = repo.posts_with_votes(db=db, session_id=session.id, ids=post_ids)
        counts = {post.id: count for post, count in loaded}
        voted = repo.votes_among(db=db, post_ids=set(counts), participant_ids=people)
        return cls(posts=[post for post, _count in loaded], counts=counts, voted=voted)

    def cast(self, db: Session, vote: Vote) -> tuple[bool, int]:
        """Add the vote unless this participant already voted for the post: (added, the post's vote count).

        In a savepoint (the group's second run) the row is written at once, so that a vote the database refuses is
        not counted."""
        key = (vote.post_id, vote.participant_id)
        if key in self.voted:
            return False, self.counts.get(vote.post_id, 0)
        db.add(vote)
        if db.in_nested_transaction():
            db.flush()
        self.voted.add(key)
        self.counts[vote.post_id] = self.counts.get(vote.post_id, 0) + 1
        return True, self.counts[vote.post_id]


@dataclass
class AnswerLedger:
    polls: list[Poll]
    """the group's polls, held so that the database session's identity map keeps them (see `VoteLedger.posts`)"""
    answers: dict[tuple[uuid.UUID, uuid.UUID], PollAnswer]
    """(poll id, participant id) → the answer stored or given in this group"""

    @classmethod
    def load(cls, db: Session, session: DialogueSession, needs: Needs) -> 'AnswerLedger':
        """The loader of a group of poll answers; `needs` holds each answer's (poll id, participant id)."""
        poll_ids, people = _ids(needs)
        polls = repo.polls_by_id(db=db, session_id=session.id, ids=poll_ids)
        answers = repo.poll_answers_among(db=db, poll_ids={poll.id for poll in polls}, participant_ids=people)
        return cls(polls=polls, answers={(a.poll_id, a.participant_id): a for a in answers})

    def answer_of(self, poll_id: uuid.UUID, participant_id: uuid.UUID) -> PollAnswer | None:
        return self.answers.get((poll_id, participant_id))

    def record(self, answer: PollAnswer) -> None:
        """A new answer, so that the same person's next answer in this group replaces it."""
        self.answers[(answer.poll_id, answer.participant_id)] = answer
