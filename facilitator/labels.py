"""The one label table: the words a person sees for each code the app stores (db/enums.py values).

Pages, the live elements and the report all read their labels from here, through `_()`; no code is shown as it is.
The keys are the stored values; the names are the English source strings of the translation catalogue.
"""

from collections.abc import Mapping

from .i18n import _

GROUP_NAMES = {
    'government': 'Government, policymakers and regulators',
    'industry': 'Industry',
    'civil_society': 'Civil society',
    'academia': 'Academia',
    'international_organization': 'International organisation',
    'youth': 'Youth',
    'other': 'Other',
}
GROUP_SHORT_NAMES = {**GROUP_NAMES, 'government': 'Government'}
"""The report's column and table headings."""
KIND_NAMES = {'risk': 'Risk', 'opportunity': 'Opportunity', 'solution': 'Solution', 'question': 'Question',
              'comment': 'Comment'}
TAG_NAMES = {'key_takeaway': 'Key takeaway', 'actionable_solution': 'Actionable solution'}
HAND_NAMES = {'question': 'Question', 'comment': 'Comment', 'reply': 'Reply to the current speaker',
              'point_of_order': 'Point of order'}
STATUS_NAMES = {'scheduled': 'Not started yet', 'live': 'Live', 'ended': 'Ended'}
SEGMENT_KIND_NAMES = {'scene_setting': 'Scene-setting', 'showcase': 'Industry showcase', 'dialogue': 'Dialogue',
                      'custom': 'Other segment'}
SEGMENT_STATE_NAMES = {'pending': 'Pending', 'running': 'Running', 'paused': 'Paused', 'done': 'Done'}
SPEAKER_STATE_NAMES = {'waiting': 'Waiting', 'speaking': 'Speaking', 'done': 'Finished', 'skipped': 'Skipped'}
SPEAKER_KIND_NAMES = {'showcase': 'Presenter', 'hand': 'Raised hand'}
ROLE_NAMES = {'organizer': 'Organiser', 'moderator': 'Moderator', 'rapporteur': 'Rapporteur',
              'participant': 'Participant', 'public': 'Public'}
ROOMS_STATE_NAMES = {'open': 'Open', 'closed': 'Closed'}


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
