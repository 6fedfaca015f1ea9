"""The speaker queue as pure functions: order, contributions, the speaker timer and the overrun projection."""

import uuid
from collections import Counter
from datetime import datetime, timedelta

from db.enums import HandType, SegmentKind, SegmentState, SpeakerKind, SpeakerState
from db.models import Segment, Speaker


def contributions(speakers: list[Speaker]) -> Counter[uuid.UUID]:
    """How many times each participant has spoken (or is speaking) from a raised hand."""
    return Counter(s.participant_id for s in speakers if s.participant_id is not None
                   and s.state in {SpeakerState.SPEAKING, SpeakerState.DONE})


def waiting_order(speakers: list[Speaker], *, fair: bool) -> list[Speaker]:
    """Waiting speakers in the order they will be called.

    Points of order come first, in the order raised. Everyone else keeps their place; with fair order on,
    raised hands are re-sorted among the places hands hold: fewest contributions first, then time raised.
    """
    waiting = [s for s in speakers if s.state == SpeakerState.WAITING]
    urgent = sorted((s for s in waiting if s.hand_type == HandType.POINT_OF_ORDER), key=lambda s: s.raised_at)
    rest = sorted((s for s in waiting if s.hand_type != HandType.POINT_OF_ORDER),
                  key=lambda s: (s.position, s.raised_at))
    if fair:
        spoken = contributions(speakers)
        hands = sorted((s for s in rest if s.kind == SpeakerKind.HAND),
                       key=lambda s: (spoken[s.participant_id] if s.participant_id else 0, s.raised_at))
        slots = iter(hands)
        rest = [next(slots) if s.kind == SpeakerKind.HAND else s for s in rest]
    return urgent + rest


def queue_order(speakers: list[Speaker], *, fair: bool) -> list[Speaker]:
    """The whole list as shown: finished and skipped, the current speaker, then the waiting line."""
    started = sorted((s for s in speakers if s.state in {SpeakerState.DONE, SpeakerState.SPEAKING}),
                     key=lambda s: s.started_at or s.raised_at)
    skipped = [s for s in speakers if s.state == SpeakerState.SKIPPED]
    return started + skipped + waiting_order(speakers, fair=fair)


def showcase_over(segments: list[Segment], *, ended: bool) -> bool:
    """Whether the presenters' time is over: the session ended, or every showcase segment is done."""
    showcases = [s for s in segments if s.kind == SegmentKind.SHOWCASE]
    return ended or (bool(showcases) and all(s.state == SegmentState.DONE for s in showcases))


def not_called(speaker: Speaker, *, over: bool) -> bool:
    """A presenter still waiting when the presenters' time is over was not called (and is no "next speaker")."""
    return over and speaker.kind == SpeakerKind.SHOWCASE and speaker.state in {SpeakerState.WAITING,
                                                                                SpeakerState.SKIPPED}


def current(speakers: list[Speaker]) -> Speaker | None:
    return next((s for s in speakers if s.state == SpeakerState.SPEAKING), None)


def showcase_seconds(segments: list[Segment]) -> int | None:
    return next((s.planned_seconds for s in segments if s.kind == SegmentKind.SHOWCASE), None)


def planned(speaker: Speaker, speakers: list[Speaker], segments: list[Segment], hand_seconds: int) -> int:
    """The planned time, or for a presenter without one, an equal split of what the showcase has left."""
    if speaker.planned_seconds is not None:
        return speaker.planned_seconds
    if speaker.kind == SpeakerKind.HAND:
        return hand_seconds
    presenters = [s for s in speakers if s.kind == SpeakerKind.SHOWCASE]
    unplanned = [s for s in presenters if s.planned_seconds is None]
    total = showcase_seconds(segments) or 45 * 60
    left = total - sum(s.planned_seconds or 0 for s in presenters)
    return max(60, left // max(1, len(unplanned)))


def remaining(speaker: Speaker, now: datetime) -> float | None:
    if speaker.state == SpeakerState.SPEAKING and speaker.ends_at is not None:
        return (speaker.ends_at - now).total_seconds()
    return speaker.remaining_seconds


def start(speaker: Speaker, seconds: int, now: datetime, *, paused: bool = False) -> None:
    speaker.state = SpeakerState.SPEAKING
    speaker.started_at = now
    speaker.ended_at = None
    speaker.remaining_seconds = float(seconds)
    speaker.ends_at = None if paused else now + timedelta(seconds=seconds)


def finish(speaker: Speaker, now: datetime) -> None:
    speaker.remaining_seconds = remaining(speaker, now)
    speaker.state = SpeakerState.DONE
    speaker.ends_at = None
    speaker.ended_at = now


def hold(speaker: Speaker, now: datetime) -> None:
    """Stop the clock (the segment was paused)."""
    if speaker.ends_at is not None:
        speaker.remaining_seconds = (speaker.ends_at - now).total_seconds()
        speaker.ends_at = None


def release(speaker: Speaker, now: datetime) -> None:
    """Restart the clock (the segment resumed)."""
    if speaker.ends_at is None and speaker.remaining_seconds is not None:
        speaker.ends_at = now + timedelta(seconds=speaker.remaining_seconds)


def extend(speaker: Speaker, seconds: int) -> None:
    if speaker.ends_at is not None:
        speaker.ends_at += timedelta(seconds=seconds)
    else:
        speaker.remaining_seconds = (speaker.remaining_seconds or 0) + seconds


def rewind(speaker: Speaker) -> None:
    if speaker.planned_was_proposed:
        speaker.planned_seconds, speaker.planned_was_proposed = None, False
    speaker.state = SpeakerState.WAITING
    speaker.ends_at = None
    speaker.started_at = None
    speaker.ended_at = None
    speaker.remaining_seconds = None
