"""The mail job: queue the reminders that are due, then deliver the outbox, in a worker thread, forever."""

import asyncio
import logging

from db.scale_repository import run_exclusive

from .service import FacilitatorService
from .settings import Settings
from .worker import run

log = logging.getLogger(__name__)


def configure(service: FacilitatorService, settings: Settings) -> bool:
    """Turn email on from the settings. False (and a log line) when it stays off."""
    url = settings.smtp_url.get_secret_value() if settings.smtp_url else ''
    if not url:
        log.info('FACILITATOR_SMTP_URL is unset: no email is sent')
        return False
    service.configure_mail(url, settings.mail_from)
    return True


async def send_mail(service: FacilitatorService, *, interval_s: float = 5.0) -> None:
    """Runs on every instance; each tick runs on one instance at a time (a PostgreSQL advisory lock). The blocking work
    runs in a thread, so the event loop never waits for SMTP."""

    def tick() -> None:
        service.queue_reminders()
        service.deliver_due_mail()

    while True:
        try:
            await run(run_exclusive, service.engine, 'send mail', tick)
        except Exception:
            log.exception('the mail job failed; it tries again')
        await asyncio.sleep(interval_s)
