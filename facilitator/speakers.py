"""Speaker queue commands: showcase presenters and raised hands, one line per session."""

from datetime import datetime

from sqlmodel import Session

from db import repository as repo
from db.enums import HandType, SegmentState, SpeakerKind, SpeakerState
from db.models import DialogueSession, Segment, Speaker

from . import queue
from . import validation as check
from .actors import Actor
from .base import ServiceBase, Tx
from .errors import Conflict, InvalidInput
from .events import ChangeKind
from .i18n import _


class SpeakerCommands(ServiceBase):
    def add_speaker(self, actor: Actor, code: str, *, name: object, organization: object = '', title: object = '',
                    planned_seconds: object = None) -> str:
        """Add a presenter at the end of the line. Returns the speaker id."""
        with self._tx() as tx:
            session = self._moderate(tx, actor, code)
            speaker = self._new_presenter(tx.db, session, name=name, organization=organization, title=title,
                                          planned_seconds=planned_seconds)
            tx.changed(session, ChangeKind.AGENDA)
            return str(speaker.id)

    def add_speakers_from_text(self, actor: Actor, code: str, text: object) -> int:
        """Paste a list, one presenter a line: `Name; Organisation; Title; minutes`. All lines or none."""
        if not isinstance(text, str) or not text.strip():
            raise InvalidInput(_('Paste at least one line: Name; Organisation; Title; minutes.'))
        with self._tx() as tx:
            session = self._moderate(tx, actor, code)
            lines = text.splitlines()  # numbered as pasted, blank lines included, so errors name the right line
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                parts = [p.strip() for p in line.split(';')] + ['', '', '', '']
                minutes: object = None
                if parts[3]:
                    try:
                        minutes = round(float(parts[3].replace(',', '.')) * 60)
                    except (ValueError, OverflowError):  # 'ten', 'nan', 'inf', '1e400'
                        raise InvalidInput(_('Line {n}: the minutes must be a number.').format(n=number)) from None
                try:
                    self._new_presenter(tx.db, session, name=parts[0], organization=parts[1], title=parts[2],
                                        planned_seconds=minutes)
                except InvalidInput as error:
                    raise InvalidInput(_('Line {n}: {message}').format(n=number, message=error.message)) from None
            tx.changed(session, ChangeKind.AGENDA)
            return sum(1 for line in lines if line.strip())

    def update_speaker(self, actor: Actor, code: str, speaker_id: object, *, name: object = None,
                       organization: object = None, title: object = None, planned_seconds: object = None) -> None:
        """Edit a presenter who has not spoken yet."""
        with self._tx() as tx:
            session = self._moderate(tx, actor, code)
            speaker = self._speaker(tx.db, session, speaker_id)
            if speaker.state not in {SpeakerState.WAITING, SpeakerState.SKIPPED}:
                raise Conflict(_('Only someone who has not spoken yet can be edited.'))
            if name is not None:
                speaker.name = check.name(name, field=_('The name'), max_length=80)
            if organization is not None:
                speaker.organization = check.name(organization, field=_('The organisation'), max_length=120,
                                                  required=False)
            if title is not None:
                speaker.title = check.text(title, field=_('The talk title'), max_length=200, required=False)
            if planned_seconds is not None:
                speaker.planned_seconds = self._planned(tx.db, session, planned_seconds)
            tx.db.add(speaker)
            tx.changed(session, ChangeKind.AGENDA)

    def remove_speaker(self, actor: Actor, code: str, speaker_id: object) -> None:
        """Remove someone who has not spoken yet."""
        with self._tx() as tx:
            session = self._moderate(tx, actor, code)
            speaker = self._speaker(tx.db, session, speaker_id)
            if speaker.state not in {SpeakerState.WAITING, SpeakerState.SKIPPED}:
                raise Conflict(_('Only someone who has not spoken yet can be removed.'))
            tx.db.delete(speaker)
            tx.changed(session, ChangeKind.AGENDA)

    def apply_equal_split(self, actor: Actor, code: str) -> None:
        """Give every presenter without a planned time an equal share of the showcase segment."""
        with self._tx() as tx:
            session = self._moderate(tx, actor, code)
            speakers = repo.list_speakers(db=tx.db, session_id=session.id)
            segments = repo.list_segments(db=tx.db, session_id=session.id)
            unplanned = [s for s in speakers if s.kind == SpeakerKind.SHOWCASE and s.planned_seconds is None]
            shares = [queue.planned(s, speakers, segments, session.hand_seconds) for s in unplanned]
            for speaker, share in zip(unplanned, shares, strict=True):
                speaker.planned_seconds = share
                tx.db.add(speaker)
            tx.changed(session, ChangeKind.AGENDA)

    def next_speaker(self, actor: Actor, code: str, *, expected_version: int | None = None) -> None:
        """Finish the current speaker and call the first one waiting."""
        with self._tx() as tx:
            session = self._moderate(tx, actor, code, expected_version)
            speakers = repo.list_speakers(db=tx.db, session_id=session.id)
            waiting = queue.waiting_order(speakers, fair=session.fair_order)
            if not waiting:
                raise Conflict(_('No speaker is waiting.'), code='queue_empty')
            self._call(tx, session, speakers, waiting[0])

    def call_speaker(self, actor: Actor, code: str, speaker_id: object, *,
                     expected_version: int | None = None) -> None:
        """Call a particular waiting speaker or raised hand now."""
        with self._tx() as tx:
            session = self._moderate(tx, actor, code, expected_version)
            speaker = self._speaker(tx.db, session, speaker_id)
            if speaker.state != SpeakerState.WAITING:
                raise Conflict(_('This person is not waiting to speak.'))
            self._call(tx, session, repo.list_speakers(db=tx.db, session_id=session.id), speaker)

    def finish_speaker(self, actor: Actor, code: str, *, expected_version: int | None = None) -> None:
        """The current speaker is done."""
        with self._tx() as tx:
            session = self._moderate(tx, actor, code, expected_version)
            speaking = queue.current(repo.list_speakers(db=tx.db, session_id=session.id))
            if speaking is None:
                raise Conflict(_('Nobody is speaking.'), code='nobody_speaking')
            queue.finish(speaking, self.clock())
            tx.db.add(speaking)
            tx.changed(session, ChangeKind.AGENDA)

    def skip_speaker(self, actor: Actor, code: str, speaker_id: object, *,
                     expected_version: int | None = None) -> None:
        """Skip a waiting speaker; `restore_speaker` puts them back in their place."""
        self._set_waiting_state(actor, code, speaker_id, expected_version=expected_version,
                                before=SpeakerState.WAITING, after=SpeakerState.SKIPPED)

    def restore_speaker(self, actor: Actor, code: str, speaker_id: object, *,
                        expected_version: int | None = None) -> None:
        """Put a skipped speaker back in the line, in their old place."""
        self._set_waiting_state(actor, code, speaker_id, expected_version=expected_version,
                                before=SpeakerState.SKIPPED, after=SpeakerState.WAITING)

    def move_speaker(self, actor: Actor, code: str, speaker_id: object, position: object, *,
                     expected_version: int | None = None) -> None:
        """Move a waiting speaker to `position` (0-based) among the waiting ones."""
        with self._tx() as tx:
            session = self._moderate(tx, actor, code, expected_version)
            speaker = self._speaker(tx.db, session, speaker_id)
            if speaker.state != SpeakerState.WAITING:
                raise Conflict(_('Only a waiting speaker can be moved.'))
            speakers = repo.list_speakers(db=tx.db, session_id=session.id)
            line = queue.waiting_order(speakers, fair=session.fair_order)
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
            session.fair_order = False if speaker.kind == SpeakerKind.HAND else session.fair_order
            tx.changed(session, ChangeKind.AGENDA)

    def extend_speaker(self, actor: Actor, code: str, seconds: object, *,
                       expected_version: int | None = None) -> None:
        """Give the current speaker more (or, with negative seconds, less) time."""
        amount = check.seconds(seconds, field=_('The extension'), allow_negative=True)
        with self._tx() as tx:
            session = self._moderate(tx, actor, code, expected_version)
            speaking = queue.current(repo.list_speakers(db=tx.db, session_id=session.id))
            if speaking is None:
                raise Conflict(_('Nobody is speaking.'), code='nobody_speaking')
            queue.extend(speaking, amount)
            tx.db.add(speaking)
            tx.changed(session, ChangeKind.AGENDA)

    # helpers ------------------------------------------------------------------------------------------------------

    def _call(self, tx: Tx, session: DialogueSession, speakers: list[Speaker], speaker: Speaker) -> None:
        now = self.clock()
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
        tx.changed(session, ChangeKind.AGENDA)

    def _set_waiting_state(self, actor: Actor, code: str, speaker_id: object, *, expected_version: int | None,
                           before: SpeakerState, after: SpeakerState) -> None:
        with self._tx() as tx:
            session = self._moderate(tx, actor, code, expected_version)
            speaker = self._speaker(tx.db, session, speaker_id)
            if speaker.state != before:
                raise Conflict(_('This person is not waiting to speak.') if before == SpeakerState.WAITING
                               else _('This person was not skipped.'))
            speaker.state = after
            tx.db.add(speaker)
            tx.changed(session, ChangeKind.AGENDA)

    def _new_presenter(self, db: Session, session: DialogueSession, *, name: object, organization: object,
                       title: object, planned_seconds: object) -> Speaker:
        speakers = repo.list_speakers(db=db, session_id=session.id)
        speaker = Speaker(
            session_id=session.id, kind=SpeakerKind.SHOWCASE, position=max((s.position for s in speakers), default=-1)
            + 1, name=check.name(name, field=_('The name'), max_length=80),
            organization=check.name(organization, field=_('The organisation'), max_length=120, required=False),
            title=check.text(title, field=_('The talk title'), max_length=200, required=False),
            planned_seconds=None if planned_seconds is None else self._planned(db, session, planned_seconds),
            raised_at=self.clock())
        db.add(speaker)
        db.flush()
        return speaker

    @staticmethod
    def _planned(db: Session, session: DialogueSession, value: object) -> int:
        seconds = check.seconds(value, field=_('The planned time'))
        limit = queue.showcase_seconds(repo.list_segments(db=db, session_id=session.id))
        if limit is not None and seconds > limit:
            raise InvalidInput(_('The planned time is longer than the showcase segment ({n} min).').format(
                n=limit // 60))
        return seconds

    def _speaker(self, db: Session, session: DialogueSession, speaker_id: object) -> Speaker:
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
