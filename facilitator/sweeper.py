"""The one server-side clock job: close breakout rooms whose time and grace period ran out."""

import asyncio
import logging

from .service import FacilitatorService

log = logging.getLogger(__name__)


async def sweep_rooms(service: FacilitatorService, *, interval_s: float = 1.0) -> None:
    """Runs once per instance. Closing is idempotent, so several instances may run it side by side."""
    while True:
        try:
            service.close_expired_rooms()
        except Exception:
            log.exception('closing expired rooms failed')
        await asyncio.sleep(interval_s)
