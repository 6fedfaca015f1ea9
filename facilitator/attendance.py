"""Registered vs attended, per session, stakeholder group and country; and who is in the room or online."""

from collections import Counter
from typing import Any

from sqlmodel import Session

from db import repository as repo
from db import series_repository as series_repo
from db.models import DialogueSession

from .countries import countries
from .feature_views import AttendanceView


def floor_split(db: Session, session: DialogueSession) -> tuple[AttendanceView, dict[str, AttendanceView]]:
    """Participants in the room and online, overall and per stakeholder group (removed people do not count)."""
    floor = Counter[str]()
    online = Counter[str]()
    for group, on_floor, n in repo.count_attendance(db=db, session_id=session.id):
        (floor if on_floor else online)[group.value] += n
    groups = sorted(set(floor) | set(online))
    by_group = {g: AttendanceView(floor=floor[g], online=online[g]) for g in groups}
    return AttendanceView(floor=sum(floor.values()), online=sum(online.values())), by_group


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

