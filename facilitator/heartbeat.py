"""The presence heartbeat: with several instances, each writes its own online counts to the database every
`HEARTBEAT_S` and reads the others', so `online_count` is the sum over the live instances. An instance that stops
beating (killed, cut off) drops out once its rows are `EXPIRY_S` old: its pages leave the count within 30 s."""

import asyncio
import logging
from datetime import timedelta

from sqlmodel import Session

from db import scale_repository as shared

from .errors import NotFound
from .join_limit import WINDOW_S
from .service import FacilitatorService
from .worker import run

log = logging.getLogger(__name__)

HEARTBEAT_S = 5.0
EXPIRY_S = 20.0
FORGET_S = 3600.0
"""rows of instances dead this long are deleted"""


class Heartbeat:
    def __init__(self, service: FacilitatorService, instance_id: str) -> None:
        self.service, self.instance_id = service, instance_id

    def beat(self) -> set[str]:
        """Write this instance's counts, read the others'; announce the sessions whose total moved (and return them).
        Blocking: run it in the worker pool."""
        now = self.service.clock()
        since = now - timedelta(seconds=EXPIRY_S)
        with Session(self.service.engine) as db:
            shared.beat(db=db, instance_id=self.instance_id, counts=self.service.presence.local_counts(), now=now)
            shared.forget_instance(db=db, instance_id='', before=now - timedelta(seconds=FORGET_S))
            shared.purge_windows(db=db, before=now - timedelta(seconds=2 * WINDOW_S))  # the join cap's old windows
            rows = [(r.instance_id, r.session_code, r.online, r.seen_at)
                    for r in shared.presence_of_others(db=db, instance_id=self.instance_id, since=since)]
            db.commit()
        moved = self.service.presence.merge(rows, since=since, now=now)
        for code in moved:
            try:
                self.service.announce_people(code)
            except NotFound:
                continue
        return moved

    def stop(self) -> None:
        """This instance stops: its pages leave the count at once rather than after `EXPIRY_S`."""
        with Session(self.service.engine) as db:
            shared.forget_instance(db=db, instance_id=self.instance_id)
            db.commit()


async def stop_beating(heartbeat: Heartbeat, *, timeout_s: float = 3.0) -> None:
    """On shutdown: leave the count at once, but never hold the shutdown up for an unreachable database."""
    try:
        await asyncio.wait_for(run(heartbeat.stop), timeout_s)
    except Exception as error:
        log.warning('presence rows not removed on shutdown (they expire by themselves): %s', error)


async def keep_beating(heartbeat: Heartbeat, *, interval_s: float = HEARTBEAT_S) -> None:
    while True:
        try:
            await run(heartbeat.beat)
        except Exception as error:  # the database is away: the others drop us after EXPIRY_S, and we them
            log.warning('presence heartbeat failed: %s', error)
        await asyncio.sleep(interval_s)
