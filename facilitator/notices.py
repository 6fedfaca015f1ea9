"""Personal notices: what one participant is told about their own things (a hand lowered, a post hidden, a new
name). Stored on the participant row, so a page opened later still shows it; the event names the person, so only
their own page looks."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from db.models import Participant

from .base import Tx
from .clock import to_ms


class NoticeKind(StrEnum):
    HAND_LOWERED = 'hand_lowered'
    """the segment changed and raised hands do not carry over"""
    POST_HIDDEN = 'post_hidden'
    """a moderator hid one of your posts (detail: the reason)"""
    RENAMED = 'renamed'
    """a moderator changed your display name (detail: the new name)"""


@dataclass(frozen=True)
class Notice:
    kind: NoticeKind
    detail: str
    at_ms: int


def give_notice(tx: Tx, person: Participant, kind: NoticeKind, now: datetime, detail: str = '') -> None:
    """Tell `person` (only) about `kind`; the latest notice replaces the one before."""
    person.notice, person.notice_at = f'{kind.value}\t{detail}'[:400], now
    tx.db.add(person)
    tx.people.add(str(person.id))


def notice_of(person: Participant) -> Notice | None:
    if not person.notice or person.notice_at is None:
        return None
    kind, _tab, detail = person.notice.partition('\t')
    try:
        return Notice(kind=NoticeKind(kind), detail=detail, at_ms=to_ms(person.notice_at) or 0)
    except ValueError:  # a kind from a newer version: say nothing rather than something wrong
        return None
