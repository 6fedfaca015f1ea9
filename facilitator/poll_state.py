"""The polls part of the snapshot: each poll with its counts, overall and per stakeholder group.

Groups with fewer than three answers are merged into `smaller_groups`, so a result never points at one or two
people. The public snapshot carries `results` only once the moderator shows them; staff always see them.
"""

from collections import Counter, defaultdict
from typing import Any

from sqlmodel import Session, col, select

from db.models import DialogueSession, Poll, PollAnswer
from db.poll_models import PollKind

from .profanity import blocked

SMALL_GROUP = 3
SMALLER_GROUPS = 'smaller_groups'
MAX_WORDS = 60
"""the most phrases a word cloud shows"""
SCALE_VALUES = ('1', '2', '3', '4', '5')


def poll_state(db: Session, session: DialogueSession, *, staff: bool) -> list[dict[str, Any]]:
    polls = list(db.exec(select(Poll).where(Poll.session_id == session.id)
                         .order_by(col(Poll.position), col(Poll.created_at))))
    if not polls:
        return []
    answers: defaultdict[Any, list[PollAnswer]] = defaultdict(list)
    for answer in db.exec(select(PollAnswer).where(PollAnswer.session_id == session.id)):
        answers[answer.poll_id].append(answer)
    return [poll_json(poll, answers.get(poll.id, []), staff=staff) for poll in polls]


def poll_json(poll: Poll, answers: list[PollAnswer], *, staff: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        'id': str(poll.id),
        'question': poll.question,
        'kind': poll.kind.value,
        'state': poll.state.value,
        'options': list(poll.options),
        'multiple': poll.multiple,
        'room_id': str(poll.room_id) if poll.room_id else None,
        'position': poll.position,
        'results_visible': poll.results_visible,
        'answers': len(answers),
        'results': results(poll, answers) if staff or poll.results_visible else None,
    }
    if staff:
        data['blocked_words'] = list(poll.blocked_words)
    return data


def _counted(poll: Poll, answer: PollAnswer, extra: frozenset[str]) -> list[str]:
    """The labels one answer counts for."""
    if poll.kind == PollKind.CHOICE:
        return [str(i) for i in answer.choices if 0 <= i < len(poll.options)]
    if poll.kind == PollKind.SCALE:
        return [str(v) for v in answer.choices]
    return [w for w in answer.words if not blocked(w, extra)]


def results(poll: Poll, answers: list[PollAnswer]) -> dict[str, Any]:
    """Counts per option (choice), per value 1–5 (scale) or per phrase (words, most frequent first)."""
    extra = frozenset(poll.blocked_words)
    overall: Counter[str] = Counter()
    per_group: defaultdict[str, Counter[str]] = defaultdict(Counter)
    people: Counter[str] = Counter()
    for answer in answers:
        group = answer.group.value if hasattr(answer.group, 'value') else str(answer.group)
        people[group] += 1
        for label in _counted(poll, answer, extra):
            overall[label] += 1
            per_group[group][label] += 1
    if poll.kind == PollKind.CHOICE:
        keys = [str(i) for i in range(len(poll.options))]
        labels = list(poll.options)
    elif poll.kind == PollKind.SCALE:
        keys = labels = list(SCALE_VALUES)
    else:
        keys = labels = [w for w, _n in sorted(overall.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_WORDS]]
    merged: Counter[str] = Counter()
    by_group: dict[str, list[int]] = {}
    small = [g for g in people if people[g] < SMALL_GROUP]
    for group in sorted(people):
        if group in small:
            merged.update(per_group[group])
        else:
            by_group[group] = [per_group[group][k] for k in keys]
    if small:
        by_group[SMALLER_GROUPS] = [merged[k] for k in keys]
    total_values = sum(int(k) * overall[k] for k in keys) if poll.kind == PollKind.SCALE else 0
    scored = sum(overall[k] for k in keys) if poll.kind == PollKind.SCALE else 0
    return {
        'counts': [{'label': label, 'count': overall[key]} for key, label in zip(keys, labels, strict=True)],
        'by_group': by_group,
        'group_answers': {g: n for g, n in people.items() if g not in small} | (
            {SMALLER_GROUPS: sum(people[g] for g in small)} if small else {}),
        'mean': round(total_values / scored, 2) if scored else None,
    }
