"""The facilitator service: the one object that owns the app's state and runs every command."""

from typing import Any, Literal, overload

from sqlalchemy.engine import Engine

from db import repository as repo

from .actors import ORGANIZER, STAFF, Actor
from .agenda import AgendaCommands
from .clock import Clock, system_clock
from .errors import NotFound
from .events import ChangeKind, EventBus, LocalEventBus, SessionChanged
from .export import ExportFile, parse_format, render
from .feedback import FeedbackReads
from .floor import FloorCommands
from .hands import HandCommands
from .i18n import _
from .input_state import one_post
from .moderation import ModerationCommands
from .notes import NoteCommands
from .organizer import OrganizerCommands
from .outcome import OutcomeCommands
from .people import PeopleCommands
from .polls import PollCommands
from .posts import PostCommands
from .presenter import PresenterCommands
from .privacy import PrivacyCommands
from .registration import RegistrationCommands
from .report import build_report
from .restore import RestoreCommands
from .rooms import RoomCommands
from .security import normalize_code
from .series_report import SeriesReportCommands
from .snapshot import SessionState, StaffPostView, StaffQuestionView, StaffSessionState
from .snapshot_cache import Snapshot, SnapshotCache, Stamped
from .speakers import SpeakerCommands
from .stage import StageCommands
from .state import build_staff_state, build_state
from .templates import TEMPLATES
from .topics import TopicCommands


class FacilitatorService(SpeakerCommands, HandCommands, RoomCommands, PostCommands, ModerationCommands,
                         NoteCommands, AgendaCommands, OrganizerCommands, TopicCommands, PeopleCommands,
                         PrivacyCommands, StageCommands, RegistrationCommands, PollCommands,
                         PresenterCommands, FloorCommands, FeedbackReads, RestoreCommands, SeriesReportCommands,
                         OutcomeCommands):
    """Commands check the role and the state rules, write in one transaction, then publish an event."""

    def __init__(self, *, engine: Engine, admin_token: str, public_url: str, bus: EventBus | None = None,
                 clock: Clock = system_clock, retention_days: int = 90, admin_hash: str | None = None) -> None:
        super().__init__(engine=engine, bus=bus or LocalEventBus(), clock=clock, admin_token=admin_token,
                         public_url=public_url, admin_hash=admin_hash)
        self.retention_days = retention_days
        """`FACILITATOR_RETENTION_DAYS`: what the privacy notice promises and the retention job keeps to."""
        self.snapshots = SnapshotCache(self._build_state, clock)
        self.bus.subscribe(self.snapshots.changed)
        self.bus.subscribe(self._heard_from_another_instance)

    def _heard_from_another_instance(self, event: SessionChanged) -> None:
        """Another instance's event (a shared bus): its online count adds to ours; cached tokens it revoked go."""
        if event.origin:
            self.presence.heard(event, self.clock())
            self.tokens.heard(event)

    @overload
    def state(self, code: str, *, staff: Literal[False] = False) -> SessionState: ...

    @overload
    def state(self, code: str, *, staff: Literal[True]) -> StaffSessionState: ...

    def state(self, code: str, *, staff: bool = False) -> SessionState:
        """The public snapshot of a session (no secrets, no hidden input); `staff` adds private names.

        Built once per version and shared: treat it as read-only. May build: off the event loop when it can."""
        return self.snapshot(code, staff=staff).at(self.clock()).state

    def snapshot(self, code: str, *, staff: bool = False) -> Snapshot:
        """The shared snapshot of the current version, with its JSON; built now if there is none."""
        return self.snapshots.get(code, online=self.presence.online(normalize_code(code)), staff=staff)

    def cached_snapshot(self, code: str) -> Snapshot | None:
        """The current public snapshot if it is built already: never touches the database (for the event loop)."""
        return self.snapshots.peek(code, online=self.presence.online(normalize_code(code)))

    def stamped(self, code: str) -> Stamped:
        return self.snapshot(code).at(self.clock())

    def _build_state(self, code: str, staff: bool, online: int) -> SessionState:
        with self._read() as db:
            found = repo.get_session_with_version(db=db, code=normalize_code(code))
            if found is None:
                raise NotFound(_('There is no session with this code.'), code='session_not_found')
            session, version = found
            if not staff:
                return build_state(db, session, self.clock(), version=version, online=online,
                                   public_url=self.public_url)
            state = build_staff_state(db, session, self.clock(), version=version, online=online,
                                      public_url=self.public_url)
            return state.model_copy(update={'presenters': self.presenter_views(db, session)})

    def post_snapshot(self, code: str, post_id: str) -> StaffPostView | StaffQuestionView:
        """One visible or pending post as staff see it: what a new post's author gets back."""
        with self._read() as db:
            session = self._load(db, code)
            return one_post(db, session, self.visible_post(db, session, post_id, include_pending=True))

    def export(self, actor: Actor, code: str, fmt: object, *, anonymize: bool = False) -> ExportFile:
        """The report as a file (md, docx, csv or json); moderators and rapporteurs only. Blocking: run it off
        the event loop."""
        with self._read() as db:
            session = self._load(db, code)
            self._require(actor, session, STAFF)
            export_format = parse_format(fmt)
            report = build_report(db, session, self.clock(), anonymize=anonymize)
        return render(report, export_format)

    def stored_version(self, code: str) -> int:
        """The session's version as stored now (NotFound if it is gone)."""
        with self._read() as db:
            found = repo.public_version(db=db, code=normalize_code(code))
        if found is None:
            raise NotFound(_('There is no session with this code.'), code='session_not_found')
        return found[1]

    def find_code(self, code: str) -> str | None:
        """The canonical code of an existing session, or None. Safe to put in a redirect."""
        if not code or len(code) > 16:
            return None
        with self._read() as db:
            session = repo.get_session_by_code(db=db, code=normalize_code(code))
            return None if session is None else session.code

    def list_sessions(self, actor: Actor) -> list[dict[str, Any]]:
        """The organiser's overview of every session."""
        self._require(actor, None, ORGANIZER)
        with self._read() as db:
            return [{'code': s.code, 'title': s.title, 'status': s.status.value, 'starts_at': s.starts_at,
                     'timezone': s.timezone} for s in repo.list_sessions(db=db)]

    @staticmethod
    def templates() -> list[dict[str, Any]]:
        return [{'id': t.id, 'title': t.title, 'date': t.day.isoformat() if t.day else None, 'hybrid': t.hybrid}
                for t in TEMPLATES.values()]

    def client_connected(self, code: str, participant_id: str | None) -> None:
        """A page connected. Only a participant's page counts (once per participant, however many tabs); the
        online count is announced when it moves. Reads the session: call it off the event loop."""
        if participant_id is not None and self.presence.connected(normalize_code(code), participant_id):
            self.announce_people(code)

    def client_disconnected(self, code: str, participant_id: str | None) -> None:
        if participant_id is not None and self.presence.disconnected(normalize_code(code), participant_id):
            self.announce_people(code)

    def announce_people(self, code: str) -> None:
        """Tell every page (on every instance) that the online count moved. Reads the session: off the event loop."""
        self.bus.publish(SessionChanged(code=normalize_code(code), version=self.stored_version(code),
                                        kind=ChangeKind.PEOPLE, online_here=self.presence.local(normalize_code(code))))
