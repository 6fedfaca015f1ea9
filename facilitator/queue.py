"""The speaker queue as pure functions: order, contributions, the speaker timer and the overrun projection."""

import uuid
from collections import Counter
from datetime import datetime, timedelta

from db.enums import HandType, QueueOrder, SegmentKind, SegmentState, SpeakerKind, SpeakerState, StakeholderGroup
from db.models import Segment, Speaker


def contributions(speakers: list[Speaker]) -> Counter[uuid.UUID]:
    """How many times each participant has spoken (or is speaking) from a raised hand."""
    return Counter(s.participant_id for s in speakers if s.participant_id is not None
                   and s.state in {SpeakerState.SPEAKING, SpeakerState.DONE})


def group_seconds(speakers: list[Speaker]) -> dict[StakeholderGroup | None, float]:
    """Seconds each stakeholder group has spoken in finished speeches (None: presenters without a group)."""
    spoken: dict[StakeholderGroup | None, float] = {}
    for s in speakers:
        if s.state == SpeakerState.DONE and s.started_at is not None and s.ended_at is not None:
            spoken[s.group] = spoken.get(s.group, 0.0) + max(0.0, (s.ended_at - s.started_at).total_seconds())
    return spoken


def waiting_order(speakers: list[Speaker], *, order: QueueOrder) -> list[Speaker]:
    """Waiting speakers in the order they will be called.

    Points of order come first, in the order raised. Everyone else keeps their place; raised hands are then
    re-sorted among the places hands hold, by `order` (see `hand_order`).
    """
    waiting = [s for s in speakers if s.state == SpeakerState.WAITING]
    urgent = sorted((s for s in waiting if s.hand_type == HandType.POINT_OF_ORDER), key=lambda s: s.raised_at)
    rest = sorted((s for s in waiting if s.hand_type != HandType.POINT_OF_ORDER),
                  key=lambda s: (s.position, s.raised_at))
    slots = iter(hand_order([s for s in rest if s.kind == SpeakerKind.HAND], speakers, order))
    return urgent + [next(slots) if s.kind == SpeakerKind.HAND else s for s in rest]


def hand_order(hands: list[Speaker], speakers: list[Speaker], order: QueueOrder) -> list[Speaker]:
    """Raised hands (given in the order raised) in the order `order` calls them.

    - raised: as given;
    - fewest contributions: fewest speeches so far first, then the order raised;
    - least time: the hand whose stakeholder group has spoken least (finished speeches) first, then the order raised;
    - alternate floor: in the room and online by turns, each side in the order raised, starting with the side that
      did not have the latest hand speech (or, before any, the side of the first hand raised).
    """
    if order == QueueOrder.FEWEST_CONTRIBUTIONS:
        spoken = contributions(speakers)
        return sorted(hands, key=lambda s: (spoken[s.participant_id] if s.participant_id else 0, s.raised_at))
    if order == QueueOrder.LEAST_TIME:
        seconds = group_seconds(speakers)
        return sorted(hands, key=lambda s: (seconds.get(s.group, 0.0), s.raised_at))
    if order == QueueOrder.ALTERNATE_FLOOR and hands:
        floor = [s for s in hands if s.on_floor]
        online = [s for s in hands if not s.on_floor]
        spoke = sorted((s for s in speakers if s.kind == SpeakerKind.HAND and s.started_at is not None),
                       key=lambda s: s.started_at or s.raised_at)
        floor_turn = not spoke[-1].on_floor if spoke else hands[0].on_floor
        line: list[Speaker] = []
        while floor or online:
            side = floor if (floor_turn and floor) or not online else online
            line.append(side.pop(0))
            floor_turn = not floor_turn
        return line
    return list(hands)


def queue_order(speakers: list[Speaker], *, order: QueueOrder) -> list[Speaker]:
    """The whole list as shown: finished and skipped, the current speaker, then the waiting line."""
    started = sorted((s for s in speakers if s.state in {SpeakerState.DONE, SpeakerState.SPEAKING}),
                     key=lambda s: s.started_at or s.raised_at)
    skipped = [s for s in speakers if s.state == SpeakerState.SKIPPED]
    return started + skipped + waiting_order(speakers, order=order)


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
