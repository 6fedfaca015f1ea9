"""Email: the SMTP settings, the stored outbox, and its delivery with retries and backoff.

Commands only queue rows in their own transaction; the sender job delivers them later with `smtplib` in a worker
thread, so no request ever waits for a mail server.
"""

import base64
import hashlib
import hmac
import smtplib
import ssl
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import unquote, urlparse

from sqlmodel import Session

from db import series_repository as series_repo
from db.enums import MailKind, MailState
from db.models import DialogueSession
from db.series_models import OutboxMessage, Registration, Series

from .base import Tx
from .calendar import CalendarEvent, session_uid, to_ics
from .errors import InvalidInput
from .i18n import _
from .mail_content import MailFacts, compose
from .series import SeriesCommands, session_end

MAX_ATTEMPTS = 8
FIRST_RETRY_S = 30
MAX_RETRY_S = 3600
SMTP_TIMEOUT_S = 15
REMINDERS = ((MailKind.REMINDER_24H, timedelta(hours=24)), (MailKind.REMINDER_1H, timedelta(hours=1)))


@dataclass(frozen=True)
class MailConfig:
    """From FACILITATOR_SMTP_URL: smtp://host:port, smtps://… or smtp+starttls://user:password@host:587."""

    host: str
    port: int
    sender: str
    tls: str = ''  # '', 'starttls' or 'ssl'
    user: str = ''
    password: str = ''

    @classmethod
    def from_url(cls, url: str, sender: str) -> 'MailConfig':
        parsed = urlparse(url)
        tls = {'smtp': '', 'smtp+starttls': 'starttls', 'smtps': 'ssl'}.get(parsed.scheme)
        if tls is None or not parsed.hostname or not sender:
            raise InvalidInput(_('FACILITATOR_SMTP_URL must look like smtp://host:port, and FACILITATOR_MAIL_FROM '
                                 'must be set.'))
        default_port = {'': 25, 'starttls': 587, 'ssl': 465}[tls]
        return cls(host=parsed.hostname, port=parsed.port or default_port, sender=sender, tls=tls,
                   user=unquote(parsed.username or ''), password=unquote(parsed.password or ''))


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … at most an hour."""
    return timedelta(seconds=min(FIRST_RETRY_S * 2 ** max(attempts - 1, 0), MAX_RETRY_S))


def build_message(message: OutboxMessage, sender: str) -> EmailMessage:
    mail = EmailMessage()
    mail['Subject'] = message.subject
    mail['From'] = sender
    mail['To'] = message.to_addr
    mail['Message-ID'] = make_msgid(domain=sender.rpartition('@')[2] or None)
    mail.set_content(message.text_body)
    mail.add_alternative(message.html_body, subtype='html')
    if message.ics:
        method = 'CANCEL' if message.kind == MailKind.CANCEL else 'REQUEST'
        mail.add_attachment(message.ics.encode(), maintype='text', subtype='calendar', filename='invite.ics',
                            params={'method': method})
    return mail


def smtp_send(config: MailConfig, mail: EmailMessage) -> None:
    """Blocking: call it from a worker thread."""
    if config.tls == 'ssl':
        client: smtplib.SMTP = smtplib.SMTP_SSL(config.host, config.port, timeout=SMTP_TIMEOUT_S,
                                                context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(config.host, config.port, timeout=SMTP_TIMEOUT_S)
    with client:
        if config.tls == 'starttls':
            client.starttls(context=ssl.create_default_context())
        if config.user:
            client.login(config.user, config.password)
        client.send_message(mail)


class MailCommands(SeriesCommands):
    mail_config: MailConfig | None = None

    def configure_mail(self, smtp_url: str | None, sender: str | None) -> None:
        """Turn email on; without both settings no mail is queued or sent."""
        self.mail_config = MailConfig.from_url(smtp_url, sender or '') if smtp_url else None

    @property
    def mail_enabled(self) -> bool:
        return self.mail_config is not None

    def deliver_due_mail(self, *, limit: int = 20) -> int:
        """Send the messages that are due; a failure schedules a retry with backoff. Blocking: run it off the
        event loop. Returns how many were sent."""
        config = self.mail_config
        if config is None:
            return 0
        with self._read() as db:
            due = series_repo.due_messages(db=db, now=self.clock(), limit=limit)
        sent = 0
        for message in due:
            with self._tx() as tx:
                lease = self.clock() + timedelta(seconds=4 * SMTP_TIMEOUT_S)
                if not series_repo.claim_message(db=tx.db, message_id=message.id, seen=message.next_attempt_at,
                                                 lease_until=lease):
                    continue  # another sender took it
            error = ''
            try:
                smtp_send(config, build_message(message, config.sender))
            except (OSError, smtplib.SMTPException) as failure:
                error = f'{type(failure).__name__}: {failure}'[:500]
            with self._tx() as tx:
                row = tx.db.get(OutboxMessage, message.id)
                if row is None or row.state != MailState.PENDING:
                    continue
                row.attempts += 1
                if not error:
                    row.state, row.sent_at, row.last_error = MailState.SENT, self.clock(), ''
                    sent += 1
                else:
                    row.last_error = error
                    row.next_attempt_at = self.clock() + retry_delay(row.attempts)
                    if row.attempts >= MAX_ATTEMPTS:
                        row.state = MailState.FAILED
                tx.db.add(row)
        return sent

    def queue_reminders(self) -> int:
        """Queue the 24-hour and 1-hour reminders that are due now (each once per registrant and start time)."""
        if not self.mail_enabled:
            return 0
        now, queued = self.clock(), 0
        with self._tx() as tx:
            for kind, ahead in REMINDERS:
                # a reminder that was missed by more than its own lead time is not worth sending any more
                for session in series_repo.sessions_starting(db=tx.db, after=now, until=now + ahead):
                    if kind == MailKind.REMINDER_24H and session.starts_at - now <= timedelta(hours=1):
                        continue
                    for registration in series_repo.list_registrations(db=tx.db, session_id=session.id,
                                                                       active_only=True):
                        if registration.created_at > session.starts_at - ahead:
                            continue  # registered after this reminder's moment: the confirmation just told them
                        key = f'{registration.id}:{kind.value}:{session.starts_at.isoformat()}'
                        if not series_repo.has_message(db=tx.db, dedupe_key=key):
                            self._queue_mail(tx.db, session, registration, kind, dedupe_key=key)
                            queued += 1
        return queued

    # hooks --------------------------------------------------------------------------------------------------------

    def _on_rescheduled(self, tx: Tx, session: DialogueSession, old_start: datetime) -> None:
        """Inside `update_session`: a new start gets a higher calendar SEQUENCE, and every registrant an update."""
        super()._on_rescheduled(tx, session, old_start)
        db = tx.db
        listing = self._listing_for_update(db, session)
        listing.sequence += 1
        listing.rescheduled_from = None if listing.rescheduled_from == session.starts_at \
            else listing.rescheduled_from or old_start
        db.add(listing)
        db.flush()
        for registration in series_repo.list_registrations(db=db, session_id=session.id, active_only=True):
            self._queue_mail(db, session, registration, MailKind.UPDATE)

    def _on_delete(self, db: Session, session: DialogueSession) -> None:
        """A deleted session's registrants are told, with METHOD:CANCEL, so their calendars drop the event."""
        super()._on_delete(db, session)
        self.queue_cancellations(db, session)

    def queue_cancellations(self, db: Session, session: DialogueSession) -> None:
        """Before a session is deleted: every registrant gets METHOD:CANCEL. The rows keep no link to the session,
        so they outlive it until sent."""
        for registration in series_repo.list_registrations(db=db, session_id=session.id, active_only=True):
            self._queue_mail(db, session, registration, MailKind.CANCEL, detached=True)

    def _queue_mail(self, db: Session, session: DialogueSession, registration: Registration, kind: MailKind, *,
                    dedupe_key: str | None = None, detached: bool = False) -> None:
        if not self.mail_enabled:
            return
        listing = series_repo.get_listing(db=db, session_id=session.id)
        series = db.get(Series, listing.series_id) if listing and listing.series_id else None
        facts = MailFacts(name=registration.name, title=session.title, starts_at=session.starts_at,
                          timezone=session.timezone, location=session.location,
                          personal_url=self.personal_link(session.code, registration.id),
                          cancel_url=self.cancel_link(registration.id),
                          series_title=series.title if series else None, language=registration.language,
                          outcome_url=self.link(session.code, 'outcome'))
        words = compose(kind, facts)
        invitation = kind != MailKind.OUTCOME  # the outcome's mail is news, not a change to the calendar
        db.add(OutboxMessage(
            session_id=None if detached else session.id, registration_id=None if detached else registration.id,
            kind=kind, dedupe_key=dedupe_key, to_addr=registration.email, subject=words.subject,
            text_body=words.text, html_body=words.html, next_attempt_at=self.clock(), created_at=self.clock(),
            ics=self.calendar_ics(db, session, registration=registration,
                                  method='CANCEL' if kind == MailKind.CANCEL else 'REQUEST') if invitation else None))

    def calendar_ics(self, db: Session, session: DialogueSession, *, registration: Registration | None = None,
                     method: str = 'PUBLISH') -> str:
        """The session as an iCalendar event; a registrant's copy carries their link and the call link."""
        listing = series_repo.get_listing(db=db, session_id=session.id)
        lines = [session.theme] if session.theme else []
        url = self.link(session.code)
        if registration is not None:
            url = self.personal_link(session.code, registration.id)
            lines.append(_('Your personal link: {url}').format(url=url))
            if session.call_url:
                lines.append(_('Audio and video: {url}').format(url=session.call_url))
        event = CalendarEvent(uid=session_uid(session.id), sequence=listing.sequence if listing else 0,
                              title=session.title, starts_at=session.starts_at, ends_at=session_end(db, session),
                              location=session.location, description='\n\n'.join(lines), url=url)
        attendee = (registration.name, registration.email) if registration else None
        organizer = self.mail_config.sender if self.mail_config and registration else None
        return to_ics(event, self.clock(), method=method, organizer=organizer, attendee=attendee)

    def public_calendar(self, code: str) -> str:
        """`GET /calendar.ics`: the public event, without the call link."""
        with self._read() as db:
            return self.calendar_ics(db, self._load(db, code))

    # links --------------------------------------------------------------------------------------------------------

    def registration_token(self, registration_id: uuid.UUID, purpose: str = 'join') -> str:
        """A registration's secrets are derived, not stored, so the email can be sent again at any time; only the
        join token's hash is kept, to find the registration. Rotating the organizer token replaces them."""
        digest = hmac.new(self._admin_hash.encode(), f'{purpose}:{registration_id}'.encode(), hashlib.sha256)
        return base64.urlsafe_b64encode(digest.digest()[:24]).decode()

    def personal_link(self, code: str, registration_id: uuid.UUID) -> str:
        return self.link(code, t=self.registration_token(registration_id))

    def cancel_link(self, registration_id: uuid.UUID) -> str:
        key = self.registration_token(registration_id, 'cancel')
        return f'{self.public_url}/registration/{registration_id}/cancel?k={key}'
