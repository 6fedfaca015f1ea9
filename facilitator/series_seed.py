"""The 2025 COP Industry Connect series from the seed brief, as data an organiser can create in one step."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from .actors import Actor
from .organizer import IssuedKeys
from .service import FacilitatorService
from .templates import GENEVA, TEMPLATES

SLUG_2025 = 'cop-industry-connect-2025'
TITLE_2025 = 'COP Industry Connect 2025: Quarterly Cross-Sector Dialogues on Child Online Protection'
ABOUT_2025 = (
    'ITU Industry Connect is a quarterly online dialogue series bringing together key players from across sectors '
    'to tackle emerging challenges in Child Online Protection (COP). Each session is designed as a dynamic, '
    'solution-oriented exchange, fostering collaboration between policymakers, technology leaders, civil society, '
    'academia, and international organizations.\n\n'
    'Through 2-hour virtual discussions, the series aims to build collective strategies, share insights and good '
    'practices, and promote a safer digital world for children.')
OBJECTIVES_2025 = (
    'Foster cross-sectoral dialogue on the latest developments, challenges, and opportunities in COP.',
    'Facilitate direct engagement between policymakers and industry leaders on current and emerging trends.',
    'Encourage the sharing of innovative practices and approaches from across the digital ecosystem.',
    'Identify actionable solutions to support global and local efforts in protecting children online.',
    'Leverage ITU’s role as a neutral convener to promote inclusive, multi-stakeholder collaboration.',
)
FORMAT_2025 = (
    'Four sessions in 2025, 2 hours each, 14:00–16:00 Geneva time: 15 minutes of expert scene-setting, '
    '45 minutes of industry presentations and 60 minutes of interactive multi-stakeholder dialogue. '
    'Online (details shared upon registration); Session 3 is hybrid, online and in person in Geneva.')
SESSIONS_2025 = (
    ('cop-industry-connect-2025-s1', None),
    ('cop-industry-connect-2025-s2', None),
    # announced for 17 September, then rescheduled to 30 October (and made hybrid): created on the first date
    # and moved, so its calendar entries and the page show the change
    ('cop-industry-connect-2025-s3', date(2025, 9, 17)),
    ('cop-industry-connect-2025-s4', None),
)


def geneva_2pm(day: date) -> datetime:
    return datetime.combine(day, time(14, 0), tzinfo=ZoneInfo(GENEVA)).astimezone(UTC)


def create_2025_series(service: FacilitatorService, actor: Actor, *, registration_required: bool = False,
                       privacy_url: str = '') -> list[IssuedKeys]:
    """Create the series and its four sessions (Conflict `series_exists` when it is there already)."""
    service.create_series(actor, slug=SLUG_2025, title=TITLE_2025, description=ABOUT_2025,
                          objectives=list(OBJECTIVES_2025), format=FORMAT_2025, timezone=GENEVA,
                          privacy_url=privacy_url)
    issued = []
    for template, announced in SESSIONS_2025:
        first = geneva_2pm(announced) if announced else None
        keys = service.create_session(actor, template=template, starts_at=first, series=SLUG_2025,
                                      registration_required=registration_required)
        if announced is not None:
            service.update_session(actor, keys.code, starts_at=TEMPLATES[template].starts_at())
        issued.append(keys)
    return issued
