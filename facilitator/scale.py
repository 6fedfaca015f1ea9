"""What several instances on one PostgreSQL database share, besides the tables: the bus's connection string, the
secrets (NiceGUI's storage secret, the organizer token's hash), the join cap and the resync after a lost bus."""

import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from db import scale_repository as shared

from .clock import Clock
from .errors import NotFound, RateLimited
from .i18n import _
from .join_limit import WINDOW_S, JoinLimiter
from .live import LiveFeed
from .security import hash_secret, new_secret
from .service import FacilitatorService
from .settings import Settings

log = logging.getLogger(__name__)


def is_postgres(database_url: str) -> bool:
    return database_url.startswith(('postgres://', 'postgresql://', 'postgresql+'))


def conninfo(database_url: str) -> str:
    """libpq's URI for a `DATABASE_URL` (the bus opens its own connections with psycopg, outside the pool)."""
    url = make_url(database_url.replace('postgres://', 'postgresql://', 1))
    return url.set(drivername='postgresql').render_as_string(hide_password=False)


@dataclass(frozen=True)
class SharedSecrets:
    storage_secret: str
    admin_hash: str
    admin_token: str | None
    """the organizer token in clear when this instance knows it (configured, or generated just now)"""
    generated: bool


def shared_secrets(settings: Settings, engine: Engine) -> SharedSecrets:
    """Secrets every instance must agree on. A configured one (`FACILITATOR_STORAGE_SECRET`,
    `FACILITATOR_ADMIN_TOKEN`) wins; otherwise the first instance stores one in the database (seeded from its data
    directory's file when there is one, so a single instance keeps its old secret) and the others take it. Only the
    organizer token's hash is stored."""
    local = {name: (settings.data_dir / f'{name}.secret') for name in ('storage_secret', 'admin_token')}
    known = {name: path.read_text().strip() for name, path in local.items() if path.exists()}
    with Session(engine) as db:
        if settings.storage_secret is not None and settings.storage_secret.get_secret_value():
            storage = settings.storage_secret.get_secret_value()
        else:
            storage, _made = shared.shared_secret(db=db, name='storage_secret',
                                                  make=lambda: known.get('storage_secret') or new_secret())
        if settings.admin_token is not None and settings.admin_token.get_secret_value():
            token: str | None = settings.admin_token.get_secret_value()
            assert token is not None
            admin_hash, generated = hash_secret(token), False
        else:
            candidate = known.get('admin_token') or new_secret()
            admin_hash, made = shared.shared_secret(db=db, name='admin_token_hash', make=lambda: hash_secret(candidate))
            token = candidate if admin_hash == hash_secret(candidate) else None
            generated = made and 'admin_token' not in known
        db.commit()
    return SharedSecrets(storage_secret=storage, admin_hash=admin_hash, admin_token=token, generated=generated)


class SharedJoinLimiter(JoinLimiter):
    """The join cap per address counted in the database, so the instances share one window per address.
    Blocking: call `check` in the worker pool."""

    def __init__(self, engine: Engine, limit: int = 3000, *, trusted_proxies: Iterable[str] = (),
                 clock: Clock) -> None:
        super().__init__(limit, trusted_proxies=trusted_proxies)
        self.engine, self.clock = engine, clock

    def check(self, address: str) -> None:
        now = self.clock()
        try:
            with Session(self.engine) as db:
                count, started = shared.count_in_window(db=db, key=f'join:{address}'[:200], now=now, window_s=WINDOW_S)
                db.commit()
        except DBAPIError as error:  # the join itself will say that the database is away
            log.warning('join limit not counted: %s', error)
            return
        if count > self.limit:
            retry = max(1, math.ceil((started + timedelta(seconds=WINDOW_S) - now).total_seconds()))
            raise RateLimited(_('Too many people joined from this address just now. Try again in {n} s.')
                              .format(n=retry), retry_after=retry)


def resync_served(service: FacilitatorService, feed: LiveFeed) -> None:
    """After the bus lost its connection, every session this instance serves is sent again from stored state, so no
    page keeps a change it missed, and no snapshot cached for `GET /state` outlives a change it missed either.
    Blocking (reads each session): the bus calls it in its listener thread."""
    service.snapshots.forget_all()
    for code in sorted(feed.listened()):
        try:
            version = service.stored_version(code)
        except NotFound:
            continue
        except DBAPIError as error:
            log.warning('resync of %s failed: %s', code, error)
            continue
        feed.resync(code, version)
