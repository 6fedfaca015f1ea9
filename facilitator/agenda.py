"""Timer commands: the moderator runs the agenda. Every one of them can be undone."""

from collections.abc import Callable
from datetime import datetime

from sqlmodel import Session

from db import repository as repo
from db.enums import SegmentState, SessionStatus
from db.models import DialogueSession, Segment, TimerSnapshot

from . import timer
from .actors import MODERATION, Actor
from .base import ServiceBase
from .errors import Conflict
from .events import ChangeKind
from .i18n import _
from .inputs import Extension, ResetInput
from .pipeline import not_ended

TimerStep = Callable[[DialogueSession, list[Segment], datetime], None]


class AgendaCommands(ServiceBase):
    def start_segment(self, actor: Actor, code: str, *, expected_version: int | None = None) -> None:
        """Start the current segment; the session goes live."""
        self._timer_action(actor, code, 'start', expected_version, self._start)

    def pause_segment(self, actor: Actor, code: str, *, expected_version: int | None = None) -> None:
        """Pause the running segment, keeping the seconds it has left."""
        self._timer_action(actor, code, 'pause', expected_version,
                           lambda s, segs, now: timer.pause(segs[s.current_segment], now))

    def resume_segment(self, actor: Actor, code: str, *, expected_version: int | None = None) -> None:
        """Resume the paused segment."""
        self._timer_action(actor, code, 'resume', expected_version,
                           lambda s, segs, now: timer.resume(segs[s.current_segment], now))

    def next_segment(self, actor: Actor, code: str, *, expected_version: int | None = None) -> None:
        """Close the current segment and start the next one."""
        self._timer_action(actor, code, 'next', expected_version, self._next)

    def previous_segment(self, actor: Actor, code: str, *, expected_version: int | None = None) -> None:
        """Go back: the current segment returns to pending, the previous one comes back paused."""
        self._timer_action(actor, code, 'previous', expected_version, self._previous)

    def extend_segment(self, actor: Actor, code: str, seconds: int, *,
                       expected_version: int | None = None) -> None:
        """Add time to the current segment (negative seconds take time away). A relative action: quick presses
        with the same expected version all count."""

        def extend(session: DialogueSession, segments: list[Segment], now: datetime) -> None:
            amount = Extension.parse({'seconds': seconds}).seconds
            timer.extend(segments[session.current_segment], amount, now)

        self._timer_action(actor, code, 'extend', expected_version, extend, relative=True)

    def undo_timer(self, actor: Actor, code: str, *, expected_version: int | None = None) -> str:
        """Restore the timer to just before the latest timer action not yet undone; returns that action."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA, expected_version=expected_version,
                           rules=[not_ended]) as cmd:
            tx, session = cmd.tx, cmd.session
            last = repo.latest_snapshot(db=tx.db, session_id=session.id)
            if last is None:
                raise Conflict(_('There is nothing to undo.'), code='nothing_to_undo')
            segments = {str(s.id): s for s in repo.list_segments(db=tx.db, session_id=session.id)}
            for data in last.data['segments']:
                if data['id'] in segments:
                    timer.restore(segments[data['id']], data)
                    tx.db.add(segments[data['id']])
            session.current_segment = min(int(last.data['current_segment']), len(segments) - 1)
            session.status = SessionStatus(last.data['status'])
            tx.db.delete(last)
            ordered = sorted(segments.values(), key=lambda s: s.position)
            self._after_timer(tx, session, ordered, 'undo', self.clock())
            cmd.changed()
            return last.action

    def undoable(self, actor: Actor, code: str) -> str | None:
        """The timer action `undo` would take back now (start, pause, resume, next, previous or extend), or None:
        what the console's Undo button and U key name."""
        with self._read() as db:
            session = self._load(db, code)
            self._require(actor, session, MODERATION)
            last = repo.latest_snapshot(db=db, session_id=session.id)
            return None if last is None or session.status == SessionStatus.ENDED else last.action

    def end_session(self, actor: Actor, code: str, *, expected_version: int | None = None) -> None:
        """Close the current segment and end the session. Timer actions then wait for a reset."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA, expected_version=expected_version,
                           rules=[not_ended]) as cmd:
            tx, session = cmd.tx, cmd.session
            segments = repo.list_segments(db=tx.db, session_id=session.id)
            current = segments[session.current_segment]
            if current.state in {SegmentState.RUNNING, SegmentState.PAUSED}:
                timer.close(current, self.clock())
                tx.db.add(current)
            session.status = SessionStatus.ENDED
            repo.clear_snapshots(db=tx.db, session_id=session.id)
            self._on_end(tx, session)
            cmd.changed()

    def reset_session(self, actor: Actor, code: str, *, clear_input: bool = False,
                      expected_version: int | None = None) -> None:
        """After a rehearsal: every segment back to pending and the session back to scheduled."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            tx, session = cmd.tx, cmd.session
            clear = ResetInput.parse({'clear_input': clear_input}).clear_input
            for segment in repo.list_segments(db=tx.db, session_id=session.id):
                timer.rewind(segment)
                tx.db.add(segment)
            session.current_segment = 0
            session.status = SessionStatus.SCHEDULED
            repo.clear_snapshots(db=tx.db, session_id=session.id)
            self._on_reset(tx, session, clear_input=clear)
            cmd.changed()

    def show_join_slide(self, actor: Actor, code: str, shown: bool, *, expected_version: int | None = None) -> None:
        """Show or hide the join slide (code, QR code and link) on the stage screen."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            cmd.session.join_slide = shown
            cmd.changed()

    def _timer_action(self, actor: Actor, code: str, action: str, expected_version: int | None,
                      step: TimerStep, *, relative: bool = False) -> None:
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA, expected_version=expected_version,
                           relative=relative, rules=[not_ended]) as cmd:
            tx, session = cmd.tx, cmd.session
            segments = repo.list_segments(db=tx.db, session_id=session.id)
            self._remember(tx.db, session, segments, action)
            now = self.clock()
            step(session, segments, now)
            self._after_timer(tx, session, segments, action, now)
            for segment in segments:
                tx.db.add(segment)
            cmd.changed()

    @staticmethod
    def _remember(db: Session, session: DialogueSession, segments: list[Segment], action: str) -> None:
        data = {'current_segment': session.current_segment, 'status': session.status.value,
                'segments': [timer.snapshot(s) for s in segments]}
        seq = repo.next_snapshot_seq(db=db, session_id=session.id)
        db.add(TimerSnapshot(session_id=session.id, seq=seq, action=action, data=data))

    @staticmethod
    def _start(session: DialogueSession, segments: list[Segment], now: datetime) -> None:
        timer.start(segments[session.current_segment], now)
        session.status = SessionStatus.LIVE

    @staticmethod
    def _next(session: DialogueSession, segments: list[Segment], now: datetime) -> None:
        if session.current_segment >= len(segments) - 1:
            raise Conflict(_('This is the last segment. End the session instead.'), code='last_segment')
        timer.close(segments[session.current_segment], now)
        session.current_segment += 1
        timer.start(segments[session.current_segment], now)
        session.status = SessionStatus.LIVE

    @staticmethod
    def _previous(session: DialogueSession, segments: list[Segment], now: datetime) -> None:
        if session.current_segment == 0:
            raise Conflict(_('This is the first segment.'), code='first_segment')
        timer.rewind(segments[session.current_segment])
        session.current_segment -= 1
        timer.reopen(segments[session.current_segment])
