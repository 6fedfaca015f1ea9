"""Series: a programme of sessions with one public page (about, objectives, format, the sessions in date order)."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from urllib.parse import urlparse

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from db import repository as repo
from db import series_repository as series_repo
from db.enums import Role, SessionStatus
from db.models import DialogueSession
from db.series_models import Series, SessionListing

from . import validation as check
from .actors import Actor
from .base import ServiceBase
from .clock import to_ms
from .errors import Conflict, InvalidInput, NotFound
from .i18n import _

ORGANIZER = frozenset({Role.ORGANIZER})


class SessionPhase(StrEnum):
    """How the series page shows a session: a scheduled session whose time has passed counts as ended."""

    UPCOMING = 'upcoming'
    LIVE = 'live'
    ENDED = 'ended'

_SLUG = re.compile(r'^[a-z0-9]+(?:-[a-z0-9]+)*$')


@dataclass(frozen=True)
class SeriesInput:
    """The editable fields of a series; None leaves a field as it is."""

    title: object = None
    description: object = None
    objectives: object = None
    format: object = None
    timezone: object = None
    privacy_url: object = None


def clean_slug(value: object) -> str:
    if not isinstance(value, str) or not _SLUG.match(value) or len(value) > 80:
        raise InvalidInput(_('The slug must be lower-case letters, digits and hyphens, such as cop-2025.'))
    return value


def clean_objectives(value: object) -> list[str]:
    items = value.splitlines() if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(item, str) for item in items):
        raise InvalidInput(_('The objectives must be a list of sentences.'))
    cleaned = [check.text(item, field=_('An objective'), max_length=500, required=False) for item in items]
    return [item.lstrip('•·-* ').strip() for item in cleaned if item.strip()][:20]


def clean_url(value: object) -> str:
    """An optional web address (the privacy notice)."""
    cleaned = check.text(value, field=_('The link'), max_length=500, required=False)
    if cleaned and (urlparse(cleaned).scheme not in {'http', 'https'} or not urlparse(cleaned).netloc):
        raise InvalidInput(_('The link must be a web address starting with https://.'))
    return cleaned


def session_end(db: Session, session: DialogueSession) -> datetime:
    """The scheduled end: the start plus the planned agenda."""
    planned = sum(s.planned_seconds for s in repo.list_segments(db=db, session_id=session.id))
    return session.starts_at + timedelta(seconds=planned or 7200)


class SeriesCommands(ServiceBase):
    def create_series(self, actor: Actor, *, slug: object, title: object, description: object = '',
                      objectives: object = (), format: object = '', timezone: object = 'Europe/Zurich',
                      privacy_url: object = '') -> dict[str, Any]:
        """Create a series with its public page at /series/{slug}."""
        self._require(actor, None, ORGANIZER)
        series = Series(slug=clean_slug(slug), title='')
        self._apply(series, SeriesInput(title=title, description=description, objectives=objectives, format=format,
                                        timezone=timezone, privacy_url=privacy_url))
        try:
            with self._tx() as tx:
                tx.db.add(series)
        except IntegrityError:
            raise Conflict(_('A series with this slug exists already.'), code='series_exists') from None
        return self.series_public(series.slug)

    def update_series(self, actor: Actor, slug: str, changes: SeriesInput) -> dict[str, Any]:
        """Edit the title, description, objectives, format, time zone or privacy notice link of a series."""
        self._require(actor, None, ORGANIZER)
        with self._tx() as tx:
            series = self._series(tx.db, slug)
            self._apply(series, changes)
            tx.db.add(series)
        return self.series_public(slug)

    def list_series(self, actor: Actor) -> list[dict[str, Any]]:
        """Every series, for the organiser."""
        self._require(actor, None, ORGANIZER)
        with self._read() as db:
            return [{'slug': s.slug, 'title': s.title} for s in series_repo.list_series(db=db)]

    def series_public(self, slug: str) -> dict[str, Any]:
        """The public view of a series: about, objectives, format, and its sessions in date order."""
        with self._read() as db:
            series = self._series(db, slug)
            sessions = series_repo.series_sessions(db=db, series_id=series.id)
            topics = series_repo.room_topics(db=db, session_ids=[s.id for s in sessions])
            now = self.clock()
            items = [self._session_item(db, s, topics.get(s.id, []), now) for s in sessions]
        upcoming = [i for i in items if i['status'] == 'scheduled' and i['starts_at_ms'] > to_ms(now)]
        return {
            'slug': series.slug, 'title': series.title, 'description': series.description,
            'objectives': list(series.objectives), 'format': series.format, 'timezone': series.timezone,
            'privacy_url': series.privacy_url, 'url': f'{self.public_url}/series/{series.slug}',
            'server_time_ms': to_ms(now), 'next_session': upcoming[0]['code'] if upcoming else None,
            'sessions': items,
        }

    def session_listing(self, code: str) -> dict[str, Any]:
        """A session's series slug (or None), whether it needs registration, and its calendar sequence."""
        with self._read() as db:
            session = self._load(db, code)
            listing = series_repo.get_listing(db=db, session_id=session.id)
            series = db.get(Series, listing.series_id) if listing and listing.series_id else None
            return {'series': series.slug if series else None, 'series_title': series.title if series else None,
                    'registration_required': bool(listing and listing.registration_required),
                    'sequence': listing.sequence if listing else 0}

    # hooks called by the organiser commands -----------------------------------------------------------------------

    def _listing_for_update(self, db: Session, session: DialogueSession) -> SessionListing:
        listing = series_repo.get_listing(db=db, session_id=session.id)
        if listing is None:
            listing = SessionListing(session_id=session.id)
            db.add(listing)
        return listing

    def _session_item(self, db: Session, session: DialogueSession, topics: list[str], now: datetime) -> dict[str, Any]:
        listing = series_repo.get_listing(db=db, session_id=session.id)
        moved = listing.rescheduled_from if listing else None
        ends = session_end(db, session)
        ended = session.status == SessionStatus.ENDED or (session.status == SessionStatus.SCHEDULED and ends < now)
        phase = SessionPhase.LIVE if session.status == SessionStatus.LIVE else \
            SessionPhase.ENDED if ended else SessionPhase.UPCOMING
        return {
            'phase': phase.value,
            'code': session.code, 'title': session.title, 'starts_at': session.starts_at.isoformat(),
            'starts_at_ms': to_ms(session.starts_at), 'ends_at_ms': to_ms(ends),
            'status': session.status.value, 'timezone': session.timezone, 'topics': topics,
            'location': session.location, 'hybrid': session.hybrid, 'note': session.note,
            'rescheduled': moved is not None, 'rescheduled_from': moved.isoformat() if moved else None,
            'rescheduled_from_ms': to_ms(moved),
            'registration_required': bool(listing and listing.registration_required),
            'join_url': self.link(session.code), 'register_url': self.link(session.code, 'register'),
        }

    def _series(self, db: Session, slug: str) -> Series:
        series = series_repo.get_series(db=db, slug=slug) if isinstance(slug, str) else None
        if series is None:
            raise NotFound(_('There is no series with this name.'), code='series_not_found')
        return series

    @staticmethod
    def _apply(series: Series, changes: SeriesInput) -> None:
        if changes.title is not None:
            series.title = check.text(changes.title, field=_('The title'), max_length=200)
        if changes.description is not None:
            series.description = check.text(changes.description, field=_('The description'), max_length=4000,
                                            required=False)
        if changes.objectives is not None:
            series.objectives = clean_objectives(changes.objectives)
        if changes.format is not None:
            series.format = check.text(changes.format, field=_('The format'), max_length=4000, required=False)
        if changes.timezone is not None:
            series.timezone = check.timezone(changes.timezone)
        if changes.privacy_url is not None:
            series.privacy_url = clean_url(changes.privacy_url)
