"""The series report: every session of a series together (date, status, attendance per stakeholder group) and the
series' actionable solutions with their status, owner, support and follow-up notes. Word, PDF and CSV
(`series_export.py`); it names nobody."""

from collections import Counter
from datetime import datetime

from sqlmodel import Session

from db import repository as repo
from db import series_repository as series_repo
from db.enums import SessionStatus
from db.series_models import Series

from .actors import Actor
from .export import ExportFile
from .feature_views import View
from .series_export import ReportFormat, parse_report_format, render_series_report
from .solution_views import SolutionView
from .solutions import SolutionCommands


class SessionAttendance(View):
    """One session of the series: when, its status, who came by stakeholder group, who registered and attended."""

    code: str
    title: str
    starts_at: datetime
    timezone: str
    status: SessionStatus
    participants: int
    by_group: dict[str, int]
    registered: int
    attended: int


class SeriesReport(View):
    slug: str
    title: str
    generated_at: datetime
    sessions: list[SessionAttendance]
    solutions: list[SolutionView]


def session_attendance(db: Session, session_id: object) -> tuple[int, dict[str, int]]:
    groups: Counter[str] = Counter()
    for person in repo.list_participants(db=db, session_id=session_id):  # type: ignore[arg-type]
        if not person.removed:
            groups[person.group.value] += 1
    return sum(groups.values()), dict(sorted(groups.items()))


class SeriesReportCommands(SolutionCommands):
    def series_report(self, actor: Actor, slug: str) -> SeriesReport:
        """The series report's content; organisers and staff of a session in the series."""
        with self._read() as db:
            series = self._series(db, slug)
            self._require_series_staff(db, actor, series)
            return self._series_report(db, series)

    def series_report_file(self, actor: Actor, slug: str, fmt: object) -> ExportFile:
        """The series report as a file (docx, pdf or csv). Blocking and CPU-bound: run it in the read pool."""
        report_format: ReportFormat = parse_report_format(fmt)
        return render_series_report(self.series_report(actor, slug), report_format)

    def _series_report(self, db: Session, series: Series) -> SeriesReport:
        sessions = []
        for session in series_repo.series_sessions(db=db, series_id=series.id):
            total, by_group = session_attendance(db, session.id)
            registrations = series_repo.list_registrations(db=db, session_id=session.id, active_only=True)
            sessions.append(SessionAttendance(
                code=session.code, title=session.title, starts_at=session.starts_at, timezone=session.timezone,
                status=session.status, participants=total, by_group=by_group, registered=len(registrations),
                attended=sum(r.participant_id is not None for r in registrations)))
        return SeriesReport(slug=series.slug, title=series.title, generated_at=self.clock(), sessions=sessions,
                            solutions=self._solutions_of(db, series).solutions)
