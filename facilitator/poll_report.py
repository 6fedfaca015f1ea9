"""Poll results in the report: the polls that ran (open or closed), counts overall and per stakeholder group.

Drafts never ran, so they stay out. Per-group counts keep the small-group rule of the snapshot."""

from collections.abc import Sequence
from typing import Any

from .feature_views import StaffPollView
from .i18n import _
from .poll_state import SMALLER_GROUPS
from .vocabulary import group_short_name


def _group(key: str) -> str:
    return _('Smaller groups') if key == SMALLER_GROUPS else group_short_name(key)


def report_polls(polls: Sequence[StaffPollView]) -> list[dict[str, Any]]:
    rows = []
    for poll in polls:
        if poll.state == 'draft' or poll.results is None:
            continue
        results = poll.results
        rows.append({
            'question': poll.question, 'kind': poll.kind, 'multiple': poll.multiple, 'answers': poll.answers,
            'counts': [{'label': c.label, 'count': c.count} for c in results.counts],
            'by_group': {_group(g): counts for g, counts in results.by_group.items()},
            'group_answers': {_group(g): n for g, n in results.group_answers.items()},
            'mean': results.mean,
        })
    return rows
