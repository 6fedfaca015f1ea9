"""The one server-side clock job: close breakout rooms whose time and grace period ran out."""

import asyncio
import logging

from db.scale_repository import run_exclusive

from .errors import DatabaseBusy
from .service import FacilitatorService
from .worker import run

log = logging.getLogger(__name__)


async def sweep_rooms(service: FacilitatorService, *, interval_s: float = 1.0) -> None:
    """Runs on every instance; each tick runs on one instance at a time (a PostgreSQL advisory lock), so rooms close
    once and publish one event."""
    while True:
        try:
            await run(run_exclusive, service.engine, 'sweep rooms', service.close_expired_rooms)
        except DatabaseBusy as error:  # write_health has it; /api/health reports it
            log.debug('closing expired rooms waits: %s', error.reason)
        except Exception:
            log.exception('closing expired rooms failed')
        await asyncio.sleep(interval_s)
