"""The composition root: settings, engine, service, API and pages, then `ui.run`."""

import argparse
import asyncio
import gc
import logging
import os
import sys
import uuid
from dataclasses import dataclass

from nicegui import app, background_tasks, ui
from sqlalchemy.engine import Engine

from api.errors import install_error_handlers
from api.headers import HostPolicy, install_host_guard, split_list
from api.language import install_language
from api.limits import WS_MAX_BYTES
from api.routes import register_api
from db.engine import init_db, make_engine
from db.files import secure_dir, secure_sqlite_file
from facilitator import worker
from facilitator.events import EventBus, LocalEventBus
from facilitator.heartbeat import Heartbeat, keep_beating, stop_beating
from facilitator.i18n import set_language
from facilitator.join_limit import JoinLimiter
from facilitator.live import LiveFeed
from facilitator.mail_job import configure as configure_mail
from facilitator.mail_job import send_mail
from facilitator.pg_bus import PgEventBus
from facilitator.retention import purge_expired_sessions
from facilitator.scale import SharedJoinLimiter, conninfo, is_postgres, resync_served, shared_secrets
from facilitator.service import FacilitatorService
from facilitator.settings import Settings
from facilitator.sweeper import sweep_rooms
from ui import page_language
from ui.app_setup import register_pages
from ui.socket_guard import install_socket_guard

log = logging.getLogger('facilitator')


def parse_cli(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='facilitator: a live companion for multi-stakeholder dialogues')
    parser.add_argument('--host', default=None)
    parser.add_argument('--port', type=int, default=None)
    parser.add_argument('--demo', action='store_true', help='create a demo session when the database has none')
    args, _unknown = parser.parse_known_args(argv)
    return args


@dataclass(frozen=True)
class Identity:
    """The bus and the secrets: this instance's own (SQLite), or shared by every instance (PostgreSQL)."""

    bus: EventBus
    admin_token: str
    admin_hash: str | None
    generated: bool
    storage_secret: str


def identity(settings: Settings, engine: Engine, database_url: str) -> Identity:
    if not is_postgres(database_url):
        admin_token, generated = settings.secret('admin_token')
        storage_secret, _new = settings.secret('storage_secret')
        return Identity(LocalEventBus(), admin_token, None, generated, storage_secret)
    shared = shared_secrets(settings, engine)
    bus = PgEventBus(conninfo(database_url), instance_id=uuid.uuid4().hex[:16])
    return Identity(bus, shared.admin_token or '', shared.admin_hash, shared.generated, shared.storage_secret)


def scale_out(service: FacilitatorService, feed: LiveFeed, bus: PgEventBus) -> None:
    """Several instances on one PostgreSQL database: the bus listens, resyncs after a lost connection, and the
    presence heartbeat adds up the instances' online counts."""
    bus.on_resync(lambda: resync_served(service, feed))
    app.on_startup(bus.start)
    app.on_shutdown(bus.close)
    heartbeat = Heartbeat(service, bus.instance_id)
    app.on_startup(lambda: background_tasks.create(keep_beating(heartbeat), name='presence heartbeat'))
    app.on_shutdown(lambda: stop_beating(heartbeat))


def build(settings: Settings, *, demo: bool = False) -> tuple[FacilitatorService, str]:
    """Wire everything together. Returns the service and the storage secret."""
    set_language(settings.language)
    secure_dir(settings.data_dir)
    database_url = settings.resolved_database_url()
    secure_sqlite_file(database_url)
    engine = make_engine(database_url)
    init_db(engine)
    ident = identity(settings, engine, database_url)
    admin_token, generated = ident.admin_token, ident.generated
    service = FacilitatorService(engine=engine, admin_token=admin_token, public_url=settings.resolved_public_url(),
                                 retention_days=settings.retention_days, bus=ident.bus, admin_hash=ident.admin_hash)
    app.state.facilitator = service  # the app owns the service; tests reach it here
    service.write_health.recheck()  # a read-only or locked database shows in /api/health from the start
    feed = LiveFeed(service)
    app.on_startup(lambda: feed.start(asyncio.get_running_loop()))
    if isinstance(ident.bus, PgEventBus):
        scale_out(service, feed, ident.bus)
    app.on_startup(lambda: background_tasks.create(sweep_rooms(service), name='sweep rooms'))
    app.on_startup(lambda: background_tasks.create(
        purge_expired_sessions(service, retention_days=settings.retention_days), name='purge expired sessions'))
    if configure_mail(service, settings):
        app.on_startup(lambda: background_tasks.create(send_mail(service), name='send mail'))
    app.on_shutdown(feed.close)
    install_error_handlers(app)
    policy = host_policy(settings)
    proxies = split_list(settings.trusted_proxies)
    app.state.join_limiter = SharedJoinLimiter(engine, settings.join_limit, trusted_proxies=proxies,
                                               clock=service.clock) if isinstance(ident.bus, PgEventBus) \
        else JoinLimiter(settings.join_limit, trusted_proxies=proxies)
    register_api(app, service, feed, policy=policy, join_limiter=app.state.join_limiter)
    install_host_guard(app, policy)
    install_socket_guard(max_bytes=WS_MAX_BYTES)
    install_language(app)  # after register_api: it wraps the API too
    page_language.install()
    register_pages(service, feed, locale=settings.language)
    if generated:
        where = 'the database (its hash)' if ident.admin_hash else settings.data_dir / 'admin_token.secret'
        log.warning('Generated an organizer token and stored it in %s', where)
    _announce(service, settings, admin_token, demo=demo, generated=generated)
    return service, ident.storage_secret


