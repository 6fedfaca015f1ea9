"""Builders for services, sessions and people used across the test suite."""

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

from db.engine import init_db, make_engine, sqlite_url
from facilitator.actors import Actor
from facilitator.clock import FakeClock
from facilitator.events import LocalEventBus, SessionChanged
from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService

ADMIN_TOKEN = 'test-organizer-token'
TEMPLATE = 'cop-industry-connect-2025-s2'


@dataclass
class World:
    """A service on a SQLite file, with a fake clock and a record of published events."""

    service: FacilitatorService
    clock: FakeClock
    events: list[SessionChanged]
    path: Path

    @property
    def organizer(self) -> Actor:
        return self.service.authenticate(None, ADMIN_TOKEN)

    def new_session(self, template: str = TEMPLATE, **kwargs: object) -> IssuedKeys:
        return self.service.create_session(self.organizer, template=template, **kwargs)  # type: ignore[arg-type]

    def moderator(self, issued: IssuedKeys) -> Actor:
        return self.service.authenticate(issued.code, issued.moderator_key)

    def rapporteur(self, issued: IssuedKeys) -> Actor:
        return self.service.authenticate(issued.code, issued.rapporteur_key)

    def participant(self, issued: IssuedKeys, name: str = 'Amina', group: str = 'civil_society') -> Actor:
        joined = self.service.join(issued.code, name=name, group=group)
        return self.service.authenticate(issued.code, joined.token)

    def restart(self) -> 'World':
        """A new service on the same database file, as after a process restart."""
        return make_world(self.path, clock=self.clock)


POSTGRES_URL = os.environ.get('FACILITATOR_TEST_DATABASE_URL', '')
"""Set it to a PostgreSQL URL to run the domain tests there: each world gets a schema of its own."""


def world_engine(path: Path) -> Engine:
    """SQLite in `path`; or, with FACILITATOR_TEST_DATABASE_URL, a PostgreSQL schema named after `path`."""
    if not POSTGRES_URL:
        return make_engine(sqlite_url(path))
    schema = 't' + hashlib.sha256(str(path).encode()).hexdigest()[:20]
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS {schema}'))
    admin.dispose()
    return make_engine(POSTGRES_URL, search_path=schema)


def make_world(path: Path, *, clock: FakeClock | None = None) -> World:
    engine = world_engine(path)
    init_db(engine)
    bus = LocalEventBus()
    events: list[SessionChanged] = []
    bus.subscribe(events.append)
    fake = clock or FakeClock()
    service = FacilitatorService(engine=engine, admin_token=ADMIN_TOKEN, public_url='http://testserver', bus=bus,
                                 clock=fake)
    return World(service=service, clock=fake, events=events, path=path)


def json_state(service: FacilitatorService, code: str, *, staff: bool = False) -> dict[str, Any]:
    """The snapshot as API clients and browsers read it: the model's JSON (what `GET /state` serves)."""
    return service.state(code, staff=staff).model_dump(mode='json')
