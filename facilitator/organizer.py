"""Organiser commands: create a session from a template, edit its agenda and topics, issue links."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from db import repository as repo
from db.enums import SegmentKind, SegmentState, SessionStatus
from db.models import DialogueSession, Room, Segment

from . import validation as check
from .actors import MODERATION, ORGANIZER, Actor
from .base import ServiceBase
from .errors import Conflict, InvalidInput
from .events import ChangeKind
from .i18n import _
from .input_rules import bounded_seconds
from .registration_hooks import attach_series
from .security import hash_secret, new_code, new_secret
from .templates import TEMPLATES


@dataclass(frozen=True)
class IssuedKeys:
    """Returned once: the keys are stored only as hashes."""

    code: str
    title: str
    moderator_key: str
    rapporteur_key: str
    urls: dict[str, str]


class OrganizerCommands(ServiceBase):
    def create_session(self, actor: Actor, *, template: str, title: str | None = None,
                       starts_at: datetime | str | None = None, timezone: str | None = None,
                       series: object = None, registration_required: object = None) -> IssuedKeys:
        """Create a session from a template and issue its moderator and rapporteur keys."""
        self._require(actor, None, ORGANIZER)
        spec = TEMPLATES.get(template)
        if spec is None:
            raise InvalidInput(_('Unknown template. Choose one of: {ids}.').format(ids=', '.join(TEMPLATES)))
        name = check.text(title if title is not None else spec.title, field=_('The title'), max_length=200)
        zone = check.timezone(timezone) if timezone is not None else spec.timezone
        start = check.aware(starts_at) if starts_at is not None else (spec.starts_at() or self._next_hour())
        moderator_key, rapporteur_key = new_secret(), new_secret()
        for _attempt in range(5):
            try:
                with self._tx() as tx:  # not a command on a session: it creates one, and nobody listens yet
                    session = DialogueSession(
                        code=new_code(), title=name, template=spec.id, theme=spec.theme,
                        key_themes=list(spec.key_themes), location=spec.location, hybrid=spec.hybrid, note=spec.note,
                        timezone=zone, starts_at=start, moderator_key_hash=hash_secret(moderator_key),
                        rapporteur_key_hash=hash_secret(rapporteur_key), join_slide=False)
                    tx.db.add(session)
                    tx.db.flush()
                    attach_series(tx.db, session, series=series, registration_required=registration_required)
                    for position, seg in enumerate(spec.segments):
                        tx.db.add(Segment(session_id=session.id, position=position, kind=seg.kind, title=seg.title,
                                          description=seg.description, planned_seconds=seg.minutes * 60,
                                          remaining_seconds=float(seg.minutes * 60)))
                    for position, topic in enumerate(spec.topics):
                        tx.db.add(Room(session_id=session.id, position=position, topic=topic.topic,
                                       prompt=topic.prompt))
                break
            except IntegrityError:  # the random join code was taken: draw another
                continue
        else:
            raise Conflict(_('Could not find a free session code. Try again.'))
        return IssuedKeys(code=session.code, title=session.title, moderator_key=moderator_key,
                          rapporteur_key=rapporteur_key, urls=self._urls(session.code, moderator_key, rapporteur_key))

    def regenerate_keys(self, actor: Actor, code: str) -> IssuedKeys:
        """Issue new moderator and rapporteur keys; the old links stop working at once."""
        moderator_key, rapporteur_key = new_secret(), new_secret()
        with self._command(actor, code, roles=ORGANIZER, kind=ChangeKind.SETUP) as cmd:
            session = cmd.session
            session.moderator_key_hash = hash_secret(moderator_key)
            session.rapporteur_key_hash = hash_secret(rapporteur_key)
            cmd.changed()
        return IssuedKeys(code=session.code, title=session.title, moderator_key=moderator_key,
                          rapporteur_key=rapporteur_key, urls=self._urls(session.code, moderator_key, rapporteur_key))

    def update_session(self, actor: Actor, code: str, *, title: str | None = None,
                       starts_at: datetime | str | None = None, timezone: str | None = None,
                       call_url: str | None = None, theme: str | None = None) -> None:
        """Edit the title, start time, time zone, theme or call link."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA) as cmd:
            session = cmd.session
            if title is not None:
                session.title = check.text(title, field=_('The title'), max_length=200)
            if starts_at is not None:
                old_start, session.starts_at = session.starts_at, check.aware(starts_at)
                if session.starts_at != old_start:
                    self._on_rescheduled(cmd.tx, session, old_start)
            if timezone is not None:
                session.timezone = check.timezone(timezone)
            if call_url is not None:
                session.call_url = check.call_url(call_url)
            if theme is not None:
                session.theme = check.text(theme, field=_('The theme'), max_length=4000, required=False)
            cmd.changed()

    def add_segment(self, actor: Actor, code: str, *, title: str, planned_seconds: int,
                    kind: SegmentKind | str = SegmentKind.CUSTOM) -> None:
        """Append a segment to the agenda."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA) as cmd:
            tx, session = cmd.tx, cmd.session
            segments = repo.list_segments(db=tx.db, session_id=session.id)
            if len(segments) >= check.MAX_SEGMENTS:
                raise Conflict(_('An agenda holds at most {n} segments.').format(n=check.MAX_SEGMENTS))
            planned = bounded_seconds(planned_seconds, field=_('The duration'))
            try:
                segment_kind = SegmentKind(kind)
            except ValueError:
                raise InvalidInput(_('Unknown segment kind.')) from None
            tx.db.add(Segment(session_id=session.id, position=len(segments), kind=segment_kind,
                              title=check.text(title, field=_('The segment title'), max_length=120),
                              planned_seconds=planned, remaining_seconds=float(planned)))
            cmd.changed()

    def update_segment(self, actor: Actor, code: str, segment_id: uuid.UUID | str, *, title: str | None = None,
                       planned_seconds: int | None = None) -> None:
        """Rename a segment or change its planned duration (only while it has not started)."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA) as cmd:
            tx, session = cmd.tx, cmd.session
            segment = self._segment(tx.db, session, segment_id)
            if title is not None:
                segment.title = check.text(title, field=_('The segment title'), max_length=120)
            if planned_seconds is not None:
                planned = bounded_seconds(planned_seconds, field=_('The duration'))
                if segment.state != SegmentState.PENDING:
                    raise Conflict(_('This segment has started; use extend to change its time.'))
                segment.planned_seconds = planned
                segment.remaining_seconds = float(planned)
            tx.db.add(segment)
            cmd.changed()

    def remove_segment(self, actor: Actor, code: str, segment_id: uuid.UUID | str) -> None:
        """Remove a segment that has not started yet."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA) as cmd:
            tx, session = cmd.tx, cmd.session
            segment = self._segment(tx.db, session, segment_id)
            segments = repo.list_segments(db=tx.db, session_id=session.id)
            if len(segments) == 1:
                raise Conflict(_('An agenda needs at least one segment.'))
            self._check_editable(session, segment)
            tx.db.delete(segment)
            self._renumber(tx.db, [s for s in segments if s.id != segment.id])
            repo.clear_snapshots(db=tx.db, session_id=session.id)  # undo restores by position: start afresh
            cmd.changed()

    def move_segment(self, actor: Actor, code: str, segment_id: uuid.UUID | str, position: int) -> None:
        """Move a segment that has not started to another place among those that have not started."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA) as cmd:
            tx, session = cmd.tx, cmd.session
            segment = self._segment(tx.db, session, segment_id)
            segments = repo.list_segments(db=tx.db, session_id=session.id)
            if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position < len(segments):
                raise InvalidInput(_('There is no such position in the agenda.'))
            self._check_editable(session, segment)
            self._check_editable(session, segments[position])
            segments.remove(segment)
            segments.insert(position, segment)
            self._renumber(tx.db, segments)
            repo.clear_snapshots(db=tx.db, session_id=session.id)  # undo restores by position: start afresh
            cmd.changed()

    def _segment(self, db: Session, session: DialogueSession, segment_id: uuid.UUID | str) -> Segment:
        return self._owned(db, Segment, session, segment_id, what=_('There is no such segment.'),
                           code='segment_not_found')

    @staticmethod
    def _check_editable(session: DialogueSession, segment: Segment) -> None:
        live = session.status == SessionStatus.LIVE
        if segment.state != SegmentState.PENDING or (live and segment.position <= session.current_segment):
            raise Conflict(_('Only segments that have not started can be moved or removed.'))

    @staticmethod
    def _renumber(db: Session, segments: list[Segment]) -> None:
        for position, segment in enumerate(segments):
            segment.position = position
            db.add(segment)

    def _urls(self, code: str, moderator_key: str, rapporteur_key: str) -> dict[str, str]:
        return {
            'participant': self.link(code),
            'moderator': self.link(code, 'moderate', key=moderator_key),
            'rapporteur': self.link(code, 'rapporteur', key=rapporteur_key),
            'stage': self.link(code, 'stage'),
        }

    def _next_hour(self) -> datetime:
        return self.clock().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