def host_policy(settings: Settings) -> HostPolicy:
    return HostPolicy.build(settings.resolved_public_url(), split_list(settings.allowed_hosts))


def _announce(service: FacilitatorService, settings: Settings, admin_token: str, *, demo: bool,
              generated: bool = False) -> None:
    """The start-up lines. The organizer token is printed only when it was generated just now: a supplied one (or
    one generated on an earlier start) is already known to whoever needs it, and logs travel."""
    from facilitator.demo import ensure_demo_session
    base = settings.resolved_public_url()
    login = f'{base}/organize?token={admin_token}' if generated else \
        f'{base}/organize (sign in with the organizer token)'
    lines = [f'facilitator on {base}', f'  organiser page:  {login}']
    if demo and admin_token:
        lines += ensure_demo_session(service, admin_token)
    print('\n'.join(lines), flush=True)


GC_THRESHOLDS = (100_000, 50, 1_000)


def tune_gc() -> None:
    """Rarer garbage collections. A broadcast to 1000 pages allocates many short-lived objects, and with the default
    thresholds every few broadcasts set off a full collection over every page's elements that stalls the loop for
    one to two seconds (measured with bench/broadcast.py: p95 2.1 s at 1000 pages, 0.4 s with these thresholds).
    Reference counting still frees almost everything at once; cycles wait a little longer."""
    spec = os.environ.get('FACILITATOR_GC', '')
    gc.set_threshold(*(tuple(int(x) for x in spec.split(',')) if spec else GC_THRESHOLDS))


SWITCH_INTERVAL_S = 0.001


def tune_switching() -> None:
    """How long a thread may hold the GIL while another waits for it (Python's default: 5 ms). Database work runs in
    the worker pool's threads (facilitator/worker.py); the event loop gives the GIL up at every socket write, and
    with a busy pool thread it waits up to this long to get it back, once per write. Measured with
    bench/state_readers.py (a broadcast to 100 pages of a 1,000-post room, 64 clients reading /state): p95 2.5 s
    with 5 ms, 0.76 s with 1 ms. FACILITATOR_SWITCH_INTERVAL sets it in seconds."""
    sys.setswitchinterval(float(os.environ.get('FACILITATOR_SWITCH_INTERVAL') or SWITCH_INTERVAL_S))


def main() -> None:
    args = parse_cli(sys.argv[1:]) if __name__ == '__main__' and 'pytest' not in sys.modules else None
    tune_gc()
    tune_switching()
    settings = Settings()
    if args is not None:
        settings.host = args.host or settings.host
        settings.port = args.port or settings.port
    _service, storage_secret = build(settings, demo=bool(args and args.demo))
    worker.COMMANDS.start()  # before the loop runs: it never waits for a new thread
    worker.READS.start()
    ui.run(host=settings.host, port=settings.port, title='facilitator', storage_secret=storage_secret,
           language=settings.language if settings.language != 'en' else 'en-GB', reload=False, show=False,
           favicon='🕒', session_middleware_kwargs=host_policy(settings).session_cookie_options(),
           ws_max_size=WS_MAX_BYTES, loop='api.accept_loop:new_event_loop')  # uvloop draining the accept queue


if __name__ in {'__main__', '__mp_main__'}:
    main()
