"""The words of every email: confirmation, reminders, reschedule update, cancellation and the published outcome, as
text and HTML."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from babel.dates import format_date

from db.enums import MailKind

from .i18n import babel_locale, catalogue, supported

DEFAULT_LANGUAGE = 'en'

Gettext = Callable[[str], str]


@dataclass(frozen=True)
class MailFacts:
    """What a message says about one registrant and one session."""

    name: str
    title: str
    starts_at: datetime
    timezone: str
    location: str
    personal_url: str
    cancel_url: str
    series_title: str | None = None
    language: str = DEFAULT_LANGUAGE
    outcome_url: str = ''


@dataclass(frozen=True)
class MailText:
    subject: str
    text: str
    html: str


def translator(language: str) -> Gettext:
    """The catalogue of the reader's language (the one they registered in), whatever the server's own is."""
    return catalogue(supported(language) or DEFAULT_LANGUAGE).gettext


def when(facts: MailFacts) -> str:
    """The start in the session's zone, written in the reader's language, with the time in UTC beside it."""
    local = facts.starts_at.astimezone(ZoneInfo(facts.timezone))
    locale = babel_locale(supported(facts.language) or DEFAULT_LANGUAGE)
    day = format_date(local, format='full', locale=locale)
    return f'{day}, {local:%H:%M} ({facts.timezone}, {local:%Z}) · {facts.starts_at:%H:%M} UTC'


def _lead(kind: MailKind, facts: MailFacts, _: Gettext) -> tuple[str, str]:
    """The subject and the first sentence."""
    match kind:
        case MailKind.CONFIRMATION:
            return (_('You are registered: {title}').format(title=facts.title),
                    _('Thank you for registering for "{title}".').format(title=facts.title))
        case MailKind.REMINDER_24H:
            return (_('Tomorrow: {title}').format(title=facts.title),
                    _('"{title}" starts in 24 hours.').format(title=facts.title))
        case MailKind.REMINDER_1H:
            return (_('In one hour: {title}').format(title=facts.title),
                    _('"{title}" starts in one hour.').format(title=facts.title))
        case MailKind.UPDATE:
            return (_('New date: {title}').format(title=facts.title),
                    _('"{title}" has moved to a new date. The attached invitation updates your calendar.')
                    .format(title=facts.title))
        case MailKind.CANCEL:
            return (_('Cancelled: {title}').format(title=facts.title),
                    _('"{title}" has been cancelled. The attached file removes it from your calendar.')
                    .format(title=facts.title))
        case MailKind.OUTCOME:
            return (_('The outcome is published: {title}').format(title=facts.title),
                    _('The outcome of "{title}" is published: the summaries, the ideas with the most support and '
                      "the actionable solutions, without anyone's name.").format(title=facts.title))


def compose(kind: MailKind, facts: MailFacts) -> MailText:
    """Plain text and HTML with the same content; everything the reader can act on is a plain link too."""
    _ = translator(facts.language)
    subject, lead = _lead(kind, facts, _)
    greeting = _('Hello {name},').format(name=facts.name)
    rows = [(_('When'), when(facts)), (_('Where'), facts.location)]
    if kind == MailKind.CANCEL:
        actions: list[tuple[str, str]] = []
    elif kind == MailKind.OUTCOME:
        actions = [(_('Read the outcome'), facts.outcome_url)]
    else:
        actions = [(_('Your personal link to join (do not share it)'), facts.personal_url),
                   (_('Cannot come? Cancel your registration'), facts.cancel_url)]
    sign = facts.series_title or 'facilitator'
    text_lines = [greeting, '', lead, '', *(f'{k}: {v}' for k, v in rows), '']
    text_lines += [line for label, url in actions for line in (f'{label}:', url, '')]
    text_lines.append(f'— {sign}')
    html_rows = ''.join(f'<li><strong>{escape(k)}:</strong> {escape(v)}</li>' for k, v in rows)
    html_actions = ''.join(f'<p><a href="{escape(url)}">{escape(label)}</a><br>{escape(url)}</p>'
                           for label, url in actions)
    html = (f'<!doctype html><html><body><p>{escape(greeting)}</p><p>{escape(lead)}</p><ul>{html_rows}</ul>'
            f'{html_actions}<p>— {escape(sign)}</p></body></html>')
    return MailText(subject=subject, text='\n'.join(text_lines), html=html)
