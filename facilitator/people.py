"""Identity: participants joining, personal links, staff links and bearer secrets."""

import hmac
import uuid
from dataclasses import dataclass

from db import repository as repo
from db.enums import Role, StakeholderGroup
from db.erase import clear_participants
from db.models import DialogueSession, Participant, StaffGrant

from . import validation as check
from .actors import ANONYMOUS, ANYONE, STAFF, Actor
from .base import ServiceBase, Tx
from .errors import Forbidden, Unauthorized
from .events import ChangeKind
from .i18n import _
from .inputs import JoinInput
from .pipeline import participant_here
from .registration_hooks import check_open_join, participant_from_registration
from .security import hash_secret, new_secret, normalize_code


@dataclass(frozen=True)
class Joined:
    participant_id: str
    token: str
    url: str


@dataclass(frozen=True)
class ParticipantProfile:
    id: str
    name: str
    organization: str
    group: StakeholderGroup
    show_name: bool
    room_id: str | None = None


class PeopleCommands(ServiceBase):
    def _on_reset(self, tx: Tx, session: DialogueSession, *, clear_input: bool) -> None:
        """A reset that clears input clears the people too: participants, their hands, help calls, votes, posts and
        the moderation log's entries about them (API.md, privacy). Their links stop working."""
        super()._on_reset(tx, session, clear_input=clear_input)
        if clear_input:
            clear_participants(db=tx.db, session_id=session.id)
            self.tokens.forget_session(session.code)

    def join(self, code: str, *, name: str, group: StakeholderGroup | str, organization: str = '',
             show_name: bool | None = None, browser_id: str | None = None, on_floor: bool = False) -> Joined:
        """Join a session as a participant (`on_floor`: in the room, from the venue's check-in QR code). Returns the
        personal token, shown once, and the personal link."""
        token = new_secret()
        with self._command(ANONYMOUS, code, roles=ANYONE, kind=ChangeKind.PEOPLE) as cmd:
            tx, session = cmd.tx, cmd.session
            person_in = JoinInput.parse({'name': name, 'group': group, 'organization': organization,
                                         'show_name': show_name})
            public = (person_in.group != StakeholderGroup.YOUTH) if person_in.show_name is None \
                else person_in.show_name
            check_open_join(tx.db, session)
            if browser_id is not None:
                previous = repo.participant_by_browser(db=tx.db, session_id=session.id, browser_id=browser_id)
                if previous is not None:
                    previous.browser_id = None  # this browser now belongs to the new identity
                    tx.db.add(previous)
                    tx.db.flush()
            person = Participant(session_id=session.id, name=person_in.name, organization=person_in.organization,
                                 group=person_in.group, show_name=public, token_hash=hash_secret(token),
                                 browser_id=browser_id, joined_at=self.clock(), on_floor=on_floor is True)
            tx.db.add(person)
            cmd.changed()
        return Joined(participant_id=str(person.id), token=token, url=self.link(session.code, t=token))

    def claim_personal_link(self, code: str, token: str, browser_id: str) -> bool:
        """Bind this browser to the participant whose personal link it opened. False for a bad link.

        Writes only the browser binding, which no snapshot shows: it publishes nothing."""
        with self._command(ANONYMOUS, code, roles=ANYONE, kind=None) as cmd:
            tx, session = cmd.tx, cmd.session
            person = repo.participant_by_token(db=tx.db, token_hash=hash_secret(token)) \
                or participant_from_registration(tx, session, hash_secret(token), None)
            if person is None or person.session_id != session.id or person.removed:
                return False
            if person.browser_id == browser_id:
                return True
            other = repo.participant_by_browser(db=tx.db, session_id=session.id, browser_id=browser_id)
            if other is not None:
                other.browser_id = None
                tx.db.add(other)
                tx.db.flush()
            person.browser_id = browser_id
            tx.db.add(person)
        return True

    def participant_for_browser(self, code: str, browser_id: str) -> ParticipantProfile | None:
        with self._read() as db:
            session = self._load(db, code)
            person = repo.participant_by_browser(db=db, session_id=session.id, browser_id=browser_id)
            if person is None or person.removed:
                return None
            return self._profile(person)

    def actor_for_participant(self, code: str, participant_id: str) -> Actor:
        with self._read() as db:
            session = self._load(db, code)
            person = participant_here(db, Actor(role=Role.PARTICIPANT, participant_id=uuid.UUID(participant_id)),
                                      session)
            return Actor(role=Role.PARTICIPANT, session_id=session.id, participant_id=person.id, name=person.name)

    # staff --------------------------------------------------------------------------------------------------------

    def grant_staff(self, code: str, key: str, browser_id: str) -> Role | None:
        """Swap a moderator or rapporteur key (or the organizer token) for a grant on this browser.

        The key is the proof, so anyone may try; a grant is private and publishes nothing."""
        with self._command(ANONYMOUS, code, roles=ANYONE, kind=None) as cmd:
            tx, session = cmd.tx, cmd.session
            role = self._role_for_key(session, key)
            if role is None:
                return None
            grant = repo.get_grant(db=tx.db, browser_id=browser_id, session_id=session.id, role=role)
            if grant is None:
                grant = StaffGrant(browser_id=browser_id, session_id=session.id, role=role, secret_hash='')
            grant.secret_hash = hash_secret(key)
            tx.db.add(grant)
        return role

    def staff_for_browser(self, code: str, browser_id: str, role: Role) -> Actor | None:
        """The staff actor this browser may act as, while the key it proved is still the current one."""
        with self._read() as db:
            session = self._load(db, code)
            grant = repo.get_grant(db=db, browser_id=browser_id, session_id=session.id, role=role)
            if grant is None or not self._grant_valid(session, grant):
                return None
            return Actor(role=role, session_id=session.id, name=grant.display_name, credential=grant.secret_hash)

    def set_staff_name(self, actor: Actor, code: str, browser_id: str, name: str) -> Actor:
        """Set the display name a staff member uses in notes and moderation logs (private: publishes nothing)."""
        with self._command(actor, code, roles=STAFF, kind=None) as cmd:
            tx, session = cmd.tx, cmd.session
            clean = check.name(name, field=_('Your name'), max_length=80)
            grant = repo.get_grant(db=tx.db, browser_id=browser_id, session_id=session.id, role=actor.role)
            if grant is None:
                raise Forbidden(_('Open your staff link again.'))
            grant.display_name = clean
            tx.db.add(grant)
        return Actor(role=actor.role, session_id=actor.session_id, name=clean, credential=actor.credential)

    def organizer_login(self, token: str, browser_id: str) -> bool:
        if not self._is_admin(token):
            return False
        with self._tx() as tx:  # not a command on a session: the organizer's own browser grant
            grant = repo.get_grant(db=tx.db, browser_id=browser_id, session_id=None, role=Role.ORGANIZER)
            if grant is None:
                grant = StaffGrant(browser_id=browser_id, session_id=None, role=Role.ORGANIZER, secret_hash='')
            grant.secret_hash = hash_secret(token)
            tx.db.add(grant)
        return True

    def organizer_for_browser(self, browser_id: str) -> Actor | None:
        with self._read() as db:
            grant = repo.get_grant(db=db, browser_id=browser_id, session_id=None, role=Role.ORGANIZER)
            if grant is None or not hmac.compare_digest(grant.secret_hash, self._admin_hash):
                return None
            return Actor(role=Role.ORGANIZER, name=grant.display_name or _('Organiser'), credential=grant.secret_hash)

    def known_actor(self, code: str | None, secret: str | None) -> Actor | None:
        """The actor behind a bearer secret when no database is needed: the organizer token, or a participant token
        verified a moment ago (`tokens`). None otherwise. Never blocks, so the event loop may ask first and send
        only the rest to a worker thread."""
        if not secret:
            return None
        if self._is_admin(secret):
            return Actor(role=Role.ORGANIZER, name=_('Organiser'), credential=self._admin_hash)
        return None if code is None else self.tokens.get(normalize_code(code), hash_secret(secret))

    def authenticate(self, code: str | None, secret: str | None) -> Actor:
        """The actor behind a bearer secret: organizer token, staff key or participant token."""
        if not secret:
            raise Unauthorized(_('Send your key or token as "Authorization: Bearer <secret>".'))
        known = self.known_actor(code, secret)
        if known is not None:
            return known
        if code is None:
            raise Unauthorized(_('This key or token is not valid.'))
        digest = hash_secret(secret)
        with self._read() as db:
            session = self._load(db, code)
            role = self._role_for_key(session, secret)
            if role is not None:
                return Actor(role=role, session_id=session.id, credential=digest)
            person = repo.participant_by_token(db=db, token_hash=digest)
            if person is None or person.removed:
                raise Unauthorized(_('This key or token is not valid.'))
            if person.session_id != session.id:
                raise Forbidden(_('This token belongs to another session.'))
            actor = Actor(role=Role.PARTICIPANT, session_id=session.id, participant_id=person.id, name=person.name)
            self.tokens.put(session.code, digest, actor)
            return actor

    def _role_for_key(self, session: DialogueSession, key: str) -> Role | None:
        digest = hash_secret(key)
        if hmac.compare_digest(digest, session.moderator_key_hash) or hmac.compare_digest(digest, self._admin_hash):
            return Role.MODERATOR
        if hmac.compare_digest(digest, session.rapporteur_key_hash):
            return Role.RAPPORTEUR
        return None

    def _grant_valid(self, session: DialogueSession, grant: StaffGrant) -> bool:
        current = session.moderator_key_hash if grant.role == Role.MODERATOR else session.rapporteur_key_hash
        return hmac.compare_digest(grant.secret_hash, current) or hmac.compare_digest(grant.secret_hash,
                                                                                      self._admin_hash)

    @staticmethod
    def _profile(person: Participant) -> ParticipantProfile:
        return ParticipantProfile(id=str(person.id), name=person.name, organization=person.organization,
                                  group=person.group, show_name=person.show_name,
                                  room_id=str(person.room_id) if person.room_id else None)
