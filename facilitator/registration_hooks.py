"""Hooks the people and organiser commands call inside their transactions, for series and registration."""

from sqlmodel import Session

from db import series_repository as series_repo
from db.enums import StakeholderGroup
from db.models import DialogueSession, Participant
from db.series_models import SessionListing

from .base import Tx
from .errors import Forbidden, InvalidInput
from .events import ChangeKind
from .i18n import _


def check_open_join(db: Session, session: DialogueSession) -> None:
    """Inside `join`: with registration required, the personal link is the only way in."""
    listing = series_repo.get_listing(db=db, session_id=session.id)
    if listing is not None and listing.registration_required:
        raise Forbidden(_('This session is for registered people only. Use the personal link from your '
                          'registration email.'), code='registration_required')


def participant_from_registration(tx: Tx, session: DialogueSession, token_hash: str,
                                  browser_id: str | None) -> Participant | None:
    """Inside `claim_personal_link`: the participant of a registration's link, created on its first use with the
    registration's name, organisation and group. None for a link that is not a registration's."""
    registration = series_repo.registration_by_token(db=tx.db, token_hash=token_hash)
    if registration is None or registration.session_id != session.id or registration.cancelled_at is not None:
        return None
    if registration.participant_id is not None:
        person = tx.db.get(Participant, registration.participant_id)
        return None if person is None or person.removed else person
    person = Participant(session_id=session.id, name=registration.name, organization=registration.organization,
                         group=registration.group, show_name=registration.group != StakeholderGroup.YOUTH,
                         token_hash=token_hash, browser_id=browser_id)
    tx.db.add(person)
    tx.db.flush()
    registration.participant_id = person.id
    tx.db.add(registration)
    tx.changed(session, ChangeKind.PEOPLE)
    return person


def attach_series(db: Session, session: DialogueSession, *, series: object = None,
                  registration_required: object = None) -> None:
    """Inside `create_session`: put the new session in a series, and require registration if asked."""
    if series is None and not registration_required:
        return
    if registration_required is not None and not isinstance(registration_required, bool):
        raise InvalidInput(_('registration_required must be true or false.'))
    found = series_repo.get_series(db=db, slug=series) if isinstance(series, str) else None
    if series is not None and found is None:
        raise InvalidInput(_('There is no series with this name.'), code='series_not_found')  # a field: 422
    db.add(SessionListing(session_id=session.id, series_id=found.id if found else None,
                          registration_required=bool(registration_required)))


def hides_call_url(db: Session, session: DialogueSession) -> bool:
    """For the public state: with registration required, the call link is for joined participants only."""
    listing = series_repo.get_listing(db=db, session_id=session.id)
    return listing is not None and listing.registration_required
