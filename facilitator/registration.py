"""Registration: the public form, the personal link that creates the participant, cancelling, attendance."""

import csv
import hmac
import io
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from db import series_repository as series_repo
from db.enums import MailKind
from db.models import DialogueSession
from db.series_models import Registration

from . import validation as check
from .actors import MODERATION, Actor
from .attendance import registration_summary
from .countries import country, email
from .errors import Forbidden, InvalidInput
from .events import ChangeKind
from .export import safe_cell
from .i18n import _
from .mail import MailCommands
from .people import Joined
from .registration_hooks import participant_from_registration
from .security import hash_secret

RESEND_AFTER = timedelta(minutes=5)
CSV_COLUMNS = ['name', 'email', 'organization', 'group', 'country', 'accessibility_note', 'registered_at',
               'cancelled', 'attended', 'mail']


@dataclass(frozen=True)
class Registered:
    registration_id: str
    url: str | None
    """The personal link; None for a repeat while email is on (the link goes to the mailbox only)."""
    created: bool
    """False when this email had registered already: the same row, and the link is sent again."""


class RegistrationCommands(MailCommands):
    def register(self, code: str, *, name: object, email_address: object, organization: object = '',
                 group: object = None, country_code: object = None, consent: object = False,
                 accessibility_note: object = '', language: str = 'en') -> Registered:
        """Register for a session (public). Sends the personal link, with the calendar invitation attached."""
        if consent is not True:
            raise InvalidInput(_('Please agree to the privacy notice to register.'), code='consent_required')
        clean_email = email(email_address)
        fields: dict[str, Any] = {
            'name': check.text(name, field=_('Your name'), max_length=80),
            'organization': check.text(organization, field=_('The organisation'), max_length=120, required=False),
            'group': check.group(group), 'country': country(country_code),
            'accessibility_note': check.text(accessibility_note, field=_('The accessibility note'),
                                             max_length=1000, required=False),
            'language': language[:8] or 'en',
        }
        for _attempt in range(2):
            try:
                with self._tx() as tx:
                    session = self._load(tx.db, code)
                    existing = series_repo.registration_by_email(db=tx.db, session_id=session.id, email=clean_email)
                    row = existing or Registration(session_id=session.id, email=clean_email, token_hash='',
                                                   consent_at=self.clock(), created_at=self.clock(), **fields)
                    if existing is not None:  # the details stay: whoever knows an address must not rewrite them
                        existing.cancelled_at = None
                    else:
                        row.token_hash = hash_secret(self.registration_token(row.id))
                    tx.db.add(row)
                    tx.db.flush()
                    if existing is None or self._may_resend(tx.db, existing):
                        self._queue_mail(tx.db, session, row, MailKind.CONFIRMATION)
                # with mail on, a repeat gets its link by mail only: knowing an address must not reveal its link
                url = None if existing is not None and self.mail_enabled else self.personal_link(session.code, row.id)
                return Registered(registration_id=str(row.id), url=url, created=existing is None)
            except IntegrityError:  # the same address registered at the same moment: answer as for a repeat
                continue
        raise InvalidInput(_('Please try again.'))

    def _may_resend(self, db: Session, registration: Registration) -> bool:
        """At most one re-sent link per address every few minutes: the form must not become a way to flood a
        mailbox."""
        last = series_repo.last_message_at(db=db, registration_id=registration.id, kind=MailKind.CONFIRMATION)
        return last is None or self.clock() - last >= RESEND_AFTER

    def cancel_registration(self, registration_id: str, key: str) -> bool:
        """The cancel link in the email. False for a wrong link; cancelling twice is fine."""
        try:
            ident = uuid.UUID(registration_id)
        except ValueError:
            return False
        if not hmac.compare_digest(key.encode(), self.registration_token(ident, 'cancel').encode()):
            return False
        with self._tx() as tx:
            row = tx.db.get(Registration, ident)
            if row is None:
                return False
            row.cancelled_at = row.cancelled_at or self.clock()
            tx.db.add(row)
        return True

    def registration_summary(self, registration_id: str) -> dict[str, Any] | None:
        """The session a registration is for (for the cancel page), or None."""
        try:
            ident = uuid.UUID(registration_id)
        except ValueError:
            return None
        with self._read() as db:
            row = db.get(Registration, ident)
            session = db.get(DialogueSession, row.session_id) if row else None
            if row is None or session is None:
                return None
            return {'title': session.title, 'code': session.code, 'cancelled': row.cancelled_at is not None}

    def join_registered(self, code: str, token: str, *, browser_id: str | None = None) -> Joined:
        """Use a personal link through the API: the first use creates the participant from the registration."""
        with self._tx() as tx:
            session = self._load(tx.db, code)
            person = participant_from_registration(tx, session, hash_secret(token), browser_id)
            if person is None:
                raise Forbidden(_('This personal link is not valid for this session.'), code='invalid_link')
        return Joined(participant_id=str(person.id), token=token, url=self.link(session.code, t=token))

    def registrations(self, actor: Actor, code: str) -> list[dict[str, Any]]:
        """Every registration, with whether its link was used to join and its latest mail's delivery state."""
        with self._read() as db:
            session = self._load(db, code)
            self._require(actor, session, MODERATION)
            mails = series_repo.latest_mail_states(db=db, session_id=session.id)
            return [{
                'id': str(r.id), 'name': r.name, 'email': r.email, 'organization': r.organization,
                'group': r.group.value, 'country': r.country, 'accessibility_note': r.accessibility_note,
                'registered_at': r.created_at.isoformat(), 'cancelled': r.cancelled_at is not None,
                'attended': r.participant_id is not None,
                'mail': mails[r.id].state.value if r.id in mails else None,
                'mail_error': mails[r.id].last_error if r.id in mails else '',
            } for r in series_repo.list_registrations(db=db, session_id=session.id)]

    def attendance(self, actor: Actor, code: str) -> dict[str, Any] | None:
        """Registered vs attended, per stakeholder group and country (organiser or moderator)."""
        with self._read() as db:
            session = self._load(db, code)
            self._require(actor, session, MODERATION)
            return registration_summary(db, session)

    def registrations_file(self, actor: Actor, code: str) -> bytes:
        """The registrant list as a formula-safe CSV (organiser or moderator)."""
        return registrations_csv(self.registrations(actor, code))

    def set_registration_required(self, actor: Actor, code: str, required: object) -> None:
        """Make the personal link the only way in, or open the session to anyone with the code again."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.SETUP) as cmd:
            if not isinstance(required, bool):
                raise InvalidInput(_('registration_required must be true or false.'))
            listing = self._listing_for_update(cmd.db, cmd.session)
            listing.registration_required = required
            cmd.db.add(listing)
            cmd.changed()

    def call_url_for(self, code: str, *, joined: bool) -> str | None:
        """The call link for a page: with registration required, only for people who joined."""
        with self._read() as db:
            session = self._load(db, code)
            listing = series_repo.get_listing(db=db, session_id=session.id)
            hidden = listing is not None and listing.registration_required and not joined
            return None if hidden or not session.call_url else session.call_url


def registrations_csv(rows: list[dict[str, Any]]) -> bytes:
    """One row per registration, every text cell neutralised against formulas; UTF-8 with a BOM for Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([safe_cell(row['name']), safe_cell(row['email']), safe_cell(row['organization']), row['group'],
                         row['country'], safe_cell(row['accessibility_note']), row['registered_at'],
                         'yes' if row['cancelled'] else 'no', 'yes' if row['attended'] else 'no', row['mail'] or ''])
    return ('\ufeff' + buffer.getvalue()).encode('utf-8')
