"""Live polls: the moderator drafts, reorders, opens, closes and shows results; participants answer.

One poll is open at a time per scope (the plenary, or each room): opening one closes the other. Answering again
replaces the answer (one row per person and poll, held by a unique constraint). Answers are INPUT events, so a storm
of them is coalesced like votes.
"""

from collections.abc import Sequence

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from db.models import DialogueSession, Poll, PollAnswer, Room
from db.poll_models import PollKind, PollState

from .actors import MODERATION, Actor
from .base import ServiceBase, Tx
from .errors import Conflict, Forbidden, InvalidInput
from .events import ChangeKind
from .i18n import _
from .input_rules import Ident
from .inputs import BlockedWordInput, PollAnswerInput, PollInput, PollPatch
from .ledgers import AnswerLedger
from .pipeline import Command, input_open, not_ended


class PollCommands(ServiceBase):
    def add_poll(self, actor: Actor, code: str, *, question: str, kind: str = 'choice',
                 options: Sequence[str] = (), multiple: bool = False, room_id: Ident | None = None) -> str:
        """Draft a poll (plenary, or for one room). Returns its id."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.SETUP) as cmd:
            poll_in = PollInput.parse({'question': question, 'kind': kind, 'options': list(options),
                                       'multiple': multiple, 'room_id': room_id})
            room = None if poll_in.room_id is None else self._owned(
                cmd.db, Room, cmd.session, poll_in.room_id, what=_('There is no such room.'), code='room_not_found').id
            polls = _polls(cmd.db, cmd.session)
            poll = Poll(session_id=cmd.session.id, room_id=room, position=len(polls), question=poll_in.question,
                        kind=PollKind(poll_in.kind), options=poll_in.options if poll_in.kind == 'choice' else [],
                        multiple=poll_in.multiple and poll_in.kind == 'choice', created_at=self.clock())
            cmd.db.add(poll)
            cmd.changed()
            return str(poll.id)

    def update_poll(self, actor: Actor, code: str, poll_id: Ident, *, question: str | None = None,
                    options: Sequence[str] | None = None, multiple: bool | None = None,
                    position: int | None = None) -> None:
        """Edit a draft's question, options or multiple choice; or move any poll to `position` in the list."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.SETUP) as cmd:
            patch = PollPatch.parse({'question': question, 'options': None if options is None else list(options),
                                     'multiple': multiple, 'position': position})
            poll = self._poll(cmd.db, cmd.session, poll_id)
            edits = patch.question is not None or patch.options is not None or patch.multiple is not None
            if edits and poll.state != PollState.DRAFT:
                raise Conflict(_('Only a draft poll can be edited.'), code='poll_not_draft')
            if patch.question is not None:
                poll.question = patch.question
            if patch.options is not None and poll.kind == PollKind.CHOICE:
                if len(patch.options) < 2:
                    raise InvalidInput(_('A choice poll needs at least two options.'), code='too_few_options')
                poll.options = patch.options
            if patch.multiple is not None and poll.kind == PollKind.CHOICE:
                poll.multiple = patch.multiple
            if patch.position is not None:
                polls = [p for p in _polls(cmd.db, cmd.session) if p.id != poll.id]
                if not 0 <= patch.position <= len(polls):
                    raise InvalidInput(_('There is no such position.'), code='no_such_position')
                polls.insert(patch.position, poll)
                for index, each in enumerate(polls):
                    each.position = index
                    cmd.db.add(each)
            cmd.db.add(poll)
            cmd.changed()

    def remove_poll(self, actor: Actor, code: str, poll_id: Ident) -> None:
        """Delete a draft poll."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.SETUP) as cmd:
            poll = self._poll(cmd.db, cmd.session, poll_id)
            if poll.state != PollState.DRAFT:
                raise Conflict(_('Only a draft poll can be deleted.'), code='poll_not_draft')
            cmd.db.delete(poll)
            for index, each in enumerate(p for p in _polls(cmd.db, cmd.session) if p.id != poll.id):
                each.position = index
                cmd.db.add(each)
            cmd.changed()

    def open_poll(self, actor: Actor, code: str, poll_id: Ident, *, expected_version: int | None = None) -> None:
        """Open a poll for answers; the poll open in the same scope (plenary or room) closes."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version, rules=[not_ended]) as cmd:
            poll = self._poll(cmd.db, cmd.session, poll_id)
            if poll.state == PollState.OPEN:
                cmd.unchanged()
                return
            now = self.clock()
            for other in _polls(cmd.db, cmd.session):
                if other.state == PollState.OPEN and other.room_id == poll.room_id:
                    other.state, other.closed_at = PollState.CLOSED, now
                    cmd.db.add(other)
            poll.state, poll.opened_at, poll.closed_at = PollState.OPEN, now, None
            cmd.db.add(poll)
            cmd.changed()

    def close_poll(self, actor: Actor, code: str, poll_id: Ident, *, expected_version: int | None = None) -> None:
        """Stop taking answers. The answers and results stay."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            poll = self._poll(cmd.db, cmd.session, poll_id)
            if poll.state != PollState.OPEN:
                raise Conflict(_('This poll is not open.'), code='poll_not_open')
            poll.state, poll.closed_at = PollState.CLOSED, self.clock()
            cmd.db.add(poll)
            cmd.changed()

    def set_poll_results(self, actor: Actor, code: str, poll_id: Ident, shown: bool, *,
                         expected_version: int | None = None) -> None:
        """Show a poll's results to everyone (participants and the stage), or hide them again."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            poll = self._poll(cmd.db, cmd.session, poll_id)
            if poll.results_visible == shown:
                cmd.unchanged()
                return
            poll.results_visible = shown
            cmd.db.add(poll)
            cmd.changed()

    def block_poll_word(self, actor: Actor, code: str, poll_id: Ident, word: str) -> None:
        """Add a word or phrase to this poll's profanity list: it leaves the word cloud at once."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.SETUP) as cmd:
            clean = BlockedWordInput.parse({'word': word}).word
            poll = self._poll(cmd.db, cmd.session, poll_id)
            if clean in poll.blocked_words:
                cmd.unchanged()
                return
            poll.blocked_words = [*poll.blocked_words, clean]
            cmd.db.add(poll)
            cmd.changed()

    def answer_poll(self, actor: Actor, code: str, poll_id: Ident, *, choices: Sequence[int] | None = None,
                    value: int | None = None, words: Sequence[str] | None = None) -> None:
        """Answer an open poll; answering again replaces your answer."""
        answer_in = PollAnswerInput.parse({'choices': None if choices is None else list(choices), 'value': value,
                                           'words': None if words is None else list(words)})
        try:
            self._answer(actor, code, poll_id, answer_in)
        except IntegrityError:  # another instance stored this person's first answer just now: replace it
            self._answer(actor, code, poll_id, answer_in)

    def my_poll_answers(self, actor: Actor) -> dict[str, list[int] | list[str]]:
        """This participant's answers by poll id: option indexes, the scale value (as a list of one), or phrases."""
        if actor.participant_id is None:
            return {}
        with self._read() as db:
            rows = db.exec(select(PollAnswer).where(PollAnswer.participant_id == actor.participant_id))
            return {str(a.poll_id): (list(a.words) if a.words else list(a.choices)) for a in rows}

    def _answer(self, actor: Actor, code: str, poll_id: Ident, answer_in: PollAnswerInput) -> None:
        def answer(cmd: Command) -> None:
            person, ledger = cmd.participant, cmd.loaded
            assert isinstance(ledger, AnswerLedger), 'a poll answer is given in a group, with its loader'
            poll = self._poll(cmd.db, cmd.session, poll_id)
            if poll.state != PollState.OPEN:
                raise Conflict(_('This poll is not open.'), code='poll_not_open')
            if poll.room_id is not None and person.room_id != poll.room_id:
                raise Forbidden(_('This poll is for another room.'), code='not_in_room')
            chosen, phrases = _checked(poll, answer_in)
            stored = ledger.answer_of(poll.id, person.id)
            if stored is None:
                stored = PollAnswer(session_id=cmd.session.id, poll_id=poll.id, participant_id=person.id,
                                    group=person.group)
            elif stored.choices == chosen and stored.words == phrases:
                cmd.unchanged()
                return
            stored.choices, stored.words, stored.answered_at = chosen, phrases, self.clock()
            cmd.db.add(stored)
            ledger.record(stored)
            cmd.changed()

        self._input(actor, code, answer, rules=[input_open], loader=AnswerLedger.load,
                    needs=(poll_id, actor.participant_id))

    def _on_end(self, tx: Tx, session: DialogueSession) -> None:
        """The end of the session closes the open polls."""
        super()._on_end(tx, session)
        for poll in _polls(tx.db, session):
            if poll.state == PollState.OPEN:
                poll.state, poll.closed_at = PollState.CLOSED, self.clock()
                tx.db.add(poll)

    def _on_reset(self, tx: Tx, session: DialogueSession, *, clear_input: bool) -> None:
        """A reset closes the open polls; clearing input also drops the answers and makes every poll a draft."""
        super()._on_reset(tx, session, clear_input=clear_input)
        for poll in _polls(tx.db, session):
            if clear_input:
                poll.state, poll.results_visible, poll.opened_at, poll.closed_at = PollState.DRAFT, False, None, None
            elif poll.state == PollState.OPEN:
                poll.state, poll.closed_at = PollState.CLOSED, self.clock()
            tx.db.add(poll)
        if clear_input:
            tx.db.exec(delete(PollAnswer).where(col(PollAnswer.session_id) == session.id))  # type: ignore[call-overload]

    def _poll(self, db: Session, session: DialogueSession, poll_id: Ident) -> Poll:
        return self._owned(db, Poll, session, poll_id, what=_('There is no such poll.'), code='poll_not_found')


def _polls(db: Session, session: DialogueSession) -> list[Poll]:
    query = select(Poll).where(Poll.session_id == session.id).order_by(col(Poll.position), col(Poll.created_at))
    return list(db.exec(query))


def _checked(poll: Poll, answer: PollAnswerInput) -> tuple[list[int], list[str]]:
    """The answer as stored, if it fits the poll's kind and options; else 422."""
    if poll.kind == PollKind.CHOICE and answer.choices is not None:
        if any(not 0 <= i < len(poll.options) for i in answer.choices):
            raise InvalidInput(_('There is no such option.'), code='no_such_option')
        if not poll.multiple and len(answer.choices) != 1:
            raise InvalidInput(_('Choose one option.'), code='no_such_option')
        return sorted(answer.choices), []
    if poll.kind == PollKind.SCALE and answer.value is not None:
        return [answer.value], []
    if poll.kind == PollKind.WORDS and answer.words is not None:
        return [], answer.words
    raise InvalidInput(_('This answer does not fit the poll.'), code='invalid_answer')
