"""The retention job: personal data goes `FACILITATOR_RETENTION_DAYS` after a session's scheduled end."""

import asyncio
import logging

from .privacy import PrivacyCommands
from .worker import run

log = logging.getLogger(__name__)


async def purge_expired_sessions(service: PrivacyCommands, *, retention_days: int,
                                 interval_s: float = 3600.0) -> None:
    """Runs once per instance, hourly; purging is idempotent, so several instances may run it side by side."""
    while True:
        try:
            await run(service.purge_expired, retention_days=retention_days)
        except Exception:
            log.exception('purging expired sessions failed')
        await asyncio.sleep(interval_s)
