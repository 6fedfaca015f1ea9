"""Publishing a session's outcome: the anonymised outcome is frozen as stored data when it is published, so the
public page shows exactly what was published, and it stays with the series after the retention purge."""

from sqlmodel import Session

from db import series_repository as series_repo
from db.enums import MailKind
from db.models import DialogueSession
from db.outcome_models import PublishedOutcome, get_outcome
from db.series_models import Series

from .actors import STAFF, Actor
from .errors import NotFound
from .events import ChangeKind
from .i18n import _
from .mail import MailCommands
from .outcome_view import OutcomeStatus, OutcomeView, build_outcome
from .security import normalize_code


def not_published() -> NotFound:
    return NotFound(_('The outcome of this session has not been published.'), code='outcome_not_published')


class OutcomeCommands(MailCommands):
    def publish_outcome(self, actor: Actor, code: str, published: bool = True) -> OutcomeStatus:
        """Publish the anonymised outcome (again: refreshed from the session as it is now), or withdraw it
        (`published=False`). Moderators and rapporteurs. The first publication mails every registrant once;
        publishing again refreshes the page without mailing anyone again. Withdrawing what is not on show changes
        nothing."""
        with self._command(actor, code, roles=STAFF, kind=ChangeKind.SETUP) as cmd:
            session, db, now = cmd.session, cmd.db, self.clock()
            row = get_outcome(db=db, code=session.code)
            url = self.link(session.code, 'outcome')
            if not published:
                if row is None or not row.published:
                    cmd.unchanged()
                    return OutcomeStatus(published=False, published_at=None, url=url)
                row.published, row.withdrawn_at = False, now
                db.add(row)
                cmd.changed()
                return OutcomeStatus(published=False, published_at=None, url=url)
            series = self._series_or_none(db, session)
            content = self._fresh_outcome(db, session).model_dump(mode='json')
            if row is None:
                row = PublishedOutcome(code=session.code, source_session=session.id, content=content,
                                       published_at=now, first_published_at=now, publications=0)
            row.series_id = series.id if series else None
            row.content, row.published, row.published_at, row.withdrawn_at = content, True, now, None
            row.publications += 1
            db.add(row)
            self._mail_outcome(db, session)
            cmd.changed()
            return OutcomeStatus(published=True, published_at=now.isoformat(), url=url)

    def outcome(self, code: str) -> OutcomeView:
        """The published outcome, exactly as it was published; NotFound (404) while it is not. Public."""
        with self._read() as db:
            row = get_outcome(db=db, code=normalize_code(code)) if code and len(code) <= 16 else None
            if row is None or not row.published:
                raise not_published()
            return OutcomeView.model_validate(row.content)

    def outcome_preview(self, actor: Actor, code: str) -> OutcomeView:
        """What publishing now would show (nothing is stored): the staff's preview before they publish."""
        with self._read() as db:
            session = self._load(db, code)
            self._require(actor, session, STAFF)
            return self._fresh_outcome(db, session)

    def outcome_status(self, actor: Actor, code: str) -> OutcomeStatus:
        """For the staff consoles' publish buttons."""
        with self._read() as db:
            session = self._load(db, code)
            self._require(actor, session, STAFF)
            row = get_outcome(db=db, code=session.code)
            on_show = row is not None and row.published
            return OutcomeStatus(published=on_show, url=self.link(session.code, 'outcome'),
                                 published_at=row.published_at.isoformat() if row is not None and on_show else None)

    def _fresh_outcome(self, db: Session, session: DialogueSession) -> OutcomeView:
        series = self._series_or_none(db, session)
        return build_outcome(db, session, self.clock(), url=self.link(session.code, 'outcome'),
                             series_title=series.title if series else None, series_slug=series.slug if series else None)

    @staticmethod
    def _series_or_none(db: Session, session: DialogueSession) -> Series | None:
        listing = series_repo.get_listing(db=db, session_id=session.id)
        return db.get(Series, listing.series_id) if listing and listing.series_id else None

    def _mail_outcome(self, db: Session, session: DialogueSession) -> None:
        """Each active registrant once, in their language, whatever how often the outcome is published again."""
        for registration in series_repo.list_registrations(db=db, session_id=session.id, active_only=True):
            key = f'{registration.id}:{MailKind.OUTCOME.value}'
            if not series_repo.has_message(db=db, dedupe_key=key):
                self._queue_mail(db, session, registration, MailKind.OUTCOME, dedupe_key=key)

    def _on_delete(self, db: Session, session: DialogueSession) -> None:
        """Deleting a session on purpose takes its outcome too (the retention purge keeps it: see db/erase.py)."""
        super()._on_delete(db, session)
        row = get_outcome(db=db, code=session.code)
        if row is not None:
            db.delete(row)
