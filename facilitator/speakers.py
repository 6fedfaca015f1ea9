"""Speaker queue commands: showcase presenters and raised hands, one line per session."""

from datetime import datetime

from sqlmodel import Session

from db import repository as repo
from db.enums import HandType, QueueOrder, SegmentState, SpeakerKind, SpeakerState
from db.models import DialogueSession, Segment, Speaker

from . import queue
from .actors import MODERATION, Actor
from .base import ServiceBase, Tx
from .errors import Conflict, InvalidInput
from .events import ChangeKind
from .i18n import _
from .input_rules import Ident
from .inputs import Extension, SpeakerInput, SpeakerPatch
from .pipeline import Command
from .restore import RemovedSpeaker
from .speaker_paste import parse_presenters


class SpeakerCommands(ServiceBase):
    def add_speaker(self, actor: Actor, code: str, *, name: str, organization: str = '', title: str = '',
                    planned_seconds: int | None = None) -> str:
        """Add a presenter at the end of the line. Returns the speaker id."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA) as cmd:
            tx, session = cmd.tx, cmd.session
            new = SpeakerInput.parse({'name': name, 'organization': organization, 'title': title,
                                      'planned_seconds': planned_seconds})
            speaker = self._new_presenter(tx.db, session, new)
            cmd.changed()
            return str(speaker.id)

    def add_speakers_from_text(self, actor: Actor, code: str, text: str) -> int:
        """Paste presenters, one a row: name, organisation, title, minutes, separated by tabs (from a
        spreadsheet), semicolons or commas (see `speaker_paste`). All rows or none. Returns how many were added."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA) as cmd:
            presenters = parse_presenters(text)
            for row in presenters:
                try:
                    self._new_presenter(cmd.db, cmd.session, row.presenter)
                except InvalidInput as error:
                    raise InvalidInput(_('Line {n}: {message}').format(n=row.line, message=error.message)) from None
            cmd.changed()
            return len(presenters)

    def update_speaker(self, actor: Actor, code: str, speaker_id: Ident, *, name: str | None = None,
                       organization: str | None = None, title: str | None = None,
                       planned_seconds: int | None = None) -> None:
        """Edit a presenter who has not spoken yet."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA) as cmd:
            tx, session = cmd.tx, cmd.session
            patch = SpeakerPatch.parse({'name': name, 'organization': organization, 'title': title,
                                        'planned_seconds': planned_seconds})
            speaker = self._speaker(tx.db, session, speaker_id)
            if speaker.state not in {SpeakerState.WAITING, SpeakerState.SKIPPED}:
                raise Conflict(_('Only someone who has not spoken yet can be edited.'))
            speaker.name = speaker.name if patch.name is None else patch.name
            speaker.organization = speaker.organization if patch.organization is None else patch.organization
            speaker.title = speaker.title if patch.title is None else patch.title
            if patch.planned_seconds is not None:
                speaker.planned_seconds = self._planned(tx.db, session, patch.planned_seconds)
            tx.db.add(speaker)
            cmd.changed()

    def remove_speaker(self, actor: Actor, code: str, speaker_id: Ident) -> RemovedSpeaker:
        """Remove someone who has not spoken yet. Returns what `reinsert_speaker` needs to put them back."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA) as cmd:
            tx, session = cmd.tx, cmd.session
            speaker = self._speaker(tx.db, session, speaker_id)
            if speaker.state not in {SpeakerState.WAITING, SpeakerState.SKIPPED}:
                raise Conflict(_('Only someone who has not spoken yet can be removed.'))
            removed = RemovedSpeaker.of(speaker)
            tx.db.delete(speaker)
            cmd.changed()
            return removed

    def apply_equal_split(self, actor: Actor, code: str) -> None:
        """Give every presenter without a planned time an equal share of the showcase segment."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA) as cmd:
            tx, session = cmd.tx, cmd.session
            speakers = repo.list_speakers(db=tx.db, session_id=session.id)
            segments = repo.list_segments(db=tx.db, session_id=session.id)
            unplanned = [s for s in speakers if s.kind == SpeakerKind.SHOWCASE and s.planned_seconds is None]
            shares = [queue.planned(s, speakers, segments, session.hand_seconds) for s in unplanned]
            for speaker, share in zip(unplanned, shares, strict=True):
                speaker.planned_seconds = share
                tx.db.add(speaker)
            cmd.changed()

    def next_speaker(self, actor: Actor, code: str, *, expected_version: int | None = None) -> None:
        """Finish the current speaker and call the first one waiting."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            tx, session = cmd.tx, cmd.session
            speakers = repo.list_speakers(db=tx.db, session_id=session.id)
            waiting = queue.waiting_order(speakers, order=session.queue_order)
            if not waiting:
                raise Conflict(_('No speaker is waiting.'), code='queue_empty')
            self._call(cmd, speakers, waiting[0])

    def call_speaker(self, actor: Actor, code: str, speaker_id: Ident, *,
                     expected_version: int | None = None) -> None:
        """Call a particular waiting speaker or raised hand now."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            tx, session = cmd.tx, cmd.session
            speaker = self._speaker(tx.db, session, speaker_id)
            if speaker.state != SpeakerState.WAITING:
                raise Conflict(_('This person is not waiting to speak.'))
            self._call(cmd, repo.list_speakers(db=tx.db, session_id=session.id), speaker)

    def finish_speaker(self, actor: Actor, code: str, *, expected_version: int | None = None) -> None:
        """The current speaker is done."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            tx, session = cmd.tx, cmd.session
            speaking = queue.current(repo.list_speakers(db=tx.db, session_id=session.id))
            if speaking is None:
                raise Conflict(_('Nobody is speaking.'), code='nobody_speaking')
            queue.finish(speaking, self.clock())
            tx.db.add(speaking)
            cmd.changed()

    def skip_speaker(self, actor: Actor, code: str, speaker_id: Ident, *,
                     expected_version: int | None = None) -> None:
        """Skip a waiting speaker; `restore_speaker` puts them back in their place."""
        self._set_waiting_state(actor, code, speaker_id, expected_version=expected_version,
                                before=SpeakerState.WAITING, after=SpeakerState.SKIPPED)

    def restore_speaker(self, actor: Actor, code: str, speaker_id: Ident, *,
                        expected_version: int | None = None) -> None:
        """Put a skipped speaker back in the line, in their old place."""
        self._set_waiting_state(actor, code, speaker_id, expected_version=expected_version,
                                before=SpeakerState.SKIPPED, after=SpeakerState.WAITING)

    def move_speaker(self, actor: Actor, code: str, speaker_id: Ident, position: int, *,
                     expected_version: int | None = None) -> None:
        """Move a waiting speaker to `position` (0-based) among the waiting ones."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            tx, session = cmd.tx, cmd.session
            speaker = self._speaker(tx.db, session, speaker_id)
            if speaker.state != SpeakerState.WAITING:
                raise Conflict(_('Only a waiting speaker can be moved.'))
            speakers = repo.list_speakers(db=tx.db, session_id=session.id)
            line = queue.waiting_order(speakers, order=session.queue_order)
            if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position < len(line):
                raise InvalidInput(_('There is no place {p} in the line; use 0 to {last}.').format(
                    p=position, last=len(line) - 1), code='no_such_position')
            line.remove(speaker)
            line.insert(position, speaker)
            for index, entry in enumerate(line):
                entry.position = index
                if entry.hand_type == HandType.POINT_OF_ORDER and index > 0:
                    entry.hand_type = HandType.COMMENT  # moved by hand: it no longer jumps the line
                tx.db.add(entry)
            if speaker.kind == SpeakerKind.HAND:  # a hand moved by hand: the line is now the moderator's order
                session.queue_order = QueueOrder.RAISED
            cmd.changed()

    def extend_speaker(self, actor: Actor, code: str, seconds: int, *,
                       expected_version: int | None = None) -> None:
        """Give the current speaker more (or, with negative seconds, less) time. A relative action."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA, expected_version=expected_version,
                           relative=True) as cmd:
            tx, session = cmd.tx, cmd.session
            amount = Extension.parse({'seconds': seconds}).seconds
            speaking = queue.current(repo.list_speakers(db=tx.db, session_id=session.id))
            if speaking is None:
                raise Conflict(_('Nobody is speaking.'), code='nobody_speaking')
            queue.extend(speaking, amount)
            tx.db.add(speaking)
            cmd.changed()

    # helpers ------------------------------------------------------------------------------------------------------

    def _call(self, cmd: Command, speakers: list[Speaker], speaker: Speaker) -> None:
        tx, session, now = cmd.tx, cmd.session, self.clock()
        speaking = queue.current(speakers)
        if speaking is not None:
            queue.finish(speaking, now)
            tx.db.add(speaking)
        segments = repo.list_segments(db=tx.db, session_id=session.id)
        seconds = queue.planned(speaker, speakers, segments, session.hand_seconds)
        current = segments[session.current_segment] if segments else None
        queue.start(speaker, seconds, now, paused=current is not None and current.state == SegmentState.PAUSED)
        if speaker.planned_seconds is None:  # the speech keeps the share it was given; a reset proposes again
            speaker.planned_seconds, speaker.planned_was_proposed = seconds, True
        tx.db.add(speaker)
        cmd.changed()

    def _set_waiting_state(self, actor: Actor, code: str, speaker_id: Ident, *, expected_version: int | None,
                           before: SpeakerState, after: SpeakerState) -> None:
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            tx, session = cmd.tx, cmd.session
            speaker = self._speaker(tx.db, session, speaker_id)
            if speaker.state != before:
                raise Conflict(_('This person is not waiting to speak.') if before == SpeakerState.WAITING
                               else _('This person was not skipped.'))
            speaker.state = after
            tx.db.add(speaker)
            cmd.changed()

    def _new_presenter(self, db: Session, session: DialogueSession, new: SpeakerInput) -> Speaker:
        speakers = repo.list_speakers(db=db, session_id=session.id)
        speaker = Speaker(
            session_id=session.id, kind=SpeakerKind.SHOWCASE, position=max((s.position for s in speakers), default=-1)
            + 1, name=new.name, organization=new.organization, title=new.title,
            planned_seconds=None if new.planned_seconds is None else self._planned(db, session, new.planned_seconds),
            raised_at=self.clock())
        db.add(speaker)
        db.flush()
        return speaker

    @staticmethod
    def _planned(db: Session, session: DialogueSession, seconds: int) -> int:
        limit = queue.showcase_seconds(repo.list_segments(db=db, session_id=session.id))
        if limit is not None and seconds > limit:
            raise InvalidInput(_('The planned time is longer than the showcase segment ({n} min).').format(
                n=limit // 60))
        return seconds

    def _speaker(self, db: Session, session: DialogueSession, speaker_id: Ident) -> Speaker:
        return self._owned(db, Speaker, session, speaker_id, what=_('There is no such speaker.'),
                           code='speaker_not_found')

    def _after_timer(self, tx: Tx, session: DialogueSession, segments: list[Segment], action: str,
                     now: datetime) -> None:
        super()._after_timer(tx, session, segments, action, now)
        speakers = repo.list_speakers(db=tx.db, session_id=session.id)
        speaking = queue.current(speakers)
        if action in {'next', 'previous'}:
            session.hands_override = None
            if speaking is not None:
                queue.finish(speaking, now)
                tx.db.add(speaking)
            return
        if speaking is not None:
            state = segments[session.current_segment].state if segments else SegmentState.DONE
            (queue.release if state == SegmentState.RUNNING else queue.hold)(speaking, now)
            tx.db.add(speaking)

    def _on_end(self, tx: Tx, session: DialogueSession) -> None:
        super()._on_end(tx, session)
        speaking = queue.current(repo.list_speakers(db=tx.db, session_id=session.id))
        if speaking is not None:
            queue.finish(speaking, self.clock())
            tx.db.add(speaking)

    def _on_reset(self, tx: Tx, session: DialogueSession, *, clear_input: bool) -> None:
        super()._on_reset(tx, session, clear_input=clear_input)
        session.hands_override = None
        for speaker in repo.list_speakers(db=tx.db, session_id=session.id):
            if speaker.kind == SpeakerKind.HAND:
                tx.db.delete(speaker)
            else:
                queue.rewind(speaker)
                tx.db.add(speaker)
