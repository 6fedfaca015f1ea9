"""Registered vs attended, per session, stakeholder group and country."""

from collections import Counter
from typing import Any

from sqlmodel import Session

from db import series_repository as series_repo
from db.models import DialogueSession

from .countries import countries


def registration_summary(db: Session, session: DialogueSession) -> dict[str, Any] | None:
    """Counts of the active registrations and of those whose link was used to join; None without any."""
    rows = series_repo.list_registrations(db=db, session_id=session.id, active_only=True)
    if not rows:
        return None
    registered = Counter[str]()
    attended = Counter[str]()
    by_country_registered = Counter[str]()
    by_country_attended = Counter[str]()
    for row in rows:
        registered[row.group.value] += 1
        by_country_registered[row.country] += 1
        if row.participant_id is not None:
            attended[row.group.value] += 1
            by_country_attended[row.country] += 1
    return {
        'registered': len(rows),
        'attended': sum(attended.values()),
        'by_group': {g: {'registered': n, 'attended': attended[g]} for g, n in sorted(registered.items())},
        'by_country': {c: {'name': countries().get(c, c), 'registered': n, 'attended': by_country_attended[c]}
                       for c, n in sorted(by_country_registered.items())},
    }

