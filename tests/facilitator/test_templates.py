"""The session templates, checked against the 2025 COP Industry Connect brief."""

from datetime import date

import pytest

from db.enums import SegmentKind
from facilitator.templates import GENEVA, TEMPLATES, template_ids, template_label

from .helpers import utc

SESSIONS = {
    'cop-industry-connect-2025-s1': (date(2025, 6, 5), 'AI & Emerging Technologies'),
    'cop-industry-connect-2025-s2': (date(2025, 7, 17), 'Social Media & Child Protection'),
    'cop-industry-connect-2025-s3': (date(2025, 10, 30), 'Gaming & Online Safety'),
    'cop-industry-connect-2025-s4': (date(2025, 12, 17), 'Streaming & EdTech Platforms'),
}


def test_the_four_sessions_and_custom_are_offered() -> None:
    assert template_ids() == [*SESSIONS, 'custom']


@pytest.mark.parametrize('template_id', [*SESSIONS, 'custom'])
def test_every_template_has_the_15_45_60_format_and_two_topics(template_id: str) -> None:
    spec = TEMPLATES[template_id]
    assert [(s.kind, s.minutes) for s in spec.segments] == [
        (SegmentKind.SCENE_SETTING, 15), (SegmentKind.SHOWCASE, 45), (SegmentKind.DIALOGUE, 60)]
    assert len(spec.topics) == 2
    assert all(t.topic for t in spec.topics)
    assert spec.timezone == GENEVA


@pytest.mark.parametrize(('template_id', 'expected'), SESSIONS.items())
def test_dated_sessions_match_the_series_agenda(template_id: str, expected: tuple[date, str]) -> None:
    spec = TEMPLATES[template_id]
    assert spec.day == expected[0]
    assert spec.title.startswith(expected[1])
    assert template_label(spec) == f'COP Industry Connect 2025 · {spec.title}'


@pytest.mark.parametrize(('template_id', 'utc_start'), [
    ('cop-industry-connect-2025-s1', utc(2025, 6, 5, 12)),  # CEST
    ('cop-industry-connect-2025-s2', utc(2025, 7, 17, 12)),  # CEST
    ('cop-industry-connect-2025-s3', utc(2025, 10, 30, 13)),  # CET: summer time ended on 26 October
    ('cop-industry-connect-2025-s4', utc(2025, 12, 17, 13)),  # CET
])
def test_starts_are_14_00_geneva_time(template_id: str, utc_start: object) -> None:
    assert TEMPLATES[template_id].starts_at() == utc_start


def test_session_two_agenda_text_is_from_the_brief() -> None:
    spec = TEMPLATES['cop-industry-connect-2025-s2']
    assert spec.theme == ('This session will explore how social media platforms can both pose risks and create '
                          'opportunities for child online protection.')
    assert spec.key_themes == (
        'Addressing exposure to harmful content, cyberbullying, and online grooming',
        'Leveraging social media as a channel for help-seeking and support',
        'Advancing rights-based and child-centered approaches to platform governance',
    )
    assert [t.topic for t in spec.topics] == [
        'Risks on Social Media — From Peer-to-Peer Violence to Harmful Interactions',
        'Opportunities for Support — Enabling Children’s Access to Protection through Social Media',
    ]
    assert spec.segments[0].description.startswith('UN and expert speakers outline how children’s rights')
    assert spec.segments[1].description.startswith('Leading tech companies share insights')
    assert (spec.location, spec.hybrid, spec.note) == ('Online', False, '')


def test_session_three_is_rescheduled_and_hybrid() -> None:
    spec = TEMPLATES['cop-industry-connect-2025-s3']
    assert spec.hybrid is True
    assert 'Rescheduled from 17 September 2025 to 30 October 2025' in spec.note
    assert 'hybrid' in spec.note


def test_only_session_three_is_hybrid() -> None:
    assert [t.id for t in TEMPLATES.values() if t.hybrid] == ['cop-industry-connect-2025-s3']


def test_custom_has_no_date_and_no_fixed_start() -> None:
    spec = TEMPLATES['custom']
    assert spec.day is None
    assert spec.starts_at() is None
    assert template_label(spec) == 'Custom session'
