"""The one label table: the words a person sees for each code the app stores (db/enums.py values).

Pages, the live elements and the report all read their labels from here, through `_()`; no code is shown as it is.
The keys are the stored values; the names are the English source strings of the translation catalogue, marked
with `N_()` so that the extraction finds them.
"""

from collections.abc import Mapping

from .i18n import N_, _

GROUP_NAMES = {
    'government': N_('Government, policymakers and regulators'),
    'industry': N_('Industry'),
    'civil_society': N_('Civil society'),
    'academia': N_('Academia'),
    'international_organization': N_('International organisation'),
    'youth': N_('Youth'),
    'other': N_('Other'),
}
SMALLER_GROUPS = 'smaller_groups'
"""The breakdown key for groups too small to show on their own (facilitator/small_groups.py); never a join option."""
GROUP_SHORT_NAMES = {**GROUP_NAMES, 'government': N_('Government')}
"""The report's column and table headings."""
BREAKDOWN_NAMES = {**GROUP_SHORT_NAMES, SMALLER_GROUPS: N_('Smaller groups')}
"""The keys of a group breakdown (votes_by_group, members_by_group) and their names."""
KIND_NAMES = {'risk': N_('Risk'), 'opportunity': N_('Opportunity'), 'solution': N_('Solution'),
              'question': N_('Question'), 'comment': N_('Comment')}
TAG_NAMES = {'key_takeaway': N_('Key takeaway'), 'actionable_solution': N_('Actionable solution')}
HAND_NAMES = {'question': N_('Question'), 'comment': N_('Comment'), 'reply': N_('Reply to the current speaker'),
              'point_of_order': N_('Point of order')}
QUEUE_ORDER_NAMES = {'raised': N_('In the order raised'), 'fewest_contributions': N_('Fewest contributions first'),
                     'least_time': N_('Least speaking time for their group first'),
                     'alternate_floor': N_('Alternate floor and online')}
STATUS_NAMES = {'scheduled': N_('Not started yet'), 'live': N_('Live'), 'ended': N_('Ended')}
SEGMENT_KIND_NAMES = {'scene_setting': N_('Scene-setting'), 'showcase': N_('Industry showcase'),
                      'dialogue': N_('Dialogue'), 'custom': N_('Other segment')}
SEGMENT_STATE_NAMES = {'pending': N_('Pending'), 'running': N_('Running'), 'paused': N_('Paused'), 'done': N_('Done')}
SPEAKER_STATE_NAMES = {'waiting': N_('Waiting'), 'speaking': N_('Speaking'), 'done': N_('Finished'),
                       'skipped': N_('Skipped')}
SPEAKER_KIND_NAMES = {'showcase': N_('Presenter'), 'hand': N_('Raised hand')}
ROLE_NAMES = {'organizer': N_('Organiser'), 'moderator': N_('Moderator'), 'rapporteur': N_('Rapporteur'),
              'participant': N_('Participant'), 'public': N_('Public')}
ROOMS_STATE_NAMES = {'open': N_('Open'), 'closed': N_('Closed')}
SOLUTION_STATUS_NAMES = {'proposed': N_('Proposed'), 'committed': N_('Committed'), 'in_progress': N_('In progress'),
                         'done': N_('Done')}
"""Where an actionable solution of a series stands (`SolutionStatus`)."""
TIMER_ACTION_NAMES = {'start': N_('start'), 'pause': N_('pause'), 'resume': N_('resume'), 'next': N_('next segment'),
                      'previous': N_('previous segment'), 'extend': N_('time change')}
"""What Undo takes back (`StaffSessionState.undo_action`), as the console names it: "Undo: next segment"."""

MODERATION_ACTION_NAMES = {'hide': N_('Posts hidden'), 'unhide': N_('Posts shown again'),
                           'rename': N_('Participants renamed'), 'remove': N_('Participants removed')}
"""The moderation decisions the report lists, each kind apart (`ModerationEntry.action`), in this order."""


def translated(names: Mapping[str, str]) -> dict[str, str]:
    """A table's names in the current language, by code."""
    return {code: _(name) for code, name in names.items()}


def label(names: Mapping[str, str], code: object) -> str:
    """The word for `code` (a str or an enum member); an unknown code gives an empty string, never the code."""
    value = getattr(code, 'value', code)
    return _(names[value]) if isinstance(value, str) and value in names else ''


def group_label(code: object) -> str:
    return label(GROUP_NAMES, code)


def status_label(code: object) -> str:
    return label(STATUS_NAMES, code)


def solution_status_label(code: object) -> str:
    return label(SOLUTION_STATUS_NAMES, code)
