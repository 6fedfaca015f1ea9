"""The label table covers every stored code that a screen or the report shows, and never falls back to the code."""

from enum import StrEnum

import pytest

from db import enums
from facilitator import labels

TABLES: list[tuple[type[StrEnum], dict[str, str]]] = [
    (enums.StakeholderGroup, labels.GROUP_NAMES), (enums.StakeholderGroup, labels.GROUP_SHORT_NAMES),
    (enums.PostKind, labels.KIND_NAMES), (enums.PostTag, labels.TAG_NAMES), (enums.HandType, labels.HAND_NAMES),
    (enums.SessionStatus, labels.STATUS_NAMES), (enums.SegmentKind, labels.SEGMENT_KIND_NAMES),
    (enums.SegmentState, labels.SEGMENT_STATE_NAMES), (enums.SpeakerState, labels.SPEAKER_STATE_NAMES),
    (enums.SpeakerKind, labels.SPEAKER_KIND_NAMES), (enums.Role, labels.ROLE_NAMES),
    (enums.RoomsState, labels.ROOMS_STATE_NAMES),
]


@pytest.mark.parametrize(('enum', 'names'), TABLES)
def test_every_code_has_words_that_are_not_the_code(enum: type[StrEnum], names: dict[str, str]) -> None:
    assert set(names) == {member.value for member in enum}
    assert all(name != code and '_' not in name for code, name in names.items())


def test_label_takes_a_code_or_a_member_and_never_returns_the_code() -> None:
    assert labels.group_label('civil_society') == labels.group_label(enums.StakeholderGroup.CIVIL_SOCIETY) \
        == 'Civil society'
    assert labels.status_label('live') == 'Live'
    assert labels.group_label('no_such_group') == ''
