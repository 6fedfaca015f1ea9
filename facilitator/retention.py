"""The retention job: personal data goes `FACILITATOR_RETENTION_DAYS` after a session's scheduled end."""

import asyncio
import logging

from db.scale_repository import run_exclusive

from .privacy import PrivacyCommands
from .worker import run

log = logging.getLogger(__name__)


async def purge_expired_sessions(service: PrivacyCommands, *, retention_days: int,
                                 interval_s: float = 3600.0) -> None:
    """Runs on every instance, hourly; each tick runs on one instance at a time (a PostgreSQL advisory lock)."""
    while True:
        try:
            await run(run_exclusive, service.engine, 'purge expired sessions',
                      lambda: service.purge_expired(retention_days=retention_days))
        except Exception:
            log.exception('purging expired sessions failed')
        await asyncio.sleep(interval_s)
