"""Session templates, built from the 2025 COP Industry Connect brief (shared/seed)."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from db.enums import SegmentKind

from .i18n import _

GENEVA = 'Europe/Zurich'
SERIES = 'COP Industry Connect'


@dataclass(frozen=True)
class SegmentTemplate:
    kind: SegmentKind
    title: str
    minutes: int
    description: str = ''


@dataclass(frozen=True)
class TopicTemplate:
    topic: str
    prompt: str = ''


@dataclass(frozen=True)
class SessionTemplate:
    id: str
    title: str
    day: date | None
    theme: str = ''
    key_themes: tuple[str, ...] = ()
    topics: tuple[TopicTemplate, ...] = ()
    segments: tuple[SegmentTemplate, ...] = field(default_factory=tuple)
    location: str = 'Online'
    hybrid: bool = False
    note: str = ''
    timezone: str = GENEVA
    local_start: time = time(14, 0)

    def starts_at(self) -> datetime | None:
        """14:00 Geneva local time (the brief's "CET", CEST in summer), in UTC."""
        if self.day is None:
            return None
        return datetime.combine(self.day, self.local_start, tzinfo=ZoneInfo(self.timezone)).astimezone(UTC)


def _format(scene: str, showcase: str) -> tuple[SegmentTemplate, ...]:
    return (
        SegmentTemplate(SegmentKind.SCENE_SETTING, 'Opening & scene-setting', 15, scene),
        SegmentTemplate(SegmentKind.SHOWCASE, 'Industry showcases', 45, showcase),
        SegmentTemplate(SegmentKind.DIALOGUE, 'Interactive dialogue', 60,
                        'Participants explore two core topics in breakout rooms, then report back to the plenary.'),
    )


_TEMPLATES: tuple[SessionTemplate, ...] = (
    SessionTemplate(
        id='cop-industry-connect-2025-s1',
        title='AI & Emerging Technologies: Prioritizing Children’s Rights and Safety',
        day=date(2025, 6, 5),
        theme='How AI and emerging technologies affect children’s rights and safety online, '
              'and how industry, policymakers and civil society can put children first.',
        topics=(
            TopicTemplate('Risks of AI for Children — From Generative Abuse Material to Manipulative Design',
                          'Which AI-driven risks to children worry you most, and what would reduce them?'),
            TopicTemplate('Safety by Design — Building Children’s Rights into AI Products',
                          'What practices put children’s rights and safety into AI systems from the start?'),
        ),
        segments=_format('UN and expert speakers outline how AI and emerging technologies affect children’s rights.',
                         'Leading tech companies share how they assess and mitigate AI risks for children.'),
    ),
    SessionTemplate(
        id='cop-industry-connect-2025-s2',
        title='Social Media & Child Protection: Addressing Risks, Responsibility, and Resilience',
        day=date(2025, 7, 17),
        theme='This session will explore how social media platforms can both pose risks and create '
              'opportunities for child online protection.',
        key_themes=(
            'Addressing exposure to harmful content, cyberbullying, and online grooming',
            'Leveraging social media as a channel for help-seeking and support',
            'Advancing rights-based and child-centered approaches to platform governance',
        ),
        topics=(
            TopicTemplate('Risks on Social Media — From Peer-to-Peer Violence to Harmful Interactions',
                          'Which risks do children face on social media, and what works against them?'),
            TopicTemplate('Opportunities for Support — Enabling Children’s Access to Protection through Social Media',
                          'How can social media help children find protection, help and support?'),
        ),
        segments=_format(
            'UN and expert speakers outline how children’s rights are affected and at the same time can be '
            'strengthened on social media.',
            'Leading tech companies share insights on current trends and platform interventions to address risks '
            'and promote safe access to protection for children online.'),
    ),
    SessionTemplate(
        id='cop-industry-connect-2025-s3',
        title='Gaming & Online Safety: Creating Safe and Inclusive Virtual Playgrounds',
        day=date(2025, 10, 30),
        theme='How games and virtual worlds can be safe and inclusive playgrounds for children.',
        topics=(
            TopicTemplate('Risks in Virtual Playgrounds — From In-Game Harassment to Grooming and Exploitative Design',
                          'Which risks do children meet in games and virtual worlds, and what reduces them?'),
            TopicTemplate('Inclusive Play — Designing Games Where Every Child Is Safe and Welcome',
                          'What makes a game or platform safe and inclusive for every child?'),
        ),
        segments=_format('UN and expert speakers outline children’s rights and safety in gaming.',
                         'Games and platform companies share their safety and inclusion practices.'),
        location='Hybrid: online and in person',
        hybrid=True,
        note='Rescheduled from 17 September 2025 to 30 October 2025; held online and in person (hybrid).',
    ),
    SessionTemplate(
        id='cop-industry-connect-2025-s4',
        title='Streaming & EdTech Platforms: Ensuring Age-Appropriate Digital Learning and Entertainment',
        day=date(2025, 12, 17),
        theme='How streaming and education technology platforms can offer age-appropriate learning '
              'and entertainment.',
        topics=(
            TopicTemplate('Age-Appropriate Streaming — Content, Recommendations and Age Assurance',
                          'How can streaming platforms keep what children see appropriate for their age?'),
            TopicTemplate('Safe Digital Learning — Privacy and Protection in EdTech',
                          'What should EdTech providers and schools do to protect children’s data and safety?'),
        ),
        segments=_format('UN and expert speakers outline children’s rights in streaming and digital learning.',
                         'Streaming and EdTech companies share age-appropriate design practices.'),
    ),
    SessionTemplate(
        id='custom',
        title='New dialogue session',
        day=None,
        topics=(TopicTemplate('Topic 1'), TopicTemplate('Topic 2')),
        segments=_format('', ''),
    ),
)

TEMPLATES: dict[str, SessionTemplate] = {t.id: t for t in _TEMPLATES}


def template_ids() -> list[str]:
    return list(TEMPLATES)


def template_label(template: SessionTemplate) -> str:
    if template.id == 'custom':
        return _('Custom session')
    return f'{SERIES} {template.day:%Y} · {template.title}'
